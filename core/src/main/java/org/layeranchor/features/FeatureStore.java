package org.layeranchor.features;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.layeranchor.corpus.Utterance;
import org.layeranchor.encoder.EncoderInfo;
import org.layeranchor.encoder.HiddenStates;
import org.layeranchor.npy.Npy;
import org.layeranchor.npy.NpyArray;

/**
 * A folder of extracted features, readable from Python with numpy alone.
 *
 * <pre>
 * STORE/
 *   &lt;encoder key&gt;/                 one folder per model identity + front-end settings
 *     encoder.json                     what produced the features (EncoderInfo)
 *     index.csv                        one row per utterance: corpus, path, speaker, emotion, ..., files
 *     failures.csv                     utterances that could not be extracted, with the error
 *     pooled/ab/abcdef....npy          float32 [layers, 2, dim]: mean and std over frames
 *     frames/ab/abcdef....npy          float16 [layers, frames, dim] (only with --frames)
 * </pre>
 * Entries are named by the SHA-256 of the audio file's bytes inside the folder of the encoder key,
 * so a changed file or model gets a new entry and an unchanged one is never extracted again.
 * Every file is written under a temporary name and renamed into place, so a process killed at any
 * moment leaves only complete entries (and stray temporaries, removed on the next open).
 */
public final class FeatureStore {
    static final String TMP_MARK = ".tmp-";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;

    private FeatureStore(Path root) {
        this.root = root;
    }

