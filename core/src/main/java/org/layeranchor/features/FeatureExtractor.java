package org.layeranchor.features;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.layeranchor.audio.Audio;
import org.layeranchor.audio.AudioException;
import org.layeranchor.audio.AudioReader;
import org.layeranchor.audio.FailureMessage;
import org.layeranchor.corpus.Utterance;
import org.layeranchor.encoder.EncoderException;
import org.layeranchor.encoder.HiddenStates;
import org.layeranchor.encoder.SpeechEncoder;
import org.layeranchor.io.RegularFiles;

/**
 * Encodes every utterance once and stores its per-layer features (see {@link FeatureStore}).
 *
 * <p>Reliability rules: a bad audio file is recorded in {@code failures.csv} and the others go on;
 * a failure to write the store (disk full, unwritable folder) stops the run, because every later
 * write would fail too, and what was written stays valid. Each finished entry is appended to this
 * run's own {@link Journal}, fsynced before the next line, and merged into {@code index.csv}
 * ({@link StoreIndex#merge}) at the end of the run or, after a kill or a full disk, by the next run
 * of any writer. Other writers may extract into the same store meanwhile.
 */
public final class FeatureExtractor {
    /**
     * @param frames  also store frame-level features (float16)
     * @param workers utterances encoded at once
     * @param pooling which frames the stored statistics are pooled over (part of the store key)
     */
    public record Options(boolean frames, int workers, Pooling pooling) {
        public Options {
            java.util.Objects.requireNonNull(pooling, "pooling");
        }

        /** Pooled over every frame, as stores were before pooling was a setting. */
        public Options(boolean frames, int workers) {
            this(frames, workers, Pooling.WHOLE);
        }
    }

    /** What happened to each utterance. */
    public record Summary(String encoderKey, int total, int extracted, int cached, int failed,
                          List<StoreIndex.Failure> failures, double seconds) {
    }

    /** Called from worker threads; implementations synchronise themselves. */
    public interface Listener {
        void started(int total);

        void progress(int extracted, int cached, int failed, int total);

        Listener NONE = new Listener() {
            @Override
            public void started(int total) {
            }

            @Override
            public void progress(int extracted, int cached, int failed, int total) {
            }
        };
    }

    private final SpeechEncoder encoder;
    private final FeatureStore store;
    private final Options options;

    public FeatureExtractor(SpeechEncoder encoder, FeatureStore store, Options options) {
        this.encoder = encoder;
        this.store = store;
        this.options = options;
    }

