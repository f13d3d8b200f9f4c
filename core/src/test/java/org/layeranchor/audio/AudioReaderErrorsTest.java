package org.layeranchor.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.layeranchor.testing.TestWav.FLOAT;
import static org.layeranchor.testing.TestWav.PCM;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.testing.TestWav;

/** Every kind of bad input gets its own message, starting with the file name. */
class AudioReaderErrorsTest {
    @TempDir
    Path dir;

    private AudioException failsOnFile(String name, byte[] bytes, AudioException.Kind kind, String expected)
            throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        AudioException e = assertThrows(AudioException.class, () -> AudioReader.read(f));
        assertEquals(kind, e.kind(), e.getMessage());
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        assertTrue(e.problem().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
        return e;
    }

    @Test
    void textIsNotAudio() throws IOException {
        failsOnFile("notes.wav", "hello, this is text\n".getBytes(StandardCharsets.UTF_8), AudioException.Kind.NOT_AUDIO,
                "not an audio file: starts with bytes 68 65 6c 6c");
        failsOnFile("empty.flac", new byte[0], AudioException.Kind.NOT_AUDIO, "empty file");
    }

    @Test
    void missingFileIsUnreadable() {
        Path f = dir.resolve("nope.wav");
        AudioException e = assertThrows(AudioException.class, () -> AudioReader.read(f));
        assertEquals(AudioException.Kind.UNREADABLE, e.kind());
        assertEquals(f + ": file not found", e.getMessage());
    }

    @Test
    void truncatedHeaders() throws IOException {
        byte[] wav = TestWav.wav(PCM, 16, 16000, false, new float[100]);
        failsOnFile("riff-only.wav", Arrays.copyOf(wav, 8), AudioException.Kind.TRUNCATED, "truncated RIFF header");
        failsOnFile("cut-in-fmt.wav", Arrays.copyOf(wav, 30), AudioException.Kind.TRUNCATED,
                "truncated WAV header: fmt chunk declares 16 bytes but only 10 remain");
        failsOnFile("no-data.wav", Arrays.copyOf(wav, 36), AudioException.Kind.TRUNCATED, "no data chunk");
    }

    @Test
    void truncatedData() throws IOException {
        byte[] wav = TestWav.wav(PCM, 16, 16000, false, new float[100]);
        failsOnFile("cut-in-data.wav", Arrays.copyOf(wav, wav.length - 51), AudioException.Kind.TRUNCATED,
                "data chunk declares 200 bytes but the file holds only 149");
    }

    @Test
    void corruptHeaders() throws IOException {
        byte[] zeroChannels = TestWav.riff(TestWav.fmt(PCM, 0, 16000, 16), TestWav.data(new byte[4]));
        failsOnFile("zero-ch.wav", zeroChannels, AudioException.Kind.CORRUPT, "0 channels");

        byte[] fmt = TestWav.fmt(PCM, 2, 16000, 16);
        fmt[8 + 12] = 3; // block align 3 cannot hold two 16-bit samples
        failsOnFile("align.wav", TestWav.riff(fmt, TestWav.data(new byte[12])), AudioException.Kind.CORRUPT,
                "block align 3 does not match 2 channel(s) of 16 bits");

        byte[] dataFirst = TestWav.riff(TestWav.data(new byte[4]), TestWav.fmt(PCM, 1, 16000, 16));
        failsOnFile("order.wav", dataFirst, AudioException.Kind.CORRUPT, "data chunk comes before any fmt chunk");

        byte[] zeroRate = TestWav.riff(TestWav.fmt(PCM, 1, 0, 16), TestWav.data(new byte[4]));
        failsOnFile("rate.wav", zeroRate, AudioException.Kind.CORRUPT, "sample rate 0");
    }

    @Test
    void zeroSamples() throws IOException {
        byte[] empty = TestWav.riff(TestWav.fmt(PCM, 1, 16000, 16), TestWav.data(new byte[0]));
        failsOnFile("empty-data.wav", empty, AudioException.Kind.NO_SAMPLES, "contains zero samples");
    }

