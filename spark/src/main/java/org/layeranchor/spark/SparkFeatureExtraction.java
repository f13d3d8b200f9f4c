package org.layeranchor.spark;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.layeranchor.corpus.Utterance;
import org.layeranchor.encoder.EncoderInfo;
import org.layeranchor.features.FeatureStore;
import org.layeranchor.features.Pooling;
import org.layeranchor.features.IndexRow;
import org.layeranchor.features.StoreIndex;

/**
 * The driver side of extraction as a Spark job: utterances become a Dataset, each partition is
 * encoded on an executor ({@link PartitionExtractor}) straight into the store, and the driver alone
 * writes {@code index.csv} and {@code failures.csv}, with the same rules as the local extractor: a
 * run replaces the rows of the utterances it covers and keeps all others, a file that now works
 * loses its old failure, a failed one loses its index row.
 *
 * <p>The store must be one folder that the driver and every executor see at the same path (a shared
 * mount): entries are written with {@code java.nio} renames, which need a POSIX-like filesystem.
 */
public final class SparkFeatureExtraction {
    /**
     * @param frames     also store frame features (float16), as {@code extract --frames}
     * @param partitions Spark partitions (tasks); 0 = {@link #defaultPartitions}
     * @param pooling    which frames the stored statistics are pooled over, as {@code extract --pooling}
     */
    public record Options(boolean frames, int partitions, Pooling pooling) {
        public Options {
            java.util.Objects.requireNonNull(pooling, "pooling");
        }

        /** Pooled over every frame, as stores were before pooling was a setting. */
        public Options(boolean frames, int partitions) {
            this(frames, partitions, Pooling.WHOLE);
        }
    }

    /** What happened to each utterance, as the local extractor reports it. */
    public record Summary(String encoderKey, int total, int extracted, int cached, int failed,
                          List<StoreIndex.Failure> failures, int partitions, double seconds) {
    }

    private final SparkSession spark;
    private final EncoderOpener encoder;
    private final FeatureStore store;
    private final Options options;

    public SparkFeatureExtraction(SparkSession spark, EncoderOpener encoder, FeatureStore store, Options options) {
        this.spark = spark;
        this.encoder = encoder;
        this.store = store;
        this.options = options;
    }

    /**
     * Enough tasks for every slot to get several (a retried task then redoes little) and for the
     * end of the job not to wait on one long task; at most about 500 utterances (minutes) per task.
     */
    public static int defaultPartitions(int utterances, int slots) {
        int bySize = (utterances + 499) / 500;
        return Math.max(1, Math.min(utterances, Math.max(4 * slots, bySize)));
    }

    public Summary run(List<Utterance> utterances) throws IOException {
        EncoderInfo info = options.pooling().describe(identity());
        // Timed from here, as the local extractor's summary is (it gets an encoder already open).
        long t0 = System.nanoTime();
        String key = store.prepare(info);
        Path dir = store.encoderDir(key);
        Map<String, IndexRow> index = StoreIndex.read(dir);
        foldJournals(dir, key, index);
        int partitions = options.partitions() > 0 ? options.partitions()
                : defaultPartitions(utterances.size(), spark.sparkContext().defaultParallelism());

        List<ExtractionOutcome> outcomes = encodeOnExecutors(utterances, dir, key, knownEntries(index), partitions);
        requireEntriesVisibleHere(outcomes, key);

        // As the local extractor: a file that works now loses its old failure, a failed one its index row;
        // merged under the store's index lock, so local extract runs sharing the store lose nothing.
        int extracted = 0;
        int cached = 0;
        List<IndexRow> rows = new ArrayList<>();
        List<StoreIndex.Failure> newFailures = new ArrayList<>();
        for (ExtractionOutcome o : outcomes) {
            switch (o.outcome()) {
                case EXTRACTED, CACHED -> {
                    rows.add(o.toIndexRow());
                    if (o.outcome() == ExtractionOutcome.Status.EXTRACTED) {
                        extracted++;
                    } else {
                        cached++;
                    }
                }
                case FAILED -> newFailures.add(o.toFailure());
            }
        }
        StoreIndex.merge(dir, new StoreIndex.Changes(rows, utterances.stream().map(Utterance::id).toList(), newFailures),
                store.stalePolicy());
        deleteJournals(dir); // the index now holds what they recorded
        store.removeThisProcessTemporaries(key); // left by task attempts that died mid-write in this JVM
        newFailures.sort(Comparator.comparing(f -> f.corpus() + "/" + f.path()));
        return new Summary(key, utterances.size(), extracted, cached, newFailures.size(), newFailures, partitions,
                (System.nanoTime() - t0) / 1e9);
    }

