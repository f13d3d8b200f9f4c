package org.layeranchor.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.corpus.Corpus;
import org.layeranchor.corpus.Utterance;
import org.layeranchor.encoder.Encoders;
import org.layeranchor.encoder.SpeechEncoder;
import org.layeranchor.encoder.whisper.WhisperEncoder;
import org.layeranchor.features.FeatureExtractor;
import org.layeranchor.features.FeatureStore;
import org.layeranchor.features.IndexRow;
import org.layeranchor.features.StoreIndex;
import org.layeranchor.testing.TinyCorpus;
import org.layeranchor.testing.TinyWhisper;

/**
 * The Spark job in local mode on a tiny corpus and a tiny Whisper, against the local extractor:
 * the same entries byte for byte and the same index; killed tasks; bad audio.
 */
class SparkFeatureExtractionTest {
    private static final int GOOD = 6;

    @TempDir
    static Path tmp;
    private static Path modelDir;
    private static List<Utterance> utterances;
    private static EncoderSpec encoder;
    /** The store the local extractor wrote: the reference for every Spark store. */
    private static Path localStore;
    private static String key;

    @BeforeAll
    static void referenceStoreFromTheLocalExtractor() throws Exception {
        modelDir = tmp.resolve("model");
        TinyWhisper.write(modelDir, 7);
        TinyCorpus corpus = TinyCorpus.in(tmp, "tiny");
        for (int i = 0; i < GOOD; i++) {
            corpus.utterance("audio/u" + i + ".wav", "s" + (i % 3), i % 2 == 0 ? "f" : "m", i % 2 == 0 ? "happy" : "sad",
                    0.4 + 0.15 * i);
        }
        corpus.file("audio/bad.wav", "RIFF, but not audio".getBytes(StandardCharsets.US_ASCII))
                .row("audio/bad.wav,s9,f,angry,xx,,1.0");
        utterances = Corpus.load(corpus.write()).utterances();
        assertEquals(GOOD + 1, utterances.size());

        // One ONNX thread on both sides: the same arithmetic, so the same bits.
        encoder = new EncoderSpec(modelDir.toString(), WhisperEncoder.Mode.FAST, 1, "cpu");
        localStore = tmp.resolve("local-store");
        try (SpeechEncoder enc = Encoders.open(modelDir, new Encoders.Settings(WhisperEncoder.Mode.FAST, 1))) {
            FeatureExtractor.Summary s = new FeatureExtractor(enc, FeatureStore.open(localStore),
                    new FeatureExtractor.Options(true, 2)).run(utterances, FeatureExtractor.Listener.NONE);
            assertEquals(GOOD, s.extracted());
            assertEquals(1, s.failed());
            key = s.encoderKey();
        }
    }

    private static SparkFeatureExtraction.Summary spark(EncoderOpener opener, Path store, int partitions) throws IOException {
        return new SparkFeatureExtraction(SharedSpark.session(), opener, FeatureStore.open(store),
                new SparkFeatureExtraction.Options(true, partitions)).run(utterances);
    }

    @Test
    void writesTheLocalExtractorsEntriesByteForByteAndTheSameIndex() throws Exception {
        Path store = tmp.resolve("spark-store");
        SparkFeatureExtraction.Summary s = spark(encoder, store, 3);
        assertEquals(key, s.encoderKey());
        assertEquals(3, s.partitions());
        assertEquals(GOOD, s.extracted());
        assertEquals(0, s.cached());
        assertEquals(1, s.failed());
        assertSameStore(localStore, store);
        assertEquals(List.of(), leftovers(store));

        // A rerun finds every entry in the store and encodes nothing; the index stays as it was.
        SparkFeatureExtraction.Summary again = spark(encoder, store, 2);
        assertEquals(0, again.extracted());
        assertEquals(GOOD, again.cached());
        assertEquals(1, again.failed());
        assertSameStore(localStore, store);
    }

    /** Pooled over speech (extract --pooling speech): the local extractor's entries again, under the speech key. */
    @Test
    void poolsOverSpeechAsTheLocalExtractorDoes() throws Exception {
        Path local = tmp.resolve("local-speech-store");
        String speechKey;
        try (SpeechEncoder enc = Encoders.open(modelDir, new Encoders.Settings(WhisperEncoder.Mode.FAST, 1))) {
            speechKey = new FeatureExtractor(enc, FeatureStore.open(local),
                    new FeatureExtractor.Options(true, 2, org.layeranchor.features.Pooling.SPEECH))
                    .run(utterances, FeatureExtractor.Listener.NONE).encoderKey();
        }
        assertTrue(speechKey.contains("_pooling-speech"), speechKey);
        Path store = tmp.resolve("spark-speech-store");
        SparkFeatureExtraction.Summary s = new SparkFeatureExtraction(SharedSpark.session(), encoder, FeatureStore.open(store),
                new SparkFeatureExtraction.Options(true, 2, org.layeranchor.features.Pooling.SPEECH)).run(utterances);
        assertEquals(speechKey, s.encoderKey());
        assertEquals(GOOD, s.extracted());
        assertSameStore(local, store, speechKey);
    }

    @Test
    void badAudioIsRecordedInFailuresWithItsReason() throws Exception {
        Path store = tmp.resolve("failures-store");
        SparkFeatureExtraction.Summary s = spark(encoder, store, 2);
        assertEquals(1, s.failures().size());
        StoreIndex.Failure f = s.failures().get(0);
        assertEquals("tiny", f.corpus());
        assertEquals("audio/bad.wav", f.path());
        assertEquals(GOOD + 2, f.line()); // header + the good rows come first
        assertTrue(f.error().contains("bad.wav"), f.error());
        Path dir = FeatureStore.openExisting(store).encoderDir(key);
        assertEquals(Map.of("tiny/audio/bad.wav", f), StoreIndex.readFailures(dir));
        assertFalse(StoreIndex.read(dir).containsKey("tiny/audio/bad.wav"));
    }

