package org.layeranchor.bench;

import java.io.ByteArrayOutputStream;

/**
 * Writes FLAC streams of one constant sample value: a STREAMINFO that declares any rate, total and
 * block size, then frames of CONSTANT subframes (a whole block in three bytes) with correct CRCs.
 * Such a file is tiny for its length, which makes it the "compressed digital silence" of issue 25
 * (299 s at 192 kHz in 208 kB) that the soak sends, and the tests' hostile FLAC streams.
 */
public final class ConstantFlac {
    /** The largest block a FLAC frame can hold. */
    public static final int MAX_BLOCK = 65_535;

    private ConstantFlac() {
    }

    /** The block size of {@link #silence}: the one most encoders use (a frame of 11 to 15 bytes per block). */
    public static final int SILENCE_BLOCK = 4096;

    /**
     * {@code seconds} of digital silence at {@code rate} (whole blocks, at most {@code seconds}), mono
     * 16-bit, its total declared in STREAMINFO: 299 s is 16 kB at 16 kHz and 208 kB at 192 kHz.
     */
    public static byte[] silence(int rate, double seconds) {
        long samples = (long) Math.floor(seconds * rate);
        long frames = samples / SILENCE_BLOCK;
        if (frames < 1 || frames > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("from 1 to 2^31 - 1 blocks of " + SILENCE_BLOCK + " samples, got " + samples
                    + " samples");
        }
        return constant(rate, frames * SILENCE_BLOCK, SILENCE_BLOCK, (int) frames, SILENCE_BLOCK, (short) 0);
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
            out.writeBytes(constantFrame(f, blockSize, value, 0b0000));
        }
        return out.toByteArray();
    }

    /** The metadata block header (last block, type 0, 34 bytes) and STREAMINFO. */
    public static byte[] streamInfo(int rate, long total, int maxBlock) {
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

    /**
     * One fixed-block-size frame: its header (block size in the 16-bit field, sample rate by the 4-bit
     * {@code rateCode}, 0 = from STREAMINFO) and a CONSTANT subframe of {@code value}.
     */
    public static byte[] constantFrame(int number, int blockSize, short value, int rateCode) {
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
