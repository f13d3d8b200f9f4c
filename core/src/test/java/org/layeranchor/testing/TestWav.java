package org.layeranchor.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes WAV files byte by byte for tests, including deliberately broken ones: every chunk can be
 * built separately and assembled in any order.
 */
public final class TestWav {
    public static final int PCM = 1;
    public static final int FLOAT = 3;
    public static final int EXTENSIBLE = 0xFFFE;

    private TestWav() {
    }

    /** A sine of the given frequency (Hz) and amplitude, sampled at {@code rate}. */
    public static float[] tone(double frequency, int rate, double seconds, double amplitude) {
        float[] x = new float[(int) Math.round(seconds * rate)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (amplitude * Math.sin(2 * Math.PI * frequency * i / rate));
        }
        return x;
    }

    /** A mono 16-bit PCM WAV file. */
    public static Path writeMono16(Path file, int rate, float[] samples) throws IOException {
        Files.write(file, wav(PCM, 16, rate, false, samples));
        return file;
    }

    /**
     * A complete WAV: {@code formatTag} {@link #PCM} or {@link #FLOAT}, written plain or as
     * WAVE_FORMAT_EXTENSIBLE, with one array per channel.
     */
    public static byte[] wav(int formatTag, int bits, int rate, boolean extensible, float[]... channels) {
        return riff(extensible ? fmtExtensible(formatTag, channels.length, rate, bits) : fmt(formatTag, channels.length, rate, bits),
                data(encode(formatTag, bits, channels)));
    }

    /** "RIFF" size "WAVE" followed by the chunks as given. */
    public static byte[] riff(byte[]... chunks) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("WAVE".getBytes(StandardCharsets.US_ASCII));
        for (byte[] c : chunks) {
            body.writeBytes(c);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(le32(body.size()));
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    /** A chunk with its 8-byte header and, for odd sizes, RIFF's pad byte. */
    public static byte[] chunk(String id, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(id.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(le32(body.length));
        out.writeBytes(body);
        if (body.length % 2 == 1) {
            out.write(0);
        }
        return out.toByteArray();
    }

    /** A data chunk whose size field says {@code declaredSize} whatever the body holds. */
    public static byte[] chunkWithDeclaredSize(String id, int declaredSize, byte[] body) {
        byte[] c = chunk(id, body);
        System.arraycopy(le32(declaredSize), 0, c, 4, 4);
        return c;
    }

    public static byte[] fmt(int formatTag, int channels, int rate, int bits) {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        int blockAlign = channels * ((bits + 7) / 8);
        b.putShort((short) formatTag).putShort((short) channels).putInt(rate).putInt(rate * blockAlign)
                .putShort((short) blockAlign).putShort((short) bits);
        return chunk("fmt ", b.array());
    }

    public static byte[] fmtExtensible(int subFormat, int channels, int rate, int bits) {
        ByteBuffer b = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        int blockAlign = channels * ((bits + 7) / 8);
        b.putShort((short) EXTENSIBLE).putShort((short) channels).putInt(rate).putInt(rate * blockAlign)
                .putShort((short) blockAlign).putShort((short) bits)
                .putShort((short) 22).putShort((short) bits).putInt(0) // cbSize, valid bits, channel mask
                .putShort((short) subFormat)
                .put(new byte[] {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38,
                        (byte) 0x9B, 0x71});
        return chunk("fmt ", b.array());
    }

    public static byte[] data(byte[] interleaved) {
        return chunk("data", interleaved);
    }

    /** Interleaves and encodes samples; integers are rounded from x·2^(bits-1) and saturated. */
    public static byte[] encode(int formatTag, int bits, float[]... channels) {
        int frames = channels[0].length;
        int width = (bits + 7) / 8;
        ByteBuffer b = ByteBuffer.allocate(frames * channels.length * width).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < frames; i++) {
            for (float[] ch : channels) {
                double v = ch[i];
                if (formatTag == FLOAT) {
                    if (bits == 32) {
                        b.putFloat((float) v);
                    } else {
                        b.putDouble(v);
                    }
                    continue;
                }
                long max = (1L << (bits - 1)) - 1;
                long q = Math.max(-max - 1, Math.min(max, Math.round(v * (max + 1))));
                switch (bits) {
                    case 8 -> b.put((byte) (q + 128));
                    case 16 -> b.putShort((short) q);
                    case 24 -> b.put((byte) q).put((byte) (q >> 8)).put((byte) (q >> 16));
                    case 32 -> b.putInt((int) q);
                    default -> throw new IllegalArgumentException(bits + " bits");
                }
            }
        }
        return b.array();
    }

    private static byte[] le32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }
}