    @Test
    void aTaskKilledMidWriteIsRetriedAndLeavesNoTrace() throws Exception {
        Path store = tmp.resolve("retried-store");
        // The first attempt of the task holding u1 dies writing u1's entry; Spark's second attempt succeeds.
        SparkFeatureExtraction.Summary s = spark(new KillingEncoderOpener(encoder, "audio/u1.wav", store.toString(), 1), store, 3);
        assertEquals(GOOD + 1, s.extracted() + s.cached() + s.failed());
        assertEquals(1, s.failed());
        assertSameStore(localStore, store);
        assertEquals(List.of(), leftovers(store));
    }

    @Test
    void aJobWhoseTaskKeepsDyingLeavesOnlyCompleteEntriesAndTheRerunExtractsTheRest() throws Exception {
        Path store = tmp.resolve("rerun-store");
        // Every attempt of the task holding u1 dies: Spark gives up and the job fails.
        IOException e = assertThrows(IOException.class,
                () -> spark(new KillingEncoderOpener(encoder, "audio/u1.wav", store.toString(), 2), store, 3));
        assertTrue(e.getMessage().startsWith("the Spark job failed ("), e.getMessage());
        assertTrue(e.getMessage().contains("simulated executor loss while writing audio/u1.wav"), e.getMessage());

        // No visible partial entry: each pooled file present is the reference's, and u1 (killed) has none.
        Path dir = store.resolve(key);
        Path refDir = localStore.resolve(key);
        Map<String, byte[]> pooled = files(dir.resolve("pooled"));
        for (Map.Entry<String, byte[]> f : pooled.entrySet()) {
            if (!f.getKey().contains(".tmp-")) {
                assertArrayEquals(Files.readAllBytes(refDir.resolve("pooled").resolve(f.getKey())), f.getValue(), f.getKey());
            }
        }
        String u1 = sha(StoreIndex.read(refDir), "tiny/audio/u1.wav");
        assertFalse(FeatureStore.openExisting(store).hasPooled(key, u1));
        // u0 shares u1's task and was written before the kill: its entry is complete and journaled.
        assertTrue(FeatureStore.openExisting(store).hasPooled(key, sha(StoreIndex.read(refDir), "tiny/audio/u0.wav")));
        long complete = pooled.keySet().stream().filter(p -> !p.contains(".tmp-")).count();

        // The rerun encodes exactly the utterances without a complete entry and completes the store.
        SparkFeatureExtraction.Summary s = spark(encoder, store, 3);
        assertEquals(GOOD - complete, s.extracted());
        assertEquals(complete, s.cached());
        assertSameStore(localStore, store);
        assertEquals(List.of(), leftovers(store));
    }

    @Test
    void entriesTheDriverCannotSeeFailTheJobWithoutAnIndexNamingThem() throws Exception {
        Path store = tmp.resolve("unshared-store");
        // u0's entry vanishes (as one written on an executor's own disk would, for the driver) when u1 is encoded.
        String u0 = key + "/" + StoreIndex.read(localStore.resolve(key)).get("tiny/audio/u0.wav").pooledFile();
        IOException e = assertThrows(IOException.class,
                () -> spark(new EntryHidingEncoderOpener(encoder, "audio/u1.wav", store.toString(), u0), store, 3));
        assertTrue(e.getMessage().contains("1 of the 6 entries the executors wrote are not there as the driver sees it "
                + "(first: tiny/audio/u0.wav); the store must be one folder that the driver and every executor share"),
                e.getMessage());
        assertFalse(Files.exists(store.resolve(key).resolve("index.csv")));

        // The journal's row for u0 names an entry that is not here: the rerun does not trust it and encodes u0 again.
        SparkFeatureExtraction.Summary s = spark(encoder, store, 3);
        assertEquals(1, s.extracted());
        assertEquals(GOOD - 1, s.cached());
        assertSameStore(localStore, store);
        assertEquals(List.of(), leftovers(store));
    }

    /** Same encoder.json, index.csv, failures.csv and entry files, byte for byte. */
    private static void assertSameStore(Path expected, Path actual) throws IOException {
        assertSameStore(expected, actual, key);
    }

    private static void assertSameStore(Path expected, Path actual, String key) throws IOException {
        Path e = expected.resolve(key);
        Path a = actual.resolve(key);
        for (String f : List.of("encoder.json", "index.csv", "failures.csv")) {
            assertEquals(Files.readString(e.resolve(f)), Files.readString(a.resolve(f)), f);
        }
        for (String kind : List.of("pooled", "frames")) {
            Map<String, byte[]> want = files(e.resolve(kind));
            Map<String, byte[]> got = files(a.resolve(kind));
            assertEquals(want.keySet(), got.keySet(), kind);
            assertEquals(GOOD, want.size());
            for (String f : want.keySet()) {
                assertArrayEquals(want.get(f), got.get(f), kind + "/" + f);
            }
        }
    }

    /** Temporaries, journals and the journal folder, which a finished job should have removed. */
    private static List<String> leftovers(Path store) throws IOException {
        try (Stream<Path> s = Files.walk(store)) {
            return s.map(p -> store.relativize(p).toString())
                    .filter(p -> p.contains(".tmp-") || p.contains(TaskJournal.FOLDER)).toList();
        }
    }

    private static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    private static String sha(Map<String, IndexRow> index, String key) {
        return index.get(key).audioSha256();
    }
}
