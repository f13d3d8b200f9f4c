package org.layeranchor.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Decodes RIFF/WAVE: integer PCM (8-bit unsigned, 16/24/32-bit signed), IEEE float (32/64-bit) and
 * their WAVE_FORMAT_EXTENSIBLE forms, any channel count and rate; channels are averaged to mono.
 *
 * <p>Chunks other than {@code fmt } and {@code data} (LIST, fact, bext, cue, ...) are skipped, with
 * RIFF's pad byte after odd-sized chunks. The RIFF size field is ignored because many writers get it
 * wrong; a data chunk that claims more bytes than the file holds is reported as truncated, except for
 * the size 0xFFFFFFFF that streaming writers use for "unknown". Headers that contradict each other
 * are refused rather than guessed: a second fmt chunk, float samples far outside full scale.
 */
final class WavDecoder {
    private static final int FORMAT_PCM = 1;
    private static final int FORMAT_FLOAT = 3;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;
    /** Bytes 2..15 shared by the KSDATAFORMAT_SUBTYPE_* GUIDs (the first two hold the format tag). */
    private static final byte[] GUID_TAIL = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00,
            (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71};
    private static final long UNKNOWN_SIZE = 0xFFFFFFFFL;
    /** The largest float sample magnitude read (full scale is 1): 40 dB over full scale. */
    static final int MAX_FLOAT_MAGNITUDE = 100;
    /** Frames converted at a time. */
    private static final int BLOCK_FRAMES = 1 << 15;

    private WavDecoder() {
    }

    /** What the fmt chunk says, reduced to what decoding needs. */
    private record Format(boolean isFloat, int channels, int sampleRate, int blockAlign, int bytesPerSample) {
    }

    static Audio decode(byte[] b, String source, AudioLimits limits, MonoOutput.Opener output) throws AudioException {
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        Format format = null;
        long pos = 12;
        while (pos + 8 <= b.length) {
            String id = new String(b, (int) pos, 4, StandardCharsets.ISO_8859_1);
            long size = Integer.toUnsignedLong(buf.getInt((int) pos + 4));
            long body = pos + 8;
            long available = b.length - body;
            if (id.equals("fmt ")) {
                if (format != null) {
                    // Which of two formats the data is in cannot be told: either guess decodes confidently wrong audio.
                    throw new AudioException(source, AudioException.Kind.CORRUPT,
                            "inconsistent WAV header: a second fmt chunk at byte " + pos);
                }
                if (size > available) {
                    throw new AudioException(source, AudioException.Kind.TRUNCATED,
                            "truncated WAV header: fmt chunk declares " + size + " bytes but only " + available + " remain");
                }
                format = parseFormat(buf, (int) body, size, source);
            } else if (id.equals("data")) {
                if (format == null) {
                    throw new AudioException(source, AudioException.Kind.CORRUPT,
                            "corrupt WAV header: data chunk comes before any fmt chunk");
                }
                long length = size;
                if (size == UNKNOWN_SIZE) {
                    length = available;
                } else if (size > available) {
                    throw new AudioException(source, AudioException.Kind.TRUNCATED, "truncated: data chunk declares "
                            + size + " bytes but the file holds only " + available);
                }
                // A trailing partial frame (fewer bytes than one sample per channel) is dropped. The
                // frame count comes from bytes that are present, so it is checked before allocating.
                long frames = length / format.blockAlign();
                limits.requireDeclaredWithinBudget(frames, format.sampleRate(), source, "WAV");
                MonoOutput mono = output.open(format.sampleRate());
                decodeFrames(buf, (int) body, (int) frames, format, mono, source);
                return mono.finish();
            } else if (size > available) {
                throw new AudioException(source, AudioException.Kind.TRUNCATED, "truncated: chunk '" + printable(id)
                        + "' declares " + size + " bytes but only " + available + " remain, and no data chunk was found");
            }
            pos = body + size + (size & 1);
        }
        if (format == null) {
            throw new AudioException(source, b.length < 44 ? AudioException.Kind.TRUNCATED : AudioException.Kind.CORRUPT,
                    (b.length < 44 ? "truncated" : "corrupt") + " WAV header: no fmt chunk");
        }
        throw new AudioException(source, AudioException.Kind.TRUNCATED, "truncated WAV: no data chunk after the fmt chunk");
    }