    /** The Spark job: utterances as a Dataset in {@code partitions} partitions, each encoded on an executor. */
    private List<ExtractionOutcome> encodeOnExecutors(List<Utterance> utterances, Path dir, String key,
                                                      Map<String, KnownEntry> knownEntries, int partitions)
            throws IOException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<Map<String, KnownEntry>> known = jsc.broadcast(knownEntries);
        ExtractionCounters counters = ExtractionCounters.register(spark.sparkContext());
        List<UtteranceRecord> records = utterances.stream().map(UtteranceRecord::of).toList();
        Dataset<UtteranceRecord> input = spark.createDataset(jsc.parallelize(records, partitions).rdd(),
                Encoders.bean(UtteranceRecord.class));
        PartitionExtractor work = new PartitionExtractor(encoder, store.root().toAbsolutePath().toString(), key,
                options.frames(), options.pooling(), known, counters);
        jsc.setJobDescription("layeranchor extract: " + utterances.size() + " utterances into " + dir);
        try {
            return input.mapPartitions(work, Encoders.bean(ExtractionOutcome.class)).collectAsList();
        } catch (Exception e) { // SparkException, undeclared: Scala has no checked exceptions
            throw new IOException("the Spark job failed (" + rootMessage(e) + "); entries already written are kept "
                    + "and a rerun extracts only the rest", e);
        } finally {
            known.destroy();
        }
    }

    /**
     * Every entry the executors wrote or found must be in the store as the driver sees it; if not, the
     * store is not one folder shared by the driver and the executors (a local path on a cluster), and
     * an index written now would name entries that are not there. Fails without touching the index.
     */
    private void requireEntriesVisibleHere(List<ExtractionOutcome> outcomes, String key) throws IOException {
        List<ExtractionOutcome> stored = outcomes.stream()
                .filter(o -> o.outcome() != ExtractionOutcome.Status.FAILED).toList();
        List<ExtractionOutcome> missing = stored.stream()
                .filter(o -> !store.hasEntry(key, o.getAudioSha256(), options.frames())).toList();
        if (!missing.isEmpty()) {
            throw new IOException(store.root().resolve(key) + ": " + missing.size() + " of the " + stored.size()
                    + " entries the executors wrote are not there as the driver sees it (first: " + missing.get(0).key()
                    + "); the store must be one folder that the driver and every executor share, at the same path "
                    + "(docs/SCALE_OUT.md); the index was left as it was");
        }
    }

    /** The encoder's identity, learnt without keeping an encoder open in the driver. */
    private EncoderInfo identity() throws IOException {
        try {
            return encoder.describe();
        } catch (org.layeranchor.encoder.EncoderException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static Map<String, KnownEntry> knownEntries(Map<String, IndexRow> index) {
        Map<String, KnownEntry> known = new HashMap<>();
        for (IndexRow r : index.values()) {
            known.putIfAbsent(r.audioSha256(), new KnownEntry(r.durationS(), r.frames(), r.hasFrames(), r.pooledCrc32(),
                    r.framesCrc32()));
        }
        return known;
    }

    /**
     * Folds the journals of an earlier job that did not finish into the index, and writes it. A row
     * counts only if its entry is in the store here (a journal written on a filesystem the driver
     * does not share may name entries it cannot see).
     */
    private void foldJournals(Path dir, String key, Map<String, IndexRow> index) throws IOException {
        List<Path> journals = journals(dir);
        if (journals.isEmpty()) {
            return;
        }
        Map<String, IndexRow> journaled = new TreeMap<>();
        for (Path j : journals) {
            StoreIndex.foldJournal(j, journaled);
        }
        List<IndexRow> present = new ArrayList<>();
        for (IndexRow r : journaled.values()) {
            if (store.hasEntry(key, r.audioSha256(), r.hasFrames())) {
                present.add(r);
            }
        }
        index.putAll(StoreIndex.merge(dir, new StoreIndex.Changes(present, List.of(), List.of()), store.stalePolicy()));
        for (Path j : journals) {
            Files.deleteIfExists(j);
        }
    }

    /**
     * Deletes the journals and then their folder, so that a finished job leaves the same files as
     * {@code layeranchor extract}. A folder that is not empty (a late attempt of a task that Spark
     * already gave up on wrote a journal after the list above) stays: the next job folds that journal.
     */
    private static void deleteJournals(Path dir) throws IOException {
        for (Path j : journals(dir)) {
            Files.deleteIfExists(j);
        }
        try {
            Files.deleteIfExists(dir.resolve(TaskJournal.FOLDER));
        } catch (DirectoryNotEmptyException e) {
            // kept on purpose, see above
        }
    }

    private static List<Path> journals(Path dir) throws IOException {
        Path folder = dir.resolve(TaskJournal.FOLDER);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
