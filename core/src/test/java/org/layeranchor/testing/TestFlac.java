package org.layeranchor.testing;

import java.io.ByteArrayOutputStream;

/**
 * Writes FLAC streams bit by bit for tests, including hostile ones: a STREAMINFO that declares any
 * rate, total and block sizes, followed by frames of CONSTANT subframes (a whole block in three bytes),
 * with correct CRCs so that the decoder accepts every frame.
 */
public final class TestFlac {
    /** The largest block a FLAC frame can hold. */
    public static final int MAX_BLOCK = 65_535;

    private TestFlac() {
    }

    /**
     * A mono 16-bit stream: STREAMINFO declaring {@code rate}, {@code declaredTotal} samples (0 =
     * unknown) and {@code declaredMaxBlock}, then {@code frames} frames of {@code blockSize} samples of
     * the constant {@code value}.
     */
    public static byte[] constant(int rate, long declaredTotal, int declaredMaxBlock, int frames, int blockSize, short value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {'f', 'L', 'a', 'C'});
        out.writeBytes(streamInfo(rate, declaredTotal, declaredMaxBlock));
        for (int f = 0; f < frames; f++) {
            out.writeBytes(constantFrame(f, blockSize, value));
        }
        return out.toByteArray();
    }

    /**
     * Like {@link #constant} but every frame header states its own sample rate with the 4-bit code
     * {@code frameRateCode} (e.g. 0b1001 = 44.1 kHz, 0b0101 = 16 kHz) instead of deferring to STREAMINFO.
     */
    public static byte[] constantWithFrameRate(int streamInfoRate, int frameRateCode, int frames, int blockSize, short value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {'f', 'L', 'a', 'C'});
        out.writeBytes(streamInfo(streamInfoRate, (long) frames * blockSize, blockSize));
        for (int f = 0; f < frames; f++) {
            out.writeBytes(constantFrame(f, blockSize, value, frameRateCode));
        }
        return out.toByteArray();
    }

    /**
     * {@code flac} (as written by this class: STREAMINFO only) with one more metadata block of
     * {@code type} holding {@code body} right after STREAMINFO (which stops being the last block).
     */
    public static byte[] withMetadataBlock(byte[] flac, int type, byte[] body) {
        int afterStreamInfo = 4 + 4 + 34;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] head = java.util.Arrays.copyOf(flac, afterStreamInfo);
        int last = head[4] & 0x80; // the new block is last only if STREAMINFO was
        head[4] &= 0x7f;
        out.writeBytes(head);
        out.writeBytes(new byte[] {(byte) (last | type), (byte) (body.length >> 16), (byte) (body.length >> 8),
                (byte) body.length});
        out.writeBytes(body);
        out.write(flac, afterStreamInfo, flac.length - afterStreamInfo);
        return out.toByteArray();
    }

    /** The metadata block header (last block, type 0, 34 bytes) and STREAMINFO. */
    static byte[] streamInfo(int rate, long total, int maxBlock) {
        Bits b = new Bits();
        b.put(0x80, 8).put(34, 24);
        b.put(16, 16).put(maxBlock, 16);           // min, max block size
        b.put(0, 24).put(0, 24);                   // min, max frame size: unknown
        b.put(rate, 20).put(0, 3).put(15, 5);      // rate, channels - 1, bits - 1
        b.put(total >>> 32, 4).put(total & 0xffffffffL, 32);
        for (int i = 0; i < 16; i++) {
            b.put(0, 8);                           // MD5: unknown
        }
        return b.bytes();
    }

    /** One fixed-block-size frame: header (rate and size from STREAMINFO / the 16-bit field), a CONSTANT subframe. */
    static byte[] constantFrame(int number, int blockSize, short value) {
        return constantFrame(number, blockSize, value, 0b0000);
    }

    /** One frame as above whose sample rate is the 4-bit code {@code rateCode} (0 = from STREAMINFO). */
    static byte[] constantFrame(int number, int blockSize, short value, int rateCode) {
        Bits b = new Bits();
        b.put(0xFFF8, 16);                         // sync, reserved, fixed block size
        b.put(0b0111, 4).put(rateCode, 4);         // block size in 16 bits at the end; the rate code
        b.put(0b0000, 4).put(0b100, 3).put(0, 1);  // mono, 16 bits per sample
        for (byte x : utf8(number)) {
            b.put(x & 0xff, 8);
        }
        b.put(blockSize - 1, 16);
        b.put(crc8(b.bytes()), 8);
        b.put(0, 1).put(0, 6).put(0, 1);           // subframe: CONSTANT, no wasted bits
        b.put(value & 0xffff, 16);
        b.put(crc16(b.bytes()), 16);
        return b.bytes();
    }

    /** FLAC's "UTF-8" coding of a frame number. */
    static byte[] utf8(int v) {
        if (v < 0x80) {
            return new byte[] {(byte) v};
        }
        int extra = v < 0x800 ? 1 : v < 0x10000 ? 2 : v < 0x200000 ? 3 : v < 0x4000000 ? 4 : 5;
        byte[] out = new byte[extra + 1];
        for (int i = extra; i > 0; i--) {
            out[i] = (byte) (0x80 | (v & 0x3f));
            v >>>= 6;
        }
        out[0] = (byte) ((0xff00 >> extra + 1) & 0xff | v);
        return out;
    }

    static int crc8(byte[] data) {
        int crc = 0;
        for (byte d : data) {
            crc ^= d & 0xff;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 0x80) != 0 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
            }
        }
        return crc;
    }

    static int crc16(byte[] data) {
        int crc = 0;
        for (byte d : data) {
            crc ^= (d & 0xff) << 8;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 0x8000) != 0 ? ((crc << 1) ^ 0x8005) & 0xffff : (crc << 1) & 0xffff;
            }
        }
        return crc;
    }

    /** Big-endian bit writer. */
    private static final class Bits {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private long acc;
        private int n;

        Bits put(long value, int bits) {
            for (int i = bits - 1; i >= 0; i--) {
                acc = (acc << 1) | ((value >>> i) & 1);
                if (++n == 8) {
                    out.write((int) acc);
                    acc = 0;
                    n = 0;
                }
            }
            return this;
        }

        byte[] bytes() {
            if (n != 0) {
                throw new IllegalStateException("not byte-aligned");
            }
            return out.toByteArray();
        }
    }
}
