package org.layeranchor.features;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.layeranchor.corpus.Utterance;
import org.layeranchor.encoder.EncoderInfo;
import org.layeranchor.encoder.HiddenStates;
import org.layeranchor.io.Npy;
import org.layeranchor.io.NpyArray;
import org.layeranchor.io.RegularFiles;

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
 *
 * <p>Rules that make the store safe to share and to lose power in (they live here and in
 * {@link AtomicFiles}, {@link StoreIndex}, {@link Journal}, so that every writer, the CLI's and a
 * Spark job's, follows them):
 * <ul>
 *   <li>every file is written under a temporary name of its writer and renamed into place, so a
 *       process killed at any moment leaves only complete entries;</li>
 *   <li>an entry, once in place, is never replaced (two writers of the same content: the first wins);</li>
 *   <li>{@code index.csv} is only changed by {@link StoreIndex#merge}, under a file lock;</li>
 *   <li>a temporary is removed only when {@link StaleFilePolicy} proves its writer gone;</li>
 *   <li>each index row records the CRC-32 of its entry files, checked whenever an entry is loaded
 *       for analysis or training ({@link #load}, {@link #loadFrames}) and by {@link StoreVerifier}.</li>
 * </ul>
 * A writer other than {@link FeatureExtractor} (a Spark job, say) follows them by calling
 * {@link #prepare} once, {@link #writeFrames} and {@link #writePooled} per entry (they return the
 * checksums its {@link IndexRow} records), and {@link StoreIndex#merge} with its rows at the end.
 */
public final class FeatureStore {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;
    private final StaleFilePolicy stalePolicy;

    private FeatureStore(Path root, StaleFilePolicy stalePolicy) {
        this.root = root;
        this.stalePolicy = stalePolicy;
    }

    /** The same store, removing temporaries and journals of other writers by {@code policy}. */
    public FeatureStore withStalePolicy(StaleFilePolicy policy) {
        return new FeatureStore(root, policy);
    }

    public StaleFilePolicy stalePolicy() {
        return stalePolicy;
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
        return new FeatureStore(root, StaleFilePolicy.DEFAULT);
    }

    /** Opens an existing store for reading. */
    public static FeatureStore openExisting(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException(root + ": no feature store here (fill one with 'layeranchor extract' or 'layeranchor "
                    + "benchmark', then name its folder: --store DIR on the command line, store: DIR in a run file)");
        }
        return new FeatureStore(root, StaleFilePolicy.DEFAULT);
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

    /**
     * Prepares the folder of an encoder: writes encoder.json (unless it already says the same) and
     * removes the temporaries of writers that are provably gone (never those of a live writer).
     */
    public String prepare(EncoderInfo info) throws IOException {
        String key = encoderKey(info);
        Path dir = encoderDir(key);
        createFolder(dir);
        removeStaleTemporaries(dir);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("family", info.family());
        json.put("identity", info.identity());
        json.put("layers", info.layers());
        json.put("dim", info.dim());
        json.put("frame_rate_hz", info.frameRateHz());
        json.put("parameters", info.parameters());
        json.put("settings", info.settings());
        writeUnlessSame(dir.resolve("encoder.json"), JSON.writeValueAsBytes(json));
        return key;
    }

    /** Records where the encoder's weights are ({@code encoder-location.json}, a hint for 'train' and 'predict'). */
    public void writeEncoderLocation(String key, org.layeranchor.encoder.EncoderLocation location) throws IOException {
        writeUnlessSame(encoderDir(key).resolve(org.layeranchor.encoder.EncoderLocation.FILE), location.content());
    }

    /**
     * Replaces {@code file} atomically, but only when its content changes: concurrent writers of the
     * same store then rarely rewrite it, and a rerun on a full disk does not fail on a file it need not write.
     */
    private static void writeUnlessSame(Path file, byte[] bytes) throws IOException {
        if (!Files.isRegularFile(file) || !Arrays.equals(bytes, Files.readAllBytes(file))) {
            AtomicFiles.write(file, out -> out.write(bytes));
        }
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
     * Writes one utterance's entry from its hidden states and returns its index row, with the
     * checksums of the files in place. The frame features (when asked for) are written before the
     * pooled statistics, so an entry counts as present ({@link #hasPooled}) only once all its files
     * are; each file is written atomically and never replaces one another writer placed. Used by the
     * local extractor and by distributed ones, so every writer produces the same entries.
     */
    public IndexRow writeEntry(String key, Utterance u, String sha256, double durationS, HiddenStates hs,
                               boolean withFrames) throws IOException {
        float[][][] pooled = new float[hs.layerCount()][][];
        for (int l = 0; l < hs.layerCount(); l++) {
            pooled[l] = PooledStatistics.of(hs.layers()[l]);
        }
        return writeEntry(key, u, sha256, durationS, hs, pooled, withFrames);
    }

    /**
     * As {@link #writeEntry(String, Utterance, String, double, HiddenStates, boolean)}, with the pooled
     * statistics [layer][2][dim] computed by the caller ({@link Pooling#pool}); the frame features, when
     * asked for, are every frame of {@code hs} whatever the pooling.
     */
    public IndexRow writeEntry(String key, Utterance u, String sha256, double durationS, HiddenStates hs,
                               float[][][] pooled, boolean withFrames) throws IOException {
        FiniteFeatures.requireStorable(hs, withFrames); // a NaN stored is a NaN trained on
        String framesCrc = withFrames ? writeFrames(key, sha256, hs.layers()) : "";
        String pooledCrc = writePooled(key, sha256, pooled);
        return IndexRow.of(u, sha256, durationS, hs.frameCount(), withFrames, pooledCrc, framesCrc);
    }

    /**
     * Writes the pooled statistics [layers][2][dim] of one entry, unless another writer already
     * placed it; returns the {@link EntryChecksum} of the entry in place.
     */
    public String writePooled(String key, String sha256, float[][][] pooled) throws IOException {
        int layers = pooled.length;
        int dim = pooled[0][0].length;
        float[] flat = new float[layers * 2 * dim];
        for (int l = 0; l < layers; l++) {
            System.arraycopy(pooled[l][0], 0, flat, (l * 2) * dim, dim);
            System.arraycopy(pooled[l][1], 0, flat, (l * 2 + 1) * dim, dim);
        }
        Path f = encoderDir(key).resolve(entryPath("pooled", sha256));
        createFolder(f.getParent());
        return AtomicFiles.writeIfAbsent(f, out -> Npy.writeFloat32(out, flat, layers, 2, dim));
    }

    /** Writes frame features [layers][frames][dim] of one entry as float16, as {@link #writePooled} does. */
    public String writeFrames(String key, String sha256, float[][][] frames) throws IOException {
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
        createFolder(f.getParent());
        return AtomicFiles.writeIfAbsent(f, out -> Npy.writeFloat16(out, flat, layers, n, dim));
    }

    /** Reads pooled statistics as [layers][2][dim] (no checksum to compare: prefer {@link #readPooled(String, IndexRow)}). */
    public float[][][] readPooled(String key, String sha256) throws IOException {
        Path f = encoderDir(key).resolve(entryPath("pooled", sha256));
        return pooledArrays(Npy.read(f), f);
    }

    /** Reads the pooled statistics of an index row, failing (naming the file) if its checksum does not match. */
    public float[][][] readPooled(String key, IndexRow row) throws IOException {
        return pooledArrays(readChecked(key, row.pooledFile(), row.pooledCrc32()), encoderDir(key).resolve(row.pooledFile()));
    }

    private static float[][][] pooledArrays(NpyArray a, Path f) throws IOException {
        if (a.shape().length != 3 || a.shape()[1] != 2) {
            throw new IOException(f + ": expected pooled statistics [layers, 2, dim], found shape "
                    + Arrays.toString(a.shape()));
        }
        int layers = (int) a.shape()[0];
        int dim = (int) a.shape()[2];
        float[][][] out = new float[layers][2][dim];
        for (int l = 0; l < layers; l++) {
            System.arraycopy(a.data(), (l * 2) * dim, out[l][0], 0, dim);
            System.arraycopy(a.data(), (l * 2 + 1) * dim, out[l][1], 0, dim);
        }
        return out;
    }

    /** Reads frame features as [layers][frames][dim] (no checksum to compare: prefer {@link #readFrames(String, IndexRow)}). */
    public float[][][] readFrames(String key, String sha256) throws IOException {
        Path f = encoderDir(key).resolve(entryPath("frames", sha256));
        return frameArrays(Npy.read(f), f);
    }

    /** Reads the frame features of an index row, failing (naming the file) if its checksum does not match. */
    public float[][][] readFrames(String key, IndexRow row) throws IOException {
        if (!row.hasFrames()) {
            throw new IOException(row.key() + ": no frame features in the store (encoder " + key + "); run extract with --frames");
        }
        return frameArrays(readChecked(key, row.framesFile(), row.framesCrc32()), encoderDir(key).resolve(row.framesFile()));
    }

    /**
     * Reads one entry file, comparing it with the checksum its index row recorded (when it recorded
     * one). A mismatch fails rather than being skipped: leaving the utterance out would silently
     * change the data a model is trained or scored on.
     */
    private NpyArray readChecked(String key, String relative, String expectedCrc) throws IOException {
        Path f = encoderDir(key).resolve(relative);
        byte[] bytes;
        try {
            RegularFiles.require(f); // the kind first (a pipe, a device), then where a link leads
            RegularFiles.requireInside(f, encoderDir(key));
            bytes = RegularFiles.readAllBytes(f);
        } catch (NoSuchFileException e) {
            throw new IOException(f + ": entry missing from the store (listed in index.csv); run 'layeranchor store verify --store "
                    + root + "', then extract again");
        } catch (IOException e) {
            throw new IOException(f + ": " + e.getMessage(), e);
        }
        if (!expectedCrc.isEmpty()) {
            String actual = EntryChecksum.of(bytes);
            if (!actual.equals(expectedCrc)) {
                throw new CorruptEntryException(f + ": corrupt entry (CRC-32 " + actual + ", index.csv recorded " + expectedCrc
                        + "); run 'layeranchor store verify --store " + root + "', delete the files it names, and extract again");
            }
        }
        NpyArray a = Npy.read(new ByteArrayInputStream(bytes), f.toString());
        Optional<String> nonFinite = FiniteFeatures.describeNonFinite(a);
        if (nonFinite.isPresent()) {
            throw new CorruptEntryException(f + ": " + nonFinite.get() + "; run 'layeranchor store verify --store " + root
                    + "', delete the files it names, and extract again");
        }
        return a;
    }

    private static float[][][] frameArrays(NpyArray a, Path file) throws IOException {
        if (a.shape().length != 3) {
            throw new IOException(file + ": expected frame features [layers, frames, dim], found shape "
                    + Arrays.toString(a.shape()));
        }
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
    public List<IndexRow> rows(String key, Collection<String> corpora) throws IOException {
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
            float[][][] pooled = readPooled(key, r);
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
            if (!r.hasFrames() || !hasFrames(key, r.audioSha256())) {
                throw new IOException("no frame features stored for " + r.corpus() + "/" + r.path() + " (encoder " + key
                        + "); attentive pooling needs them: run extract with --frames");
            }
            frames[i] = readFrames(key, r);
            utterances.add(r.toUtterance());
        }
        return new FrameFeatureSet(utterances, frames);
    }

    private static void createFolder(Path dir) throws StoreWriteException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw AtomicFiles.writeFailure(dir, "cannot create folder", e);
        }
    }

    /**
     * Removes the temporaries that this process's own writers left (a Spark task attempt that died
     * mid-write in this JVM, in local mode). Only for a caller that knows no write of this process is
     * under way in this encoder folder (the Spark driver once its job has ended); other writers'
     * temporaries are left to {@link StaleFilePolicy}.
     */
    public void removeThisProcessTemporaries(String key) throws IOException {
        for (Path p : FolderScan.regularFiles(encoderDir(key))) {
            String name = p.getFileName().toString();
            if (name.contains(AtomicFiles.TMP_MARK)
                    && WriterId.ofFileName(name, AtomicFiles.TMP_MARK).filter(WriterId.current()::equals).isPresent()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Removes the temporaries in {@code dir} that {@link StaleFilePolicy} proves abandoned; leaves the rest. */
    private void removeStaleTemporaries(Path dir) throws IOException {
        List<Path> temporaries = FolderScan.regularFiles(dir).stream()
                .filter(p -> p.getFileName().toString().contains(AtomicFiles.TMP_MARK)).toList();
        Instant now = Instant.now();
        for (Path p : temporaries) {
            try {
                if (stalePolicy.isStale(p, AtomicFiles.TMP_MARK, now)) {
                    Files.deleteIfExists(p);
                }
            } catch (NoSuchFileException e) {
                // renamed into place or removed by its writer meanwhile: nothing to clean
            }
        }
    }

    /** An entry file whose bytes differ from the checksum recorded when it was written. */
    public static final class CorruptEntryException extends IOException {
        private static final long serialVersionUID = 1L;

        CorruptEntryException(String message) {
            super(message);
        }
    }

    /** Writing to the store failed: extraction must stop (unlike a bad audio file, which is skipped). */
    public static final class StoreWriteException extends IOException {
        private static final long serialVersionUID = 1L;

        public StoreWriteException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
