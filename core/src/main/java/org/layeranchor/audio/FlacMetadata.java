package org.layeranchor.audio;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Locale;

/**
 * Walks a FLAC stream's metadata blocks before jflac sees them, and hands jflac only STREAMINFO and
 * the frames.
 *
 * <p>jflac allocates what a metadata block's length fields say before reading the bytes: a PICTURE
 * whose MIME-type length or a VORBIS_COMMENT whose vendor length says 2³¹−16 costs 2 GiB (or an
 * out-of-memory error) for a 37-kB file. Here every length — each block's 24-bit size, and the 32-bit
 * lengths inside PICTURE and VORBIS_COMMENT — is checked against the bytes that remain before going
 * on, and nothing is allocated from any of them. Decoding needs none of these blocks, so jflac is
 * given a stream of STREAMINFO alone (marked as the last block) followed by the frames.
 */
final class FlacMetadata {
    static final int STREAMINFO = 0;
    static final int PADDING = 1;
    static final int APPLICATION = 2;
    static final int SEEKTABLE = 3;
    static final int VORBIS_COMMENT = 4;
    static final int CUESHEET = 5;
    static final int PICTURE = 6;
    private static final int STREAMINFO_LENGTH = 34;
    private static final int SEEKPOINT_LENGTH = 18;
    private static final String[] NAMES = {"STREAMINFO", "PADDING", "APPLICATION", "SEEKTABLE", "VORBIS_COMMENT",
            "CUESHEET", "PICTURE"};

    private final byte[] bytes;
    private final int streamInfoAt;
    private final int framesAt;

    private FlacMetadata(byte[] bytes, int streamInfoAt, int framesAt) {
        this.bytes = bytes;
        this.streamInfoAt = streamInfoAt;
        this.framesAt = framesAt;
    }

    /** Checks every metadata block of {@code b} (which starts with "fLaC", possibly after an ID3 tag). */
    static FlacMetadata read(byte[] b, String source) throws AudioException {
        int at = AudioContainer.id3v2Length(b);
        if (at + 4 > b.length || b[at] != 'f' || b[at + 1] != 'L' || b[at + 2] != 'a' || b[at + 3] != 'C') {
            throw new AudioException(source, AudioException.Kind.CORRUPT, "corrupt FLAC header: no fLaC marker");
        }
        at += 4;
        int streamInfoAt = -1;
        for (int index = 0; ; index++) {
            if (at + 4 > b.length) {
                throw new AudioException(source, AudioException.Kind.TRUNCATED,
                        "truncated FLAC header (file ends in the metadata, at byte " + at + ")");
            }
            boolean last = (b[at] & 0x80) != 0;
            int type = b[at] & 0x7f;
            int length = ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
            int body = at + 4;
            long remaining = b.length - (long) body;
            if (length > remaining) {
                throw new AudioException(source, AudioException.Kind.TRUNCATED, String.format(Locale.ROOT,
                        "truncated FLAC header: metadata block %d (%s) declares %,d bytes but only %,d remain",
                        index, name(type), length, remaining));
            }
            if (index == 0 && type != STREAMINFO) {
                throw corrupt(source, "the first metadata block is " + name(type) + ", not STREAMINFO");
            }
            if (index > 0 && type == STREAMINFO) {
                throw corrupt(source, "a second STREAMINFO block (metadata block " + index + ")");
            }
            if (type == 127) {
                throw corrupt(source, "metadata block " + index + " has the invalid type 127");
            }
            Block block = new Block(b, body, length, index, type, source);
            switch (type) {
                case STREAMINFO -> {
                    block.requireLength(STREAMINFO_LENGTH);
                    streamInfoAt = body;
                }
                case SEEKTABLE -> block.requireMultipleOf(SEEKPOINT_LENGTH);
                case VORBIS_COMMENT -> block.checkVorbisComment();
                case PICTURE -> block.checkPicture();
                default -> {
                    // PADDING, APPLICATION, CUESHEET and reserved types are skipped whole; their size was checked.
                }
            }
            at = body + length;
            if (last) {
                return new FlacMetadata(b, streamInfoAt, at);
            }
        }
    }

