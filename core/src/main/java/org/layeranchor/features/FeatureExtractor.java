package org.layeranchor.features;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.layeranchor.audio.Audio;
import org.layeranchor.audio.AudioException;
import org.layeranchor.audio.AudioReader;
import org.layeranchor.corpus.Utterance;
import org.layeranchor.encoder.EncoderException;
import org.layeranchor.encoder.HiddenStates;
import org.layeranchor.encoder.SpeechEncoder;

/**
 * Encodes every utterance once and stores its per-layer features (see {@link FeatureStore}).
 *
 * <p>Reliability rules: a bad audio file is recorded in {@code failures.csv} and the others go on;
 * a failure to write the store (disk full, unwritable folder) stops the run, because every later
 * write would fail too, and what was written stays valid. Each finished entry is appended to a
 * journal that is fsynced before the next line, and folded into {@code index.csv} at the end of the
 * run or, after a kill, at the start of the next one.
 */
public final class FeatureExtractor {
    /**
     * @param frames  also store frame-level features (float16)
     * @param workers utterances encoded at once
     */
    public record Options(boolean frames, int workers) {
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

    private static final String JOURNAL = "journal.csv";

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
        String key = store.prepare(encoder.info());
        Path dir = store.encoderDir(key);
        Map<String, IndexRow> index = StoreIndex.read(dir);
        foldJournal(dir, index);
        StoreIndex.write(dir, index.values());
        Map<String, IndexRow> bySha = new HashMap<>();
        index.values().forEach(r -> bySha.putIfAbsent(r.audioSha256(), r));
        Map<String, StoreIndex.Failure> failures = StoreIndex.readFailures(dir);

        AtomicInteger extracted = new AtomicInteger();
        AtomicInteger cached = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<IOException> fatal = new AtomicReference<>();
        List<StoreIndex.Failure> newFailures = java.util.Collections.synchronizedList(new ArrayList<>());
        int total = utterances.size();
        listener.started(total);

        try (FileChannel journal = FileChannel.open(dir.resolve(JOURNAL), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
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
                        boolean fresh = extractOne(u, key, bySha, journal);
                        (fresh ? extracted : cached).incrementAndGet();
                    } catch (FeatureStore.StoreWriteException e) {
                        fatal.compareAndSet(null, e);
                        return;
                    } catch (AudioException | EncoderException | IOException | RuntimeException e) {
                        failed.incrementAndGet();
                        newFailures.add(new StoreIndex.Failure(u.corpus(), u.path(), u.line(), message(e)));
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
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("unexpected error in an extraction worker", e.getCause());
                }
            }
            pool.shutdown();
        }

        // Fold this run's journal into the index; record failures (a file that now works loses its old one).
        foldJournal(dir, index);
        for (Utterance u : utterances) {
            failures.remove(u.id());
        }
        for (StoreIndex.Failure f : newFailures) {
            failures.put(f.corpus() + "/" + f.path(), f);
            index.remove(f.corpus() + "/" + f.path());
        }
        if (fatal.get() == null) {
            StoreIndex.write(dir, index.values());
            StoreIndex.writeFailures(dir, failures.values());
            Files.deleteIfExists(dir.resolve(JOURNAL));
        } else {
            throw fatal.get();
        }
        List<StoreIndex.Failure> sorted = new ArrayList<>(newFailures);
        sorted.sort(java.util.Comparator.comparing(f -> f.corpus() + "/" + f.path()));
        return new Summary(key, total, extracted.get(), cached.get(), failed.get(), sorted,
                (System.nanoTime() - t0) / 1e9);
    }

    /** Returns true when the utterance was encoded, false when its entry was already in the store. */
    private boolean extractOne(Utterance u, String key, Map<String, IndexRow> bySha, FileChannel journal)
            throws IOException, AudioException, EncoderException {
        Path file = u.audioFile();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new AudioException(file.toString(), AudioException.Kind.UNREADABLE, "cannot read (" + e.getMessage() + ")", e);
        }
        String sha = sha256(bytes);
        boolean complete = store.hasPooled(key, sha) && (!options.frames() || store.hasFrames(key, sha));
        IndexRow known;
        synchronized (bySha) {
            known = bySha.get(sha);
        }
        if (complete && known != null) {
            // Same audio, same encoder: reuse the entry; the manifest's labels may have changed, so take them anew.
            appendJournal(journal, row(u, sha, known.durationS(), known.frames(), options.frames() || known.hasFrames()));
            return false;
        }
        Audio audio = AudioReader.read(bytes, file.toString());
        HiddenStates hs = encoder.encode(audio);
        IndexRow r = store.writeEntry(key, u, sha, audio.durationSeconds(), hs, options.frames());
        synchronized (bySha) {
            bySha.put(sha, r);
        }
        appendJournal(journal, r);
        return true;
    }

    private static IndexRow row(Utterance u, String sha, double duration, int frames, boolean hasFrames) {
        return IndexRow.of(u, sha, duration, frames, hasFrames);
    }

    private static void appendJournal(FileChannel journal, IndexRow r) throws IOException {
        String line = r.csvLine();
        synchronized (journal) {
            try {
                journal.write(java.nio.ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
                journal.force(false);
            } catch (IOException e) {
                throw new FeatureStore.StoreWriteException("could not append to the store's journal ("
                        + e.getMessage() + "); entries already in the store are intact", e);
            }
        }
    }

    /** Adds the journal's complete lines to {@code index}; a line cut by a kill is ignored. */
    private static void foldJournal(Path dir, Map<String, IndexRow> index) throws IOException {
        StoreIndex.foldJournal(dir.resolve(JOURNAL), index);
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