    public Summary run(List<Utterance> utterances, Listener listener) throws IOException {
        long t0 = System.nanoTime();
        String key = store.prepare(options.pooling().describe(encoder.info()));
        Path dir = store.encoderDir(key);
        // Rows of runs killed before their merge join the index first, so that their entries are reused.
        Map<String, IndexRow> index = StoreIndex.merge(dir, StoreIndex.Changes.NONE, store.stalePolicy());
        Map<String, IndexRow> bySha = new HashMap<>();
        index.values().forEach(r -> bySha.putIfAbsent(r.audioSha256(), r));
        Map<String, IndexRow> done = new ConcurrentHashMap<>();

        AtomicInteger extracted = new AtomicInteger();
        AtomicInteger cached = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<IOException> fatal = new AtomicReference<>();
        List<StoreIndex.Failure> newFailures = Collections.synchronizedList(new ArrayList<>());
        int total = utterances.size();
        listener.started(total);

        try (Journal journal = Journal.open(dir)) {
            ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, options.workers()), r -> {
                Thread t = new Thread(r, "layeranchor-extract");
                t.setDaemon(true);
                return t;
            });
            List<Future<?>> futures = new ArrayList<>();
            for (Utterance u : utterances) {
                futures.add(pool.submit(() -> {
                    if (fatal.get() != null) {
                        return; // the store cannot be written: do no more work
                    }
                    try {
                        boolean fresh = extractOne(u, key, bySha, journal, done);
                        (fresh ? extracted : cached).incrementAndGet();
                    } catch (FeatureStore.StoreWriteException e) {
                        fatal.compareAndSet(null, e);
                        return;
                    } catch (Exception | OutOfMemoryError | StackOverflowError e) {
                        // Any failure of one file, running out of memory on it included, is that file's
                        // line in failures.csv; the other workers and files go on.
                        failed.incrementAndGet();
                        newFailures.add(new StoreIndex.Failure(u.corpus(), u.path(), u.line(),
                                FailureMessage.line(u.audioFile().toString(), e)));
                        if (Boolean.getBoolean("layeranchor.debug")) {
                            e.printStackTrace();
                        }
                    }
                    listener.progress(extracted.get(), cached.get(), failed.get(), total);
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("extraction interrupted", e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException("unexpected error in an extraction worker", e.getCause());
                }
            }
            pool.shutdown();
            if (fatal.get() != null) {
                throw fatal.get(); // the journal stays: the next run merges what this one finished
            }
            // Merge this run's rows and failures (a file that now works loses its old failure).
            StoreIndex.merge(dir, new StoreIndex.Changes(done.values(), utterances.stream().map(Utterance::id).toList(),
                    newFailures), store.stalePolicy());
            journal.closeAndDelete();
        }
        List<StoreIndex.Failure> sorted = new ArrayList<>(newFailures);
        sorted.sort(Comparator.comparing(f -> f.corpus() + "/" + f.path()));
        return new Summary(key, total, extracted.get(), cached.get(), failed.get(), sorted,
                (System.nanoTime() - t0) / 1e9);
    }

    /** Returns true when the utterance was encoded, false when its entry was already in the store. */
    private boolean extractOne(Utterance u, String key, Map<String, IndexRow> bySha, Journal journal,
                               Map<String, IndexRow> done) throws IOException, AudioException, EncoderException {
        Path file = u.audioFile();
        byte[] bytes;
        try {
            bytes = RegularFiles.readAllBytes(file);
        } catch (IOException e) {
            throw new AudioException(file.toString(), AudioException.Kind.UNREADABLE, "cannot read (" + e.getMessage() + ")", e);
        }
        String sha = sha256(bytes);
        boolean complete = store.hasPooled(key, sha) && (!options.frames() || store.hasFrames(key, sha));
        IndexRow known;
        synchronized (bySha) {
            known = bySha.get(sha);
        }
        if (complete && known == null) {
            known = rowOfAnotherWriter(key, sha, bySha);
        }
        if (complete && known != null) {
            // Same audio, same encoder: reuse the entry; the manifest's labels may have changed, so take them anew.
            boolean hasFrames = options.frames() || known.hasFrames();
            // The checksums recorded when the entry was written stay with it ("" for stores older than checksums).
            IndexRow r = IndexRow.of(u, sha, known.durationS(), known.frames(), hasFrames, known.pooledCrc32(),
                    known.framesCrc32());
            journal.append(r);
            done.put(r.key(), r);
            return false;
        }
        Audio audio = AudioReader.read(bytes, file.toString());
        HiddenStates hs = encoder.encode(audio);
        IndexRow r = store.writeEntry(key, u, sha, audio.durationSeconds(), hs, options.pooling().pool(hs, audio),
                options.frames());
        synchronized (bySha) {
            bySha.put(sha, r);
        }
        journal.append(r);
        done.put(r.key(), r);
        return true;
    }

    /**
     * The row of an entry that another writer sharing the store finished after this run started (so
     * that the work is not done twice): from its journal, or from index.csv if it merged already.
     * Null when no row is found (an entry of a run killed before its journal line: encoded again).
     */
    private IndexRow rowOfAnotherWriter(String key, String sha, Map<String, IndexRow> bySha) {
        Path dir = store.encoderDir(key);
        try {
            Map<String, IndexRow> rows = StoreIndex.read(dir);
            for (Path j : Journal.all(dir)) {
                Journal.fold(j, rows);
            }
            synchronized (bySha) {
                rows.values().forEach(r -> bySha.putIfAbsent(r.audioSha256(), r));
                return bySha.get(sha);
            }
        } catch (IOException e) {
            return null; // a damaged journal is the merge's to report; here it only costs an encode
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
