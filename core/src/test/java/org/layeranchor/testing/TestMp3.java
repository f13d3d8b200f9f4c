package org.layeranchor.testing;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Writes MPEG-1 layer III streams of silent frames for tests: a 4-byte header and zero side
 * information (no coded bits), which every decoder turns into 1,152 samples of silence. The bit
 * rate of the first frame can differ from the rest (variable bit rate with no Xing/Info frame count),
 * which makes a header-based duration estimate wrong by that factor.
 */
public final class TestMp3 {
    public static final int RATE = 32_000;
    public static final int SAMPLES_PER_FRAME = 1152;
    private static final int[] KBPS = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};

    private TestMp3() {
    }

    /** {@code frames} mono frames at 32 kHz: the first at {@code firstKbps}, the others at {@code kbps}. */
    public static byte[] silentFrames(int firstKbps, int kbps, int frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int f = 0; f < frames; f++) {
            out.writeBytes(frame(f == 0 ? firstKbps : kbps));
        }
        return out.toByteArray();
    }

    static byte[] frame(int kbps) {
        int index = Arrays.stream(KBPS).boxed().toList().indexOf(kbps);
        if (index < 1) {
            throw new IllegalArgumentException("not an MPEG-1 layer III bit rate: " + kbps);
        }
        byte[] f = new byte[144 * kbps * 1000 / RATE];
        f[0] = (byte) 0xFF;
        f[1] = (byte) 0xFB;                  // MPEG-1, layer III, no CRC
        f[2] = (byte) (index << 4 | 2 << 2); // bit rate, 32 kHz, no padding
        f[3] = (byte) 0xC0;                  // mono
        return f;
    }
}