    private static Format parseFormat(ByteBuffer buf, int at, long size, String source) throws AudioException {
        if (size < 16) {
            throw new AudioException(source, AudioException.Kind.CORRUPT,
                    "corrupt WAV header: fmt chunk has " + size + " bytes, needs at least 16");
        }
        int tag = Short.toUnsignedInt(buf.getShort(at));
        int channels = Short.toUnsignedInt(buf.getShort(at + 2));
        long rate = Integer.toUnsignedLong(buf.getInt(at + 4));
        int blockAlign = Short.toUnsignedInt(buf.getShort(at + 12));
        int bits = Short.toUnsignedInt(buf.getShort(at + 14));
        if (tag == FORMAT_EXTENSIBLE) {
            if (size < 40) {
                throw new AudioException(source, AudioException.Kind.CORRUPT,
                        "corrupt WAV header: WAVE_FORMAT_EXTENSIBLE fmt chunk has " + size + " bytes, needs 40");
            }
            for (int i = 0; i < GUID_TAIL.length; i++) {
                if (buf.get(at + 26 + i) != GUID_TAIL[i]) {
                    throw new AudioException(source, AudioException.Kind.UNSUPPORTED,
                            "unsupported WAV encoding: WAVE_FORMAT_EXTENSIBLE with a non-standard sub-format GUID");
                }
            }
            tag = Short.toUnsignedInt(buf.getShort(at + 24));
        }
        if (tag != FORMAT_PCM && tag != FORMAT_FLOAT) {
            throw new AudioException(source, AudioException.Kind.UNSUPPORTED, "unsupported WAV encoding: "
                    + encodingName(tag) + " (supported: integer PCM 8/16/24/32-bit, IEEE float 32/64-bit)");
        }
        if (channels == 0) {
            throw new AudioException(source, AudioException.Kind.CORRUPT, "corrupt WAV header: 0 channels");
        }
        if (rate == 0) {
            throw new AudioException(source, AudioException.Kind.CORRUPT, "corrupt WAV header: sample rate 0");
        }
        AudioLimits.requireSupportedRate(rate, source, "WAV");
        // Sample containers are whole bytes; valid bits may be fewer (e.g. 20 bits in 3 bytes, left-justified).
        int bytesPerSample = (bits + 7) / 8;
        if (bits == 0 || blockAlign != channels * bytesPerSample) {
            throw new AudioException(source, AudioException.Kind.CORRUPT, "corrupt WAV header: block align "
                    + blockAlign + " does not match " + channels + " channel(s) of " + bits + " bits");
        }
        boolean isFloat = tag == FORMAT_FLOAT;
        boolean supported = isFloat ? bits == 32 || bits == 64 : bytesPerSample >= 1 && bytesPerSample <= 4;
        if (!supported) {
            throw new AudioException(source, AudioException.Kind.UNSUPPORTED, "unsupported WAV encoding: "
                    + bits + "-bit " + (isFloat ? "float" : "integer PCM"));
        }
        return new Format(isFloat, channels, (int) rate, blockAlign, bytesPerSample);
    }

    /**
     * Averages the channels of each frame (integers scaled so that full scale is [-1, 1)) and hands them
     * on a block at a time. Float samples beyond ±{@value #MAX_FLOAT_MAGNITUDE} are refused: full scale
     * is ±1, and a little over it is ordinary after processing, but 40 dB over it is not audio at this
     * scale (integer samples written as float, or a wrong sample format), and the encoder would answer
     * confidently from it.
     */
    private static void decodeFrames(ByteBuffer buf, int at, int frames, Format f, MonoOutput out, String source)
            throws AudioException {
        float[] block = new float[Math.min(frames, BLOCK_FRAMES)];
        int ch = f.channels();
        double mean = 1.0 / ch;
        int p = at;
        for (int done = 0; done < frames; ) {
            int count = Math.min(block.length, frames - done);
            for (int i = 0; i < count; i++) {
                double sum = 0;
                for (int c = 0; c < ch; c++) {
                    sum += sample(buf, p, f);
                    p += f.bytesPerSample();
                }
                float v = (float) (sum * mean);
                // Infinity is left to the NaN/infinity count, which names the first of them all.
                if (f.isFloat() && Math.abs(v) > MAX_FLOAT_MAGNITUDE && Float.isFinite(v)) {
                    long index = (long) done + i;
                    throw new AudioException(source, AudioException.Kind.CORRUPT, String.format(java.util.Locale.ROOT,
                            "float WAV sample %,d (%.3f s) is %.4g, far outside the full scale of ±1 (at most ±%d is read)",
                            index, index / (double) f.sampleRate(), v, MAX_FLOAT_MAGNITUDE));
                }
                block[i] = v;
            }
            out.append(block, count);
            done += count;
        }
    }

    private static double sample(ByteBuffer buf, int p, Format f) {
        if (f.isFloat()) {
            return f.bytesPerSample() == 4 ? buf.getFloat(p) : buf.getDouble(p);
        }
        return switch (f.bytesPerSample()) {
            case 1 -> ((buf.get(p) & 0xff) - 128) / 128.0; // 8-bit WAV is unsigned with 128 as zero
            case 2 -> buf.getShort(p) / 32768.0;
            case 3 -> (((buf.get(p + 2) << 16) | ((buf.get(p + 1) & 0xff) << 8) | (buf.get(p) & 0xff))) / 8388608.0;
            default -> buf.getInt(p) / 2147483648.0;
        };
    }

    private static String encodingName(int tag) {
        String name = switch (tag) {
            case 2 -> "Microsoft ADPCM";
            case 6 -> "A-law";
            case 7 -> "µ-law";
            case 0x11 -> "IMA ADPCM";
            case 0x31 -> "GSM 6.10";
            case 0x50 -> "MPEG";
            case 0x55 -> "MP3";
            default -> "format";
        };
        return name + " (format tag 0x" + Integer.toHexString(tag) + ")";
    }

    private static String printable(String id) {
        return id.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
