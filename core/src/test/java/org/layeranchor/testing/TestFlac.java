package org.layeranchor.testing;

import java.io.ByteArrayOutputStream;
import org.layeranchor.bench.ConstantFlac;

/**
 * FLAC streams for tests, including hostile ones: a STREAMINFO that declares any rate, total and block
 * sizes, followed by frames of CONSTANT subframes (a whole block in three bytes), with correct CRCs so
 * that the decoder accepts every frame. The bits are written by {@link ConstantFlac}, which the soak
 * uses too.
 */
public final class TestFlac {
    /** The largest block a FLAC frame can hold. */
    public static final int MAX_BLOCK = ConstantFlac.MAX_BLOCK;

    private TestFlac() {
    }

    /**
     * A mono 16-bit stream: STREAMINFO declaring {@code rate}, {@code declaredTotal} samples (0 =
     * unknown) and {@code declaredMaxBlock}, then {@code frames} frames of {@code blockSize} samples of
     * the constant {@code value}.
     */
    public static byte[] constant(int rate, long declaredTotal, int declaredMaxBlock, int frames, int blockSize, short value) {
        return ConstantFlac.constant(rate, declaredTotal, declaredMaxBlock, frames, blockSize, value);
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
        return ConstantFlac.streamInfo(rate, total, maxBlock);
    }

    /** One fixed-block-size frame: header (rate and size from STREAMINFO / the 16-bit field), a CONSTANT subframe. */
    static byte[] constantFrame(int number, int blockSize, short value) {
        return ConstantFlac.constantFrame(number, blockSize, value, 0b0000);
    }

    /** One frame as above whose sample rate is the 4-bit code {@code rateCode} (0 = from STREAMINFO). */
    static byte[] constantFrame(int number, int blockSize, short value, int rateCode) {
        return ConstantFlac.constantFrame(number, blockSize, value, rateCode);
    }
}