    @Test
    void unsupportedEncodings() throws IOException {
        byte[] mulaw = TestWav.riff(TestWav.fmt(7, 1, 8000, 8), TestWav.data(new byte[8]));
        failsOnFile("phone.wav", mulaw, AudioException.Kind.UNSUPPORTED, "unsupported WAV encoding: µ-law (format tag 0x7)");
        byte[] float16 = TestWav.riff(TestWav.fmt(FLOAT, 1, 16000, 16), TestWav.data(new byte[8]));
        failsOnFile("half.wav", float16, AudioException.Kind.UNSUPPORTED, "16-bit float");
        byte[] ogg = "OggS\0\2\0\0\0\0\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1);
        failsOnFile("voice.wav", ogg, AudioException.Kind.UNSUPPORTED, "unsupported audio format: Ogg");
    }

    @Test
    void nanAndInfinitySamples() throws IOException {
        float[] x = {0.1f, Float.NaN, 0.2f, Float.POSITIVE_INFINITY};
        failsOnFile("nan.wav", TestWav.wav(FLOAT, 32, 16000, false, x), AudioException.Kind.NON_FINITE,
                "2 sample(s) are NaN or infinite (first at sample 1");
        double[] d = {0.0, Double.NEGATIVE_INFINITY};
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(d[0]).putDouble(d[1]);
        failsOnFile("inf.wav", TestWav.riff(TestWav.fmt(FLOAT, 1, 16000, 64), TestWav.data(b.array())),
                AudioException.Kind.NON_FINITE, "NaN or infinite");
    }

    @Test
    void damagedFlac() throws IOException {
        byte[] flac = fixture("two-tones-44k1-24bit-stereo.flac");
        failsOnFile("header-cut.flac", Arrays.copyOf(flac, 30), AudioException.Kind.TRUNCATED, "truncated FLAC header");
        failsOnFile("half.flac", Arrays.copyOf(flac, flac.length / 2), AudioException.Kind.TRUNCATED,
                "of the 4410 samples its header declares");
        byte[] flipped = flac.clone();
        flipped[flac.length - 200] ^= 0x24; // inside the last frame: its CRC-16 no longer matches
        failsOnFile("flipped.flac", flipped, AudioException.Kind.CORRUPT, "corrupt FLAC data");
    }

    @Test
    void truncatedMp3IsCaughtByItsInfoHeader() throws IOException {
        byte[] mp3 = fixture("tone-1khz-44k1-stereo.mp3");
        failsOnFile("half.mp3", Arrays.copyOf(mp3, mp3.length / 2), AudioException.Kind.TRUNCATED,
                "truncated MP3: 10 of the 21 frames its Xing/Info header declares");
    }

    @Test
    void mp3SyncFollowedByGarbage() throws IOException {
        byte[] junk = new byte[64];
        junk[0] = (byte) 0xff;
        junk[1] = (byte) 0xfb; // MPEG-1 layer III sync, then a header with "bad" bitrate/rate fields
        Arrays.fill(junk, 2, junk.length, (byte) 0xff);
        AudioException e = assertThrows(AudioException.class, () -> AudioReader.read(junk, "junk.mp3"));
        assertTrue(e.getMessage().startsWith("junk.mp3: "), e.getMessage());
        assertEquals(AudioException.Kind.CORRUPT, e.kind());
        assertEquals("junk.mp3: corrupt MP3: no decodable MPEG audio frames", e.getMessage());
    }

    @Test
    void inMemoryBodiesUseTheGivenName() {
        AudioException e = assertThrows(AudioException.class,
                () -> AudioReader.read("{\"json\": true}".getBytes(StandardCharsets.UTF_8), "upload #3"));
        assertTrue(e.getMessage().startsWith("upload #3: not an audio file"), e.getMessage());
    }

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = AudioReaderErrorsTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing test fixture " + name);
            }
            return in.readAllBytes();
        }
    }
}
