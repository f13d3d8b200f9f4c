package org.layeranchor.audio;

import java.nio.charset.StandardCharsets;

/**
 * The container formats LayerAnchor decodes, recognised from their first bytes (never from the file
 * extension, which is often wrong for files collected from the web).
 */
enum AudioContainer {
    WAV, FLAC, MP3;

    /**
     * Identifies the container, or throws with a message naming what the bytes look like instead.
     */
    static AudioContainer detect(byte[] b, String source) throws AudioException {
        if (b.length == 0) {
            throw new AudioException(source, AudioException.Kind.NOT_AUDIO, "empty file (0 bytes)");
        }
        if (startsWith(b, 0, "RIFF") && startsWith(b, 8, "WAVE")) {
            return WAV;
        }
        if (startsWith(b, 0, "RIFF") && b.length < 12) {
            throw new AudioException(source, AudioException.Kind.TRUNCATED,
                    "truncated RIFF header (" + b.length + " bytes, a WAV header needs at least 12)");
        }
        if (startsWith(b, 0, "fLaC")) {
            return FLAC;
        }
        int afterTag = id3v2Length(b);
        if (afterTag > 0) {
            if (b.length < 10) {
                throw new AudioException(source, AudioException.Kind.TRUNCATED, "truncated ID3 tag header");
            }
            if (afterTag >= b.length) {
                throw new AudioException(source, AudioException.Kind.TRUNCATED,
                        "file ends inside its ID3 tag (tag declares " + afterTag + " bytes, file has " + b.length + ")");
            }
            if (startsWith(b, afterTag, "fLaC")) {
                return FLAC;
            }
        }
        if (isMpegAudioSync(b, afterTag)) {
            return MP3;
        }
        if (afterTag > 0) {
            throw new AudioException(source, AudioException.Kind.CORRUPT,
                    "ID3 tag is not followed by MPEG audio frames");
        }
        throw new AudioException(source, foreignKind(b), describeForeign(b));
    }

    /**
     * Bytes taken by a leading ID3v2 tag (0 if none): a 10-byte header whose size is a 28-bit
     * "syncsafe" integer, then the body and an optional 10-byte footer.
     */
    static int id3v2Length(byte[] b) {
        if (!startsWith(b, 0, "ID3")) {
            return 0;
        }
        if (b.length < 10) {
            return b.length;
        }
        int size = ((b[6] & 0x7f) << 21) | ((b[7] & 0x7f) << 14) | ((b[8] & 0x7f) << 7) | (b[9] & 0x7f);
        boolean footer = (b[5] & 0x10) != 0;
        return 10 + size + (footer ? 10 : 0);
    }

    /** 11 set sync bits, then a version and a layer (layer 00 is ADTS AAC, which MP3 decoders reject). */
    private static boolean isMpegAudioSync(byte[] b, int at) {
        if (at + 1 >= b.length) {
            return false;
        }
        int b0 = b[at] & 0xff;
        int b1 = b[at + 1] & 0xff;
        return b0 == 0xff && (b1 & 0xe0) == 0xe0 && ((b1 >> 1) & 3) != 0 && ((b1 >> 3) & 3) != 1;
    }

    private static AudioException.Kind foreignKind(byte[] b) {
        return knownButUnsupported(b) != null ? AudioException.Kind.UNSUPPORTED : AudioException.Kind.NOT_AUDIO;
    }

    private static String describeForeign(byte[] b) {
        String known = knownButUnsupported(b);
        if (known != null) {
            return "unsupported audio format: " + known + " (supported: WAV, FLAC, MP3)";
        }
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(4, b.length); i++) {
            hex.append(String.format("%02x ", b[i] & 0xff));
        }
        return "not an audio file: starts with bytes " + hex.toString().trim()
                + ", not a WAV (RIFF/WAVE), FLAC (fLaC) or MP3 header";
    }

    /** Audio containers we recognise only to give a better message. */
    private static String knownButUnsupported(byte[] b) {
        if (startsWith(b, 0, "RIFX")) {
            return "big-endian WAV (RIFX)";
        }
        if (startsWith(b, 0, "RF64")) {
            return "RF64 (64-bit WAV)";
        }
        if (startsWith(b, 0, "OggS")) {
            return "Ogg (Vorbis/Opus/FLAC-in-Ogg)";
        }
        if (startsWith(b, 0, "FORM") && (startsWith(b, 8, "AIFF") || startsWith(b, 8, "AIFC"))) {
            return "AIFF";
        }
        if (startsWith(b, 4, "ftyp")) {
            return "MP4/M4A";
        }
        if (b.length > 1 && (b[0] & 0xff) == 0xff && (b[1] & 0xf6) == 0xf0) {
            return "AAC (ADTS)";
        }
        if (startsWith(b, 0, ".snd")) {
            return "Sun/NeXT AU";
        }
        return null;
    }

    private static boolean startsWith(byte[] b, int at, String ascii) {
        byte[] m = ascii.getBytes(StandardCharsets.US_ASCII);
        if (at + m.length > b.length) {
            return false;
        }
        for (int i = 0; i < m.length; i++) {
            if (b[at + i] != m[i]) {
                return false;
            }
        }
        return true;
    }
}
