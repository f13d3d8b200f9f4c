package org.layeranchor.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.layeranchor.testing.TestMp3;
import org.layeranchor.testing.TestWav;

class DeclaredDurationTest {
    private static byte[] fixture(String name) throws Exception {
        try (InputStream in = DeclaredDurationTest.class.getResourceAsStream("/org/layeranchor/audio/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void wavDurationIsItsDataOverBlockSizeAndRate() {
        float[] x = TestWav.tone(440, 44_100, 1.3, 0.3);
        byte[] stereo24 = TestWav.wav(TestWav.PCM, 24, 44_100, true, x, x);
        DeclaredDuration.Estimate e = DeclaredDuration.of(stereo24).orElseThrow();
        assertEquals(1.3, e.seconds(), 1e-9);
        assertTrue(e.exact());
        // A LIST chunk before the data, and a data chunk that claims more than the file holds.
        byte[] odd = TestWav.riff(TestWav.fmt(TestWav.PCM, 1, 16_000, 16), TestWav.chunk("LIST", new byte[5]),
                TestWav.chunkWithDeclaredSize("data", 1_000_000, new byte[32_000]));
        assertEquals(1.0, DeclaredDuration.of(odd).orElseThrow().seconds(), 1e-9);
    }

    @Test
    void flacDurationIsStreamInfosTotalSamplesOverRate() throws Exception {
        byte[] flac = fixture("two-tones-44k1-24bit-stereo.flac");
        assertEquals(0.1, DeclaredDuration.of(flac).orElseThrow().seconds(), 1e-9);
        // The same few kilobytes declaring ten hours: refused before anything is decoded.
        byte[] claims = flac.clone();
        long total = 44_100L * 36_000;
        claims[21] = (byte) ((claims[21] & 0xf0) | (int) ((total >>> 32) & 0x0f));
        for (int i = 0; i < 4; i++) {
            claims[22 + i] = (byte) (total >>> (24 - 8 * i));
        }
        assertEquals(36_000, DeclaredDuration.of(claims).orElseThrow().seconds(), 1e-6);
    }

    @Test
    void mp3DurationComesFromTheInfoFrameCountAndIsNeverEstimatedFromTheBitRate() throws Exception {
        byte[] mp3 = fixture("tone-1khz-44k1-stereo.mp3");
        DeclaredDuration.Estimate e = DeclaredDuration.of(mp3).orElseThrow();
        assertEquals(21 * 1152 / 44_100.0, e.seconds(), 1e-9);   // the Info header's 21 frames
        assertTrue(e.exact());
        byte[] noTag = mp3.clone();
        int tag = indexOf(noTag, "Info");
        System.arraycopy("Nope".getBytes(StandardCharsets.US_ASCII), 0, noTag, tag, 4);
        assertTrue(DeclaredDuration.of(noTag).isEmpty(), "without a frame count the header declares no duration");
        // Issue 25 row 12: VBR without Xing, first frame 32 kbit/s, the rest 320: no "declared" 10× length.
        assertTrue(DeclaredDuration.of(TestMp3.silentFrames(32, 320, 778)).isEmpty());
    }

    @Test
    void otherOrBrokenBytesDeclareNothing() {
        assertTrue(DeclaredDuration.of("plain text, no audio".getBytes(StandardCharsets.UTF_8)).isEmpty());
        assertTrue(DeclaredDuration.of(new byte[0]).isEmpty());
        byte[] wav = TestWav.wav(TestWav.PCM, 16, 16_000, false, new float[1600]);
        assertTrue(DeclaredDuration.of(Arrays.copyOf(wav, 20)).isEmpty());
        assertTrue(DeclaredDuration.of(new byte[] {'f', 'L', 'a', 'C', 0}).isEmpty());
    }

    private static int indexOf(byte[] b, String s) {
        byte[] t = s.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + t.length <= b.length; i++) {
            for (int j = 0; j < t.length; j++) {
                if (b[i + j] != t[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError(s + " not found");
    }
}
