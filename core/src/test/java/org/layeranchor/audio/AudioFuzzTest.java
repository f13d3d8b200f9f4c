package org.layeranchor.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import org.layeranchor.testing.TestFlac;
import org.layeranchor.testing.TestMp3;
import org.layeranchor.testing.TestWav;
import org.layeranchor.testing.ThreadAllocation;

/**
 * Property-based fuzzing of the decoders and the resampler (jqwik, fixed seeds, modest tries so the
 * suite stays fast): whatever the bytes, the answer is audio or one clear {@link AudioException}
 * naming the source, within bounded time and memory.
 */
class AudioFuzzTest {
    private static final String NAME = "fuzz.bin";
    /** The fuzz budget: 30 s is at most 5.8 M samples (23 MB) even at 192 kHz. */
    private static final AudioLimits LIMITS = AudioLimits.ofSeconds(30);
    private static final long MAX_ALLOCATED = 160L << 20;
    private static final double MAX_SECONDS = 10;

    /** Decodes and resamples; asserts a valid result or one clear error, cheaply. */
    private static void assertAudioOrOneClearError(byte[] bytes) {
        assertAudioOrOneClearError(bytes, MAX_ALLOCATED);
    }

    /** As above, allocating less than {@code maxAllocated} bytes. */
    private static void assertAudioOrOneClearError(byte[] bytes, long maxAllocated) {
        ThreadAllocation.Result r = ThreadAllocation.measure(() -> {
            Audio a = AudioReader.read(bytes, NAME, LIMITS);
            assertEquals(Audio.TARGET_RATE, a.sampleRate());
            assertTrue(a.samples().length > 0);
            assertTrue(a.durationSeconds() <= LIMITS.maxSeconds() + 0.01, "duration " + a.durationSeconds());
            for (float v : a.samples()) {
                assertTrue(Float.isFinite(v));
            }
        });
        if (r.thrown() != null) {
            if (!(r.thrown() instanceof AudioException e)) {
                throw new AssertionError("expected audio or an AudioException, got " + r.thrown(), r.thrown());
            }
            assertTrue(e.getMessage().startsWith(NAME + ": ") && !e.getMessage().contains("\n"), e.getMessage());
            assertTrue(e.problem().matches(".*\\p{L}{3,}.*"), "a message in words: " + e.problem());
        }
        assertTrue(r.bytes() < maxAllocated, "allocated " + r.bytes() + " bytes for " + bytes.length);
        assertTrue(r.seconds() < MAX_SECONDS, r.seconds() + " s for " + bytes.length + " bytes");
        Statistics.collect(r.thrown() == null ? "decoded" : ((AudioException) r.thrown()).kind().name());
    }

    /** The fuzzing reached both outcomes: some inputs decoded, some were refused. */
    private static void requireBothOutcomes() {
        Statistics.coverage(c -> {
            c.check("decoded").count(n -> n > 0);
            c.checkQuery(v -> !"decoded".equals(v.get(0))).count(n -> n > 0);
        });
    }

    /** Overwrites 1 to 8 bytes, half of them in the first 64 (where the headers are). */
    private static byte[] mutate(byte[] original, long seed) {
        byte[] b = original.clone();
        Random random = new Random(seed);
        int count = 1 + random.nextInt(8);
        for (int i = 0; i < count; i++) {
            int at = random.nextBoolean() ? random.nextInt(Math.min(64, b.length)) : random.nextInt(b.length);
            b[at] = (byte) random.nextInt(256);
        }
        return b;
    }

