package org.layeranchor.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * How long audio says it is, read from its header without decoding: lets a service refuse a long
 * recording before spending memory on it (a few kilobytes of FLAC can declare hours of silence).
 * The decoded length remains the authority; this is the early, cheap look.
 *
 * <ul>
 *   <li>WAV: the data chunk's size (at most the bytes present) over the block size and rate.</li>
 *   <li>FLAC: STREAMINFO's total samples over its rate (unknown when the encoder wrote 0).</li>
 *   <li>MP3: the Xing/Info frame count when there is one; otherwise nothing. The file size over the
 *       first frame's bit rate is no header value: a variable-bit-rate file whose first frame is a
 *       32-kbit/s silent frame "lasts" ten times its length by it (issue 25: a 282-s file refused as
 *       638.1 s). Without a frame count the decoder enforces the budget as it decodes.</li>
 * </ul>
 */
public final class DeclaredDuration {
    private static final int[][] RATES = {{11_025, 12_000, 8_000}, {0, 0, 0}, {22_050, 24_000, 16_000}, {44_100, 48_000, 32_000}};

    /**
     * @param seconds the declared duration
     * @param exact   true: every value returned is stated by the header (bit-rate estimates are no
     *                longer made); kept so that callers written for estimates keep compiling
     */
    public record Estimate(double seconds, boolean exact) {
    }

    private DeclaredDuration() {
    }

    /** The declared duration, or empty when the header does not say (or is not one of the three formats). */
    public static Optional<Estimate> of(byte[] b) {
        try {
            if (startsWith(b, 0, "RIFF") && startsWith(b, 8, "WAVE")) {
                return wav(b);
            }
            if (startsWith(b, 0, "fLaC")) {
                return flac(b);
            }
            return mp3(b);
        } catch (IndexOutOfBoundsException e) {
            return Optional.empty(); // a header cut short: the decoder will say what is wrong
        }
    }

    private static Optional<Estimate> wav(byte[] b) {
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int blockAlign = 0;
        long rate = 0;
        int at = 12;
        while (at + 8 <= b.length) {
            String id = new String(b, at, 4, StandardCharsets.US_ASCII);
            long size = Integer.toUnsignedLong(buf.getInt(at + 4));
            int body = at + 8;
            if (id.equals("fmt ") && body + 16 <= b.length) {
                rate = Integer.toUnsignedLong(buf.getInt(body + 4));
                blockAlign = Short.toUnsignedInt(buf.getShort(body + 12));
            } else if (id.equals("data")) {
                long bytes = Math.min(size, b.length - (long) body);
                return blockAlign > 0 && rate > 0 ? Optional.of(new Estimate(bytes / (double) blockAlign / rate, true)) : Optional.empty();
            }
            at = (int) Math.min(Integer.MAX_VALUE, body + size + (size & 1));
        }
        return Optional.empty();
    }

    private static Optional<Estimate> flac(byte[] b) {
        // "fLaC", a 4-byte block header (STREAMINFO must come first), then 10 bytes of block and frame
        // sizes, then: sample rate (20 bits), channels - 1 (3), bits - 1 (5), total samples (36).
        if ((b[4] & 0x7f) != 0) {
            return Optional.empty();
        }
        int p = 18;
        long rate = ((b[p] & 0xffL) << 12) | ((b[p + 1] & 0xffL) << 4) | ((b[p + 2] & 0xf0L) >> 4);
        long total = ((b[p + 3] & 0x0fL) << 32) | ((b[p + 4] & 0xffL) << 24) | ((b[p + 5] & 0xffL) << 16)
                | ((b[p + 6] & 0xffL) << 8) | (b[p + 7] & 0xffL);
        return rate > 0 && total > 0 ? Optional.of(new Estimate(total / (double) rate, true)) : Optional.empty();
    }

    private static Optional<Estimate> mp3(byte[] b) {
        int at = AudioContainer.id3v2Length(b);
        if (at + 4 > b.length || (b[at] & 0xff) != 0xff || (b[at + 1] & 0xe0) != 0xe0) {
            return Optional.empty();
        }
        int version = (b[at + 1] >> 3) & 3;          // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5
        int layer = (b[at + 1] >> 1) & 3;            // 1 = layer III
        int rateIndex = (b[at + 2] >> 2) & 3;
        if (layer != 1 || version == 1 || rateIndex == 3) {
            return Optional.empty();
        }
        boolean mpeg1 = version == 3;
        int rate = RATES[version][rateIndex];
        int samplesPerFrame = mpeg1 ? 1152 : 576;
        boolean mono = ((b[at + 3] >> 6) & 3) == 3;
        int tag = at + 4 + (mpeg1 ? (mono ? 17 : 32) : (mono ? 9 : 17));
        if (tag + 12 <= b.length) {
            String id = new String(b, tag, 4, StandardCharsets.US_ASCII);
            if ((id.equals("Xing") || id.equals("Info")) && (b[tag + 7] & 1) != 0) {
                long frames = ByteBuffer.wrap(b, tag + 8, 4).getInt() & 0xffffffffL;
                return Optional.of(new Estimate(frames * samplesPerFrame / (double) rate, true));
            }
        }
        return Optional.empty(); // no frame count: see the class comment
    }

    private static boolean startsWith(byte[] b, int at, String ascii) {
        if (b.length < at + ascii.length()) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (b[at + i] != (byte) ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
