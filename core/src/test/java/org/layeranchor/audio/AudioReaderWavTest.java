package org.layeranchor.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.layeranchor.testing.TestWav.FLOAT;
import static org.layeranchor.testing.TestWav.PCM;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.layeranchor.testing.TestWav;

class AudioReaderWavTest {
    private static final int RATE = Audio.TARGET_RATE;

    @ParameterizedTest(name = "{0} {1}-bit, extensible={2}")
    @CsvSource({
            "1, 8, false", "1, 16, false", "1, 24, false", "1, 32, false", "3, 32, false", "3, 64, false",
            "1, 8, true", "1, 16, true", "1, 24, true", "1, 32, true", "3, 32, true", "3, 64, true"})
    void everyEncodingDecodesToTheMeanOfTheChannels(int tag, int bits, boolean extensible) throws AudioException {
        float[] left = TestWav.tone(440, RATE, 0.05, 0.5);
        float[] right = TestWav.tone(1234, RATE, 0.05, 0.3);
        Audio a = AudioReader.read(TestWav.wav(tag, bits, RATE, extensible, left, right), "mem.wav");
        assertEquals(RATE, a.sampleRate());
        assertEquals(left.length, a.samples().length);
        // Quantisation error of each channel is at most half a step of 2^-(bits-1); the mean keeps that bound.
        double tolerance = tag == FLOAT ? 1e-7 : Math.pow(2, -(bits - 1)) / 2 + 1e-7;
        for (int i = 0; i < left.length; i++) {
            assertEquals((left[i] + right[i]) / 2, a.samples()[i], tolerance, "sample " + i);
        }
    }

    @Test
    void integerFullScaleMapsToMinusOneAndJustBelowOne() throws AudioException {
        // 8-bit is unsigned around 128; the others are two's complement.
        assertArrayEquals(new float[] {-1f, 0f, 127 / 128f},
                AudioReader.read(wavOfRawBytes(PCM, 8, new byte[] {0, (byte) 128, (byte) 255}), "u8").samples());
        ByteBuffer s16 = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN).putShort((short) -32768).putShort((short) 1)
                .putShort((short) 32767);
        assertArrayEquals(new float[] {-1f, 1 / 32768f, 32767 / 32768f},
                AudioReader.read(wavOfRawBytes(PCM, 16, s16.array()), "s16").samples());
        // 24-bit: -1 is ff ff ff (sign extension), 0x800000 is -1.0, 0x7fffff is just below 1.
        byte[] s24 = {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x00, 0x00, (byte) 0x80, (byte) 0xff, (byte) 0xff, 0x7f};
        assertArrayEquals(new float[] {-1 / 8388608f, -1f, 8388607 / 8388608f},
                AudioReader.read(wavOfRawBytes(PCM, 24, s24), "s24").samples());
        ByteBuffer s32 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(Integer.MIN_VALUE).putInt(1 << 30);
        assertArrayEquals(new float[] {-1f, 0.5f}, AudioReader.read(wavOfRawBytes(PCM, 32, s32.array()), "s32").samples());
    }

    @Test
    void anyChannelCountIsAveraged() throws AudioException {
        float[][] six = new float[6][];
        double sum = 0;
        for (int c = 0; c < 6; c++) {
            float v = (c - 2) * 0.1f;
            six[c] = new float[] {v, v, v, v};
            sum += v;
        }
        float[] mono = AudioReader.read(TestWav.wav(FLOAT, 32, RATE, true, six), "5.1.wav").samples();
        assertEquals(4, mono.length);
        for (float m : mono) {
            assertEquals(sum / 6, m, 1e-7);
        }
    }

    @Test
    void unknownChunksAreSkippedIncludingOddSizedOnesWithTheirPadByte() throws AudioException {
        float[] x = TestWav.tone(300, RATE, 0.01, 0.5);
        byte[] plain = TestWav.wav(PCM, 16, RATE, false, x);
        byte[] withChunks = TestWav.riff(
                TestWav.chunk("LIST", new byte[] {'I', 'N', 'F', 'O', 'x'}), // 5 bytes + pad
                TestWav.fmt(PCM, 1, RATE, 16),
                TestWav.chunk("fact", new byte[] {1, 2, 3}),                 // 3 bytes + pad
                TestWav.chunk("junk", new byte[0]),
                TestWav.data(TestWav.encode(PCM, 16, x)),
                TestWav.chunk("id3 ", new byte[] {9}));
        assertArrayEquals(AudioReader.read(plain, "plain").samples(), AudioReader.read(withChunks, "chunks").samples());
    }

    @Test
    void an8BitMonoFileWithAnOddDataSizeKeepsEverySample() throws AudioException {
        byte[] bytes = TestWav.riff(TestWav.fmt(PCM, 1, 8000, 8), TestWav.data(new byte[] {(byte) 128, (byte) 192, 64}),
                TestWav.chunk("LIST", new byte[] {1, 2}));
        Audio a = AudioReader.decode(bytes, "odd.wav");
        assertArrayEquals(new float[] {0f, 0.5f, -0.5f}, a.samples());
        assertEquals(8000, a.sampleRate());
    }

    @Test
    void formatComesFromTheBytesNotTheExtension(@TempDir Path dir) throws IOException, AudioException {
        float[] x = TestWav.tone(500, RATE, 0.02, 0.25);
        Path misnamed = dir.resolve("really-a-wav.mp3");
        Files.write(misnamed, TestWav.wav(PCM, 16, RATE, false, x));
        Audio a = AudioReader.read(misnamed);
        assertEquals(x.length, a.samples().length);
        assertEquals(misnamed.toString(), a.source());
    }

    @Test
    void otherRatesAreResampledTo16kHz() throws AudioException {
        float[] x = TestWav.tone(1000, 44_100, 0.5, 0.5);
        Audio a = AudioReader.read(TestWav.wav(PCM, 24, 44_100, false, x, x), "cd.wav");
        assertEquals(Audio.TARGET_RATE, a.sampleRate());
        assertEquals(8000, a.samples().length); // ceil(22050 * 160 / 441)
        Audio kept = AudioReader.decode(TestWav.wav(PCM, 24, 44_100, false, x, x), "cd.wav");
        assertEquals(44_100, kept.sampleRate());
    }

    @Test
    void streamingWritersUnknownDataSizeMeansToTheEndOfTheFile() throws AudioException {
        float[] x = TestWav.tone(200, RATE, 0.01, 0.5);
        byte[] bytes = TestWav.riff(TestWav.fmt(PCM, 1, RATE, 16),
                TestWav.chunkWithDeclaredSize("data", -1, TestWav.encode(PCM, 16, x)));
        assertEquals(x.length, AudioReader.read(bytes, "stream.wav").samples().length);
    }

    private static byte[] wavOfRawBytes(int tag, int bits, byte[] raw) {
        return TestWav.riff(TestWav.fmt(tag, 1, RATE, bits), TestWav.data(raw));
    }
}