    @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
    @Property(tries = 150, seed = "20", shrinking = ShrinkingMode.OFF)
    void wavHeadersWithAnyFieldValues(@ForAll int anyRate, @ForAll boolean plausibleRate,
                                      @ForAll @IntRange(max = 12) int channels, @ForAll int anyBits,
                                      @ForAll @IntRange(max = 7) int bitsChoice, @ForAll @IntRange(max = 3) int tagChoice,
                                      @ForAll boolean consistentBlockAlign, @ForAll int declaredDataSize,
                                      @ForAll @IntRange(max = 6000) int dataBytes, @ForAll long contentSeed) {
        // Half the rates and most bit depths are plausible, so that decoding is reached, not only refusals.
        int rate = plausibleRate ? 1_000 + Math.floorMod(anyRate, 191_001) : anyRate;
        int bits = new int[] {8, 16, 24, 32, 64, 20, Math.floorMod(anyBits, 73), anyBits & 0xffff}[bitsChoice];
        int tag = new int[] {TestWav.PCM, TestWav.PCM, TestWav.FLOAT, new Random(contentSeed).nextInt(0x10000)}[tagChoice];
        int blockAlign = consistentBlockAlign ? channels * ((bits + 7) / 8) : new Random(contentSeed).nextInt(0x10000);
        ByteBuffer fmt = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        fmt.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) tag)
                .putShort((short) channels).putInt(rate).putInt(rate * Math.max(1, blockAlign))
                .putShort((short) blockAlign).putShort((short) bits);
        byte[] data = new byte[dataBytes];
        new Random(contentSeed).nextBytes(data);
        ByteBuffer dataChunk = ByteBuffer.allocate(8 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        dataChunk.put("data".getBytes(StandardCharsets.US_ASCII))
                .putInt(declaredDataSize % 3 == 0 ? dataBytes : declaredDataSize).put(data);
        assertAudioOrOneClearError(TestWav.riff(fmt.array(), dataChunk.array()));
        requireBothOutcomes();
    }

    @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
    @Property(tries = 40, seed = "18", shrinking = ShrinkingMode.OFF)
    void flacStreamInfoWithAnyRateTotalAndBlockSizes(@ForAll @IntRange(max = (1 << 20) - 1) int rate,
                                                     @ForAll @LongRange(max = (1L << 36) - 1) long declaredTotal,
                                                     @ForAll @IntRange(min = 16, max = TestFlac.MAX_BLOCK) int declaredMaxBlock,
                                                     @ForAll @IntRange(min = 1, max = 200) int frames,
                                                     @ForAll @IntRange(min = 1, max = TestFlac.MAX_BLOCK) int blockSize) {
        assertAudioOrOneClearError(TestFlac.constant(rate, declaredTotal % 4 == 0 ? 0 : declaredTotal, declaredMaxBlock,
                frames, blockSize, (short) 1000));
        requireBothOutcomes();
    }

    @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
    @Property(tries = 120, seed = "2018", shrinking = ShrinkingMode.OFF)
    void flacWithCorruptedBytes(@ForAll long seed) throws IOException {
        byte[] original = seed % 2 == 0 ? AudioReaderErrorsTest.fixture("two-tones-44k1-24bit-stereo.flac")
                : TestFlac.constant(48_000, 0, 4096, 40, 4096, (short) -2000);
        assertAudioOrOneClearError(mutate(original, seed));
        requireBothOutcomes();
    }

    /**
     * The seed corpus of metadata blocks (issue 25 row 2): each a type and a body, mutated below. Kept
     * in the test so that CI needs no files: a PICTURE and a VORBIS_COMMENT of lengths that fit, the
     * 2³¹−16 bombs of both, a comment count the block cannot hold, a seek table, and padding.
     */
    private static final List<Map.Entry<Integer, byte[]>> METADATA_SEEDS = List.of(
            Map.entry(FlacMetadata.PICTURE, ByteBuffer.allocate(48).putInt(3).putInt(9).put("image/png".getBytes(
                    StandardCharsets.US_ASCII)).putInt(0).putInt(1).putInt(1).putInt(24).putInt(0).putInt(3).array()),
            Map.entry(FlacMetadata.PICTURE, FlacMetadataBombTest.pictureBody(Integer.MAX_VALUE - 15)),
            Map.entry(FlacMetadata.VORBIS_COMMENT, ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putInt(4)
                    .put("abcd".getBytes(StandardCharsets.US_ASCII)).putInt(1).putInt(8).array()),
            Map.entry(FlacMetadata.VORBIS_COMMENT, FlacMetadataBombTest.vorbisBody(Integer.MAX_VALUE - 15)),
            Map.entry(FlacMetadata.VORBIS_COMMENT, ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putInt(0)
                    .putInt(-1).array()),
            Map.entry(FlacMetadata.SEEKTABLE, new byte[36]),
            Map.entry(FlacMetadata.PADDING, new byte[100]));

    @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
    @Property(tries = 150, seed = "2525", shrinking = ShrinkingMode.OFF)
    void flacMetadataBlocksWithAnyLengthFields(@ForAll @IntRange(max = 6) int seedIndex, @ForAll @IntRange(max = 127) int anyType,
                                               @ForAll boolean keepType, @ForAll @IntRange(max = 3) int lengthWrites,
                                               @ForAll long contentSeed) {
        Map.Entry<Integer, byte[]> seed = METADATA_SEEDS.get(seedIndex);
        byte[] body = seed.getValue().clone();
        Random random = new Random(contentSeed);
        // Overwrite a few 32-bit fields (where the lengths are) with any value, and a few bytes anywhere.
        for (int i = 0; i < lengthWrites && body.length >= 4; i++) {
            int at = 4 * random.nextInt(Math.min(body.length / 4, 8));
            ByteBuffer.wrap(body).putInt(at, random.nextBoolean() ? random.nextInt() : random.nextInt(64));
        }
        byte[] flac = TestFlac.withMetadataBlock(TestFlac.constant(16_000, 16_000, 4000, 4, 4000, (short) 700),
                keepType ? seed.getKey() : anyType, body);
        if (random.nextInt(4) == 0) {
            flac = mutate(flac, contentSeed);
        }
        // Allocation bounded by a constant times the file's size (plus jflac's fixed frame buffers).
        assertAudioOrOneClearError(flac, (4L << 20) + 64L * flac.length);
        requireBothOutcomes();
    }

    @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
    @Property(tries = 50, seed = "2020", shrinking = ShrinkingMode.OFF)
    void mp3WithCorruptedBytes(@ForAll long seed) throws IOException {
        byte[] original = seed % 2 == 0 ? AudioReaderErrorsTest.fixture("tone-1khz-44k1-stereo.mp3")
                : TestMp3.silentFrames(320, 32, 60);
        assertAudioOrOneClearError(mutate(original, seed));
        requireBothOutcomes();
    }

    @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
    @Property(tries = 20, seed = "16000", shrinking = ShrinkingMode.OFF)
    void mp3StreamsOfAnyLengthAndBitRates(@ForAll @IntRange(min = 1, max = 1500) int frames,
                                          @ForAll @IntRange(max = 13) int firstRate, @ForAll @IntRange(max = 13) int rate) {
        int[] kbps = {32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
        assertAudioOrOneClearError(TestMp3.silentFrames(kbps[firstRate], kbps[rate], frames));
        requireBothOutcomes();
    }

    @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
    @Property(tries = 20, seed = "44100", shrinking = ShrinkingMode.OFF)
    void resamplingAnyAcceptedRateKeepsLengthDcAndCost(
            @ForAll @IntRange(min = AudioLimits.MIN_SAMPLE_RATE, max = AudioLimits.MAX_SAMPLE_RATE) int rate,
            @ForAll @IntRange(max = 20_000) int length) {
        float[] x = new float[length];
        Arrays.fill(x, 0.25f);
        ThreadAllocation.Result r = ThreadAllocation.measure(() -> {
            Resampler resampler = Resampler.between(rate, Audio.TARGET_RATE);
            long[] lm = Resampler.ratio(rate, Audio.TARGET_RATE);
            float[] y = resampler.process(x);
            assertEquals(rate == Audio.TARGET_RATE ? length : (length * lm[0] + lm[1] - 1) / lm[1], y.length);
            assertTrue(resampler.ratioError() <= 63e-6, "ratio error " + resampler.ratioError());
            // Away from the edges (where the signal is taken as zero outside), a constant stays that constant.
            long margin = resampler.span() * lm[0] / lm[1] + 2;
            for (int i = (int) margin; i < y.length - margin; i++) {
                assertEquals(0.25f, y[i], 1e-4f, "sample " + i);
            }
        });
        if (r.thrown() != null) {
            throw new AssertionError(rate + " Hz, " + length + " samples", r.thrown());
        }
        assertTrue(r.bytes() < 64L << 20, rate + " Hz: allocated " + r.bytes());
        assertTrue(r.seconds() < MAX_SECONDS, rate + " Hz: " + r.seconds() + " s");
    }
}