    /** Opens (creating if needed) a store; fails clearly when the path is not a writable folder. */
    public static FeatureStore open(Path root) throws IOException {
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new IOException(root + ": the store must be a folder, but a file is there");
        }
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new IOException(root + ": cannot create the store folder (" + e.getMessage() + ")", e);
        }
        return new FeatureStore(root);
    }

    /** Opens an existing store for reading. */
    public static FeatureStore openExisting(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException(root + ": no feature store here (run 'layeranchor extract' first)");
        }
        return new FeatureStore(root);
    }

    public Path root() {
        return root;
    }

    /** The folder name for an encoder: its identity plus the settings that change its output. */
    public static String encoderKey(EncoderInfo info) {
        StringBuilder sb = new StringBuilder(info.identity());
        info.settings().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> sb.append('_').append(e.getKey().replace("_", "")).append('-').append(e.getValue()));
        return sb.toString().replaceAll("[^A-Za-z0-9._-]", "");
    }

    /** Encoder keys present in this store. */
    public List<String> encoderKeys() throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("encoder.json")))
                    .map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The one encoder key to use: the given one, or the only one in the store. */
    public String resolveEncoderKey(String requested) throws IOException {
        List<String> keys = encoderKeys();
        if (requested != null && !requested.isBlank()) {
            if (!keys.contains(requested)) {
                throw new IOException(root + ": no features for encoder '" + requested + "'; the store has " + keys);
            }
            return requested;
        }
        if (keys.size() != 1) {
            throw new IOException(root + (keys.isEmpty() ? ": the store holds no features yet (run 'layeranchor extract')"
                    : ": the store holds features of several encoders " + keys + "; choose one with --encoder"));
        }
        return keys.get(0);
    }

    public Path encoderDir(String key) {
        return root.resolve(key);
    }

    static String entryPath(String kind, String sha256) {
        return kind + "/" + sha256.substring(0, 2) + "/" + sha256 + ".npy";
    }

    /** Prepares the folder of an encoder: writes encoder.json and removes temporaries of killed runs. */
    public String prepare(EncoderInfo info) throws IOException {
        String key = encoderKey(info);
        Path dir = encoderDir(key);
        Files.createDirectories(dir);
        removeTemporaries(dir);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("family", info.family());
        json.put("identity", info.identity());
        json.put("layers", info.layers());
        json.put("dim", info.dim());
        json.put("frame_rate_hz", info.frameRateHz());
        json.put("parameters", info.parameters());
        json.put("settings", info.settings());
        writeAtomically(dir.resolve("encoder.json"), out -> JSON.writeValue(out, json));
        return key;
    }

    public EncoderInfo readEncoderInfo(String key) throws IOException {
        Path f = encoderDir(key).resolve("encoder.json");
        Map<?, ?> m = JSON.readValue(f.toFile(), Map.class);
        @SuppressWarnings("unchecked")
        Map<String, String> settings = (Map<String, String>) m.get("settings");
        return new EncoderInfo((String) m.get("family"), (String) m.get("identity"), ((Number) m.get("layers")).intValue(),
                ((Number) m.get("dim")).intValue(), ((Number) m.get("frame_rate_hz")).doubleValue(),
                ((Number) m.get("parameters")).longValue(), settings);
    }

    public boolean hasPooled(String key, String sha256) {
        return Files.isRegularFile(encoderDir(key).resolve(entryPath("pooled", sha256)));
    }

    public boolean hasFrames(String key, String sha256) {
        return Files.isRegularFile(encoderDir(key).resolve(entryPath("frames", sha256)));
    }

    /** The content key of an audio file (its entry's name): the SHA-256 of the file's bytes, in hex. */
    public static String contentKey(byte[] audioFileBytes) {
        return FeatureExtractor.sha256(audioFileBytes);
    }

    /** Whether the entry {@code sha256} is complete: pooled statistics, and frame features when {@code withFrames}. */
    public boolean hasEntry(String key, String sha256, boolean withFrames) {
        return hasPooled(key, sha256) && (!withFrames || hasFrames(key, sha256));
    }

    /**
     * Writes one utterance's entry from its hidden states and returns its index row. The frame features
     * (when asked for) are written before the pooled statistics, so an entry counts as present
     * ({@link #hasPooled}) only once all its files are in place; each file is written atomically.
     * Used by the local extractor and by distributed ones, so every writer produces the same entries.
     */
    public IndexRow writeEntry(String key, Utterance u, String sha256, double durationS, HiddenStates hs,
                               boolean withFrames) throws IOException {
        float[][][] pooled = new float[hs.layerCount()][][];
        for (int l = 0; l < hs.layerCount(); l++) {
            pooled[l] = PooledStatistics.of(hs.layers()[l]);
        }
        if (withFrames) {
            writeFrames(key, sha256, hs.layers());
        }
        writePooled(key, sha256, pooled);
        return IndexRow.of(u, sha256, durationS, hs.frameCount(), withFrames);
    }

    /**
     * Removes the temporaries that writers killed mid-write left in an encoder folder. Only while no
     * other writer works on the folder: a live writer's temporary would be removed under it.
     */
    public void removeTemporaries(String key) throws IOException {
        removeTemporaries(encoderDir(key));
    }

    /** Writes the pooled statistics [layers][2][dim] of one entry. */
    public void writePooled(String key, String sha256, float[][][] pooled) throws IOException {
        int layers = pooled.length;
        int dim = pooled[0][0].length;
        float[] flat = new float[layers * 2 * dim];
        for (int l = 0; l < layers; l++) {
            System.arraycopy(pooled[l][0], 0, flat, (l * 2) * dim, dim);
            System.arraycopy(pooled[l][1], 0, flat, (l * 2 + 1) * dim, dim);
        }
        Path f = encoderDir(key).resolve(entryPath("pooled", sha256));
        createParent(f);
        writeAtomically(f, out -> Npy.writeFloat32(out, flat, layers, 2, dim));
    }

    /** Writes frame features [layers][frames][dim] of one entry as float16. */
    public void writeFrames(String key, String sha256, float[][][] frames) throws IOException {
        int layers = frames.length;
        int n = frames[0].length;
        int dim = frames[0][0].length;
        float[] flat = new float[layers * n * dim];
        for (int l = 0; l < layers; l++) {
            for (int f = 0; f < n; f++) {
                System.arraycopy(frames[l][f], 0, flat, (l * n + f) * dim, dim);
            }
        }
        Path f = encoderDir(key).resolve(entryPath("frames", sha256));
        createParent(f);
        writeAtomically(f, out -> Npy.writeFloat16(out, flat, layers, n, dim));
    }

    /** Reads pooled statistics as [layers][2][dim]. */
    public float[][][] readPooled(String key, String sha256) throws IOException {
        NpyArray a = Npy.read(encoderDir(key).resolve(entryPath("pooled", sha256)));
        int layers = (int) a.shape()[0];
        int dim = (int) a.shape()[2];
        float[][][] out = new float[layers][2][dim];
        for (int l = 0; l < layers; l++) {
            System.arraycopy(a.data(), (l * 2) * dim, out[l][0], 0, dim);
            System.arraycopy(a.data(), (l * 2 + 1) * dim, out[l][1], 0, dim);
        }
        return out;
    }

    /** Reads frame features as [layers][frames][dim]. */
    public float[][][] readFrames(String key, String sha256) throws IOException {
        NpyArray a = Npy.read(encoderDir(key).resolve(entryPath("frames", sha256)));
        int layers = (int) a.shape()[0];
        int n = (int) a.shape()[1];
        int dim = (int) a.shape()[2];
        float[][][] out = new float[layers][n][dim];
        for (int l = 0; l < layers; l++) {
            for (int f = 0; f < n; f++) {
                System.arraycopy(a.data(), (l * n + f) * dim, out[l][f], 0, dim);
            }
        }
        return out;
    }

    /** Rows of the index for the given corpora (all corpora when {@code corpora} is empty), by corpus and path. */
    public List<IndexRow> rows(String key, java.util.Collection<String> corpora) throws IOException {
        List<IndexRow> out = new ArrayList<>();
        for (IndexRow r : StoreIndex.read(encoderDir(key)).values()) {
            if (corpora.isEmpty() || corpora.contains(r.corpus())) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * Rows of one corpus whose emotion is in {@code classes} (after its merges), relabelled with the class.
     * Reads labels: use it for labelled data only, never to choose unlabelled target data.
     */
    public List<IndexRow> labelledRows(String key, String corpus, org.layeranchor.corpus.ClassSet classes) throws IOException {
        List<IndexRow> out = new ArrayList<>();
        for (IndexRow r : rows(key, List.of(corpus))) {
            classes.classOf(r.emotion()).ifPresent(c -> out.add(r.withEmotion(c)));
        }
        return out;
    }

    /** Loads the pooled features of {@code rows} into memory, in that order. */
    public FeatureSet load(String key, List<IndexRow> rows) throws IOException {
        List<org.layeranchor.corpus.Utterance> utterances = new ArrayList<>(rows.size());
        float[][][] mean = null;
        float[][][] std = null;
        for (int i = 0; i < rows.size(); i++) {
            IndexRow r = rows.get(i);
            float[][][] pooled = readPooled(key, r.audioSha256());
            if (mean == null) {
                mean = new float[pooled.length][rows.size()][];
                std = new float[pooled.length][rows.size()][];
            }
            for (int l = 0; l < pooled.length; l++) {
                mean[l][i] = pooled[l][0];
                std[l][i] = pooled[l][1];
            }
            utterances.add(r.toUtterance());
        }
        if (mean == null) {
            int layers = readEncoderInfo(key).layers();
            mean = new float[layers][0][];
            std = new float[layers][0][];
        }
        return new FeatureSet(utterances, mean, std);
    }

    /**
     * Loads the frame features of {@code rows} into memory, in that order; fails naming the first
     * row whose frames were not stored ({@code extract --frames}).
     */
    public FrameFeatureSet loadFrames(String key, List<IndexRow> rows) throws IOException {
        List<org.layeranchor.corpus.Utterance> utterances = new ArrayList<>(rows.size());
        float[][][][] frames = new float[rows.size()][][][];
        for (int i = 0; i < rows.size(); i++) {
            IndexRow r = rows.get(i);
            if (!hasFrames(key, r.audioSha256())) {
                throw new IOException("no frame features stored for " + r.corpus() + "/" + r.path() + " (encoder " + key
                        + "); attentive pooling needs them: run extract with --frames");
            }
            frames[i] = readFrames(key, r.audioSha256());
            utterances.add(r.toUtterance());
        }
        return new FrameFeatureSet(utterances, frames);
    }

    private static void createParent(Path file) throws StoreWriteException {
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new StoreWriteException(file.getParent() + ": cannot create folder (" + describe(e)
                    + "); entries already in the store are intact", e);
        }
    }

    /** Writes {@code file} via a temporary in the same folder, flushed to disk, then renamed into place. */
    static void writeAtomically(Path file, IoWriter writer) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + TMP_MARK + UUID.randomUUID());
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 OutputStream out = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch), 1 << 16)) {
                // Writers (Jackson, for one) may close the stream they get; the fsync below needs it open.
                writer.write(new java.io.FilterOutputStream(out) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        flush();
                    }
                });
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw new StoreWriteException(file + ": could not write (" + describe(e) + "); entries already in the store are intact", e);
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (m.contains("No space left")) {
            return "the disk is full";
        }
        return e.getClass().getSimpleName() + ": " + m;
    }

    private static void removeTemporaries(Path dir) throws IOException {
        List<Path> stale = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(p -> p.getFileName().toString().contains(TMP_MARK)).forEach(stale::add);
        }
        for (Path p : stale) {
            Files.deleteIfExists(p);
        }
    }

    /** Writes one file's content. */
    @FunctionalInterface
    interface IoWriter {
        void write(OutputStream out) throws IOException;
    }

    /** Writing to the store failed: extraction must stop (unlike a bad audio file, which is skipped). */
    public static final class StoreWriteException extends IOException {
        private static final long serialVersionUID = 1L;

        public StoreWriteException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
