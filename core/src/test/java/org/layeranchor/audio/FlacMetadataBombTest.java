package org.layeranchor.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.layeranchor.testing.TestFlac;
import org.layeranchor.testing.ThreadAllocation;

/**
 * Issue 25 rows 2 and 14: FLAC metadata whose length fields claim 2³¹−16 bytes, and frame headers that
 * disagree with STREAMINFO, are refused in one line naming the file, having allocated next to nothing.
 */
class FlacMetadataBombTest {
    private static final int BOMB = Integer.MAX_VALUE - 15; // 2^31 - 16
    private static final long ONE_MB = 1 << 20;

    /** One second of a 16-kHz constant, in 4 frames. */
    private static byte[] plain() {
        return TestFlac.constant(16_000, 16_000, 4000, 4, 4000, (short) 1000);
    }

    /** A PICTURE body padded to about 37 kB, whose MIME-type length field says {@code mimeLength}. */
    static byte[] pictureBody(long mimeLength) {
        ByteBuffer b = ByteBuffer.allocate(37_000).order(ByteOrder.BIG_ENDIAN);
        b.putInt(3).putInt((int) mimeLength);
        return b.array();
    }

    /** A VORBIS_COMMENT body of about 37 kB whose vendor length (little-endian) says {@code vendorLength}. */
    static byte[] vorbisBody(long vendorLength) {
        ByteBuffer b = ByteBuffer.allocate(37_000).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt((int) vendorLength);
        return b.array();
    }

    private static AudioException refused(byte[] bytes, String name) {
        ThreadAllocation.Result r = ThreadAllocation.measure(() -> AudioReader.read(bytes, name));
        AudioException e = assertInstanceOf(AudioException.class, r.thrown(), "expected a refusal, got " + r.thrown());
        assertTrue(e.getMessage().startsWith(name + ": ") && !e.getMessage().contains("\n"), e.getMessage());
        assertTrue(r.bytes() < ONE_MB + 4L * bytes.length, name + " allocated " + r.bytes() + " bytes while being refused");
        return e;
    }

    @Test
    void aPictureWhoseMimeLengthSays2To31Minus16IsRefusedWithoutAllocatingIt() {
        byte[] flac = TestFlac.withMetadataBlock(plain(), FlacMetadata.PICTURE, pictureBody(BOMB));
        assertTrue(flac.length > 37_000 && flac.length < 38_000, "a 37-kB file: " + flac.length);
        AudioException e = refused(flac, "picture-bomb.flac");
        assertEquals(AudioException.Kind.CORRUPT, e.kind());
        assertTrue(e.problem().contains("PICTURE") && e.problem().contains("MIME type length of 2,147,483,632"),
                e.problem());
        assertTrue(!e.getMessage().contains("memory") && !e.getMessage().contains("heap"), e.getMessage());
    }

    @Test
    void aVorbisCommentWhoseVendorLengthSays2To31Minus16IsRefusedWithoutAllocatingIt() {
        byte[] flac = TestFlac.withMetadataBlock(plain(), FlacMetadata.VORBIS_COMMENT, vorbisBody(BOMB));
        AudioException e = refused(flac, "vorbis-bomb.flac");
        assertEquals(AudioException.Kind.CORRUPT, e.kind());
        assertTrue(e.problem().contains("VORBIS_COMMENT") && e.problem().contains("vendor string length"), e.problem());
    }

    @Test
    void aCommentCountTheBlockCannotHoldIsRefused() {
        ByteBuffer b = ByteBuffer.allocate(100).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0).putInt(Integer.MAX_VALUE);
        AudioException e = refused(TestFlac.withMetadataBlock(plain(), FlacMetadata.VORBIS_COMMENT, b.array()), "c.flac");
        assertTrue(e.problem().contains("comment count of 2,147,483,647"), e.problem());
    }

    @Test
    void aBlockLongerThanTheFileIsTruncation() {
        byte[] flac = TestFlac.withMetadataBlock(plain(), FlacMetadata.PADDING, new byte[1000]);
        byte[] cut = java.util.Arrays.copyOf(flac, 42 + 4 + 500);
        AudioException e = refused(cut, "cut.flac");
        assertEquals(AudioException.Kind.TRUNCATED, e.kind());
        assertTrue(e.problem().contains("metadata block 1 (PADDING) declares 1,000 bytes but only 500 remain"), e.problem());
    }

    @Test
    void wellFormedPictureAndCommentsDecodeToTheSameSamples() throws AudioException {
        byte[] png = "\u0089PNG fake picture data".getBytes(StandardCharsets.ISO_8859_1);
        byte[] mime = "image/png".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer picture = ByteBuffer.allocate(32 + mime.length + png.length);
        picture.putInt(3).putInt(mime.length).put(mime).putInt(0).putInt(1).putInt(1).putInt(24).putInt(0)
                .putInt(png.length).put(png);
        byte[] vendor = "reference libFLAC 1.4.3".getBytes(StandardCharsets.UTF_8);
        byte[] title = "TITLE=ruhig".getBytes(StandardCharsets.UTF_8);
        ByteBuffer comments = ByteBuffer.allocate(12 + vendor.length + title.length).order(ByteOrder.LITTLE_ENDIAN);
        comments.putInt(vendor.length).put(vendor).putInt(1).putInt(title.length).put(title);
        byte[] tagged = TestFlac.withMetadataBlock(
                TestFlac.withMetadataBlock(plain(), FlacMetadata.PICTURE, picture.array()),
                FlacMetadata.VORBIS_COMMENT, comments.array());
        Audio expected = AudioReader.decode(plain(), "plain.flac");
        Audio actual = AudioReader.decode(tagged, "tagged.flac");
        assertEquals(16_000, actual.samples().length);
        assertArrayEquals(expected.samples(), actual.samples());
    }

    @Test
    void aFrameRateThatDisagreesWithStreamInfoIsRefused() throws AudioException {
        // STREAMINFO says 16 kHz; every frame header says 44.1 kHz (code 0b1001).
        AudioException e = refused(TestFlac.constantWithFrameRate(16_000, 0b1001, 4, 4000, (short) 100), "rates.flac");
        assertEquals(AudioException.Kind.CORRUPT, e.kind());
        assertTrue(e.problem().contains("44100 Hz, STREAMINFO declares 16000 Hz"), e.problem());
        // Frames that state the same rate as STREAMINFO (code 0b0101 = 16 kHz) decode.
        assertEquals(16_000, AudioReader.decode(TestFlac.constantWithFrameRate(16_000, 0b0101, 4, 4000, (short) 100),
                "same.flac").samples().length);
    }
}