    /** "fLaC", STREAMINFO as the only (last) metadata block, then the frames: what jflac is given. */
    InputStream streamInfoAndFrames() {
        byte[] head = new byte[4 + 4 + STREAMINFO_LENGTH];
        head[0] = 'f';
        head[1] = 'L';
        head[2] = 'a';
        head[3] = 'C';
        head[4] = (byte) 0x80; // last block, type STREAMINFO
        head[7] = STREAMINFO_LENGTH;
        System.arraycopy(bytes, streamInfoAt, head, 8, STREAMINFO_LENGTH);
        return new SequenceInputStream(new ByteArrayInputStream(head),
                new ByteArrayInputStream(bytes, framesAt, bytes.length - framesAt));
    }

    private static String name(int type) {
        return type < NAMES.length ? NAMES[type] : "type " + type;
    }

    private static AudioException corrupt(String source, String what) {
        return new AudioException(source, AudioException.Kind.CORRUPT, "corrupt FLAC metadata: " + what);
    }

    /** One metadata block's body, read field by field with each length checked against what is left of it. */
    private static final class Block {
        private final byte[] b;
        private final int end;
        private final int index;
        private final int type;
        private final String source;
        private final int length;
        private int at;

        Block(byte[] b, int body, int length, int index, int type, String source) {
            this.b = b;
            this.at = body;
            this.length = length;
            this.end = body + length;
            this.index = index;
            this.type = type;
            this.source = source;
        }

        void requireLength(int expected) throws AudioException {
            if (length != expected) {
                throw corrupt(source, name(type) + " block has " + length + " bytes, must have " + expected);
            }
        }

        void requireMultipleOf(int unit) throws AudioException {
            if (length % unit != 0) {
                throw corrupt(source, name(type) + " block has " + length + " bytes, not a multiple of " + unit);
            }
        }

        /** Vendor string, comment count, then each comment; lengths are little-endian 32-bit. */
        void checkVorbisComment() throws AudioException {
            skipField("vendor string", uint32(false, "vendor length"));
            long count = uint32(false, "comment count");
            // Each comment takes at least its 4-byte length: a count the block cannot hold is refused at once.
            if (count > (end - at) / 4) {
                throw field("comment count", count);
            }
            for (long i = 0; i < count; i++) {
                skipField("comment " + i, uint32(false, "length of comment " + i));
            }
        }

        /** Picture type, MIME type, description, four dimensions, picture data; lengths big-endian 32-bit. */
        void checkPicture() throws AudioException {
            uint32(true, "picture type");
            skipField("MIME type", uint32(true, "MIME type length"));
            skipField("description", uint32(true, "description length"));
            for (String dimension : new String[] {"width", "height", "colour depth", "colour count"}) {
                uint32(true, dimension);
            }
            skipField("picture data", uint32(true, "picture data length"));
        }

        private long uint32(boolean bigEndian, String what) throws AudioException {
            if (end - at < 4) {
                throw corrupt(source, name(type) + " block (metadata block " + index + ") ends before its " + what);
            }
            long v = 0;
            for (int i = 0; i < 4; i++) {
                int shift = bigEndian ? 8 * (3 - i) : 8 * i;
                v |= (b[at + i] & 0xffL) << shift;
            }
            at += 4;
            return v;
        }

        private void skipField(String what, long declared) throws AudioException {
            if (declared > end - at) {
                throw field(what + " length", declared);
            }
            at += (int) declared;
        }

        private AudioException field(String what, long declared) {
            return corrupt(source, String.format(Locale.ROOT,
                    "%s block (metadata block %d) declares a %s of %,d but only %,d bytes of the block remain",
                    name(type), index, what, declared, end - at));
        }
    }
}
