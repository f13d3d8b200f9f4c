package org.layeranchor.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.layeranchor.corpus.SplitFile;
import org.layeranchor.encoder.EncoderInfo;
import org.layeranchor.encoder.EncoderLocation;
import org.layeranchor.features.FeatureStore;
import org.layeranchor.features.IndexRow;
import org.layeranchor.features.StoreIndex;
import org.layeranchor.io.CsvWriter;

/**
 * A large feature store made from a real one, to measure how analysis, training and the benchmark
 * grow with the number of utterances ({@code bench synthetic-store}).
 *
 * <p>Utterance {@code i} of the new store is a noisy copy of a real entry, copy number {@code c = i / R}
 * (R real rows): every real row once per round, and in a last, partial round rows evenly spaced over
 * the index, so the corpora keep their proportions ({@link #realIndex}). Each copy has
 * <ul>
 *   <li>a new entry key (SHA-256 of the real key and the copy number), so every copy is its own file;</li>
 *   <li>a new path {@code synthetic/c<c>/<real path>} in the same corpus, with the same emotion and language;</li>
 *   <li>a new speaker {@code <real speaker>~c<c>}, so that copies of one speaker never share a speaker
 *       id and speaker-independent splits and per-speaker statistics stay meaningful;</li>
 *   <li>pooled statistics plus Gaussian noise of {@code noise} times the real store's spread of that
 *       layer and dimension (so copies are not identical rows, which would flatter every classifier).</li>
 * </ul>
 * Frame features are about 1 MB per utterance and 100,000 noisy copies would not fit a disk, so by default
 * only pooled statistics are written and strategies that read frames (lam-vowel, {@code --vowels}) cannot run
 * on the store. With {@code linkFrames} each copy's frame file is a <em>hard link</em> to its real entry's
 * (no bytes written; the same checksum), and its audio a symbolic link {@code OUT/audio/CORPUS/<copy path>} to
 * the real file (the vowel detector decodes it again; the copies' {@code corpus_dir} is that folder). The
 * frames of a copy are then exactly the real ones, not noisy, which leaves the <em>cost</em> of reading and
 * pooling them per utterance as it is (what the measurements need) but makes copies identical for whatever
 * pools frames. The store is a valid one (checksums in index.csv, {@code store verify} passes). Split files
 * {@code CORPUS.adapt-test.csv} for the copies are written next to it, each copy in its real speaker's half.
 */
public final class SyntheticStore {
    /** Where the synthetic store was written and what it holds. */
    public record Result(Path store, String encoderKey, Path splits, int utterances, Map<String, Integer> perCorpus) {
    }

    private final FeatureStore real;
    private final String key;
    private final Path realSplits;

    /**
     * @param real       the store whose entries are copied (read only)
     * @param key        its encoder key
     * @param realSplits folder of the real corpora's split files ({@code CORPUS.adapt-test.csv})
     */
    public SyntheticStore(FeatureStore real, String key, Path realSplits) {
        this.real = real;
        this.key = key;
        this.realSplits = realSplits;
    }

    /**
     * Writes {@code n} noisy copies into {@code out} (a store folder, which must not hold this encoder's
     * features yet) and their split files into {@code splitsOut}.
     */
    public Result write(Path out, Path splitsOut, int n, double noise, long seed) throws IOException {
        return write(out, splitsOut, n, noise, seed, false);
    }

    /**
     * As {@link #write(Path, Path, int, double, long)}; with {@code linkFrames} every copy's frame file is a
     * hard link to its real entry's frame file (the real store must hold frames for every entry and be on
     * the same file system as {@code out}) and its audio a symbolic link to the real audio.
     */
    public Result write(Path out, Path splitsOut, int n, double noise, long seed, boolean linkFrames) throws IOException {
        if (n < 1) {
            throw new IllegalArgumentException("the synthetic store needs at least 1 utterance (got " + n + ")");
        }
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException("noise must be a finite fraction >= 0 (got " + noise + ")");
        }
        List<IndexRow> realRows = new ArrayList<>(StoreIndex.read(real.encoderDir(key)).values());
        if (realRows.isEmpty()) {
            throw new IOException(real.root() + ": encoder " + key + " has no entries to copy");
        }
        if (linkFrames) {
            for (IndexRow r : realRows) {
                if (!r.hasFrames()) {
                    throw new IOException(real.encoderDir(key).resolve("index.csv") + ": entry " + r.key()
                            + " has no frame features to link; extract the real store with --frames");
                }
            }
        }
        FeatureStore target = FeatureStore.open(out);
        if (Files.exists(target.encoderDir(key).resolve("index.csv"))) {
            throw new IOException(target.encoderDir(key) + ": already holds an index; choose an empty folder");
        }
        EncoderInfo info = real.readEncoderInfo(key);
        String newKey = target.prepare(info);
        copyEncoderLocation(newKey, target);
        float[][][] spread = spread(realRows);
        List<IndexRow> rows = new ArrayList<>(n);
        Map<String, Integer> perCorpus = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            int copy = i / realRows.size();
            IndexRow r = realRows.get(realIndex(i, n, realRows.size()));
            float[][][] pooled = real.readPooled(key, r);
            addNoise(pooled, spread, noise, new SplittableRandom(seed * 1_000_003L + i));
            String sha = copyKey(r.audioSha256(), copy);
            String crc = target.writePooled(newKey, sha, pooled);
            String corpusDir = linkFrames ? linkAudio(r, copy, out) : r.corpusDir();
            IndexRow copyRow = new IndexRow(r.corpus(), corpusDir, copyPath(r.path(), copy), copySpeaker(r.speaker(), copy),
                    r.gender(), r.emotion(), r.language(), r.durationS(), sha, r.frames(), linkFrames, crc,
                    linkFrames ? r.framesCrc32() : "");
            if (linkFrames) {
                linkFrames(r, target.encoderDir(newKey).resolve(copyRow.framesFile()));
            }
            rows.add(copyRow);
            perCorpus.merge(r.corpus(), 1, Integer::sum);
        }
        StoreIndex.write(target.encoderDir(newKey), rows);
        writeSplits(rows, splitsOut);
        return new Result(out, newKey, splitsOut, n, perCorpus);
    }

    /**
     * Links the copy's audio, {@code OUT/audio/CORPUS/<copy path>}, to the real file (the vowel detector
     * decodes it again) and returns the copy's corpus folder.
     */
    private static String linkAudio(IndexRow realRow, int copy, Path out) throws IOException {
        Path audioRoot = out.toAbsolutePath().normalize().resolve("audio").resolve(realRow.corpus());
        Path link = audioRoot.resolve(copyPath(realRow.path(), copy));
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, Path.of(realRow.corpusDir()).resolve(realRow.path()).toAbsolutePath());
        return audioRoot.toString();
    }

    /** Hard-links the real entry's frame file to {@code copy} (a copy of the bytes would need ~1 MB per utterance). */
    private void linkFrames(IndexRow realRow, Path copy) throws IOException {
        Path original = real.encoderDir(key).resolve(realRow.framesFile());
        Files.createDirectories(copy.getParent());
        try {
            Files.createLink(copy, original);
        } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
            throw new IOException(copy + ": cannot hard-link the frame features of " + original
                    + " (the synthetic store must be on the same file system as the real one): " + e.getMessage(), e);
        }
    }

    /**
     * Which real row utterance {@code i} of {@code n} copies: every row in turn, and in the last,
     * partial round rows evenly spaced over the index, so that the corpora keep their real proportions.
     */
    static int realIndex(int i, int n, int realRows) {
        int j = i % realRows;
        int partial = n % realRows;
        boolean lastRound = i / realRows == n / realRows;
        return lastRound ? (int) ((long) j * realRows / partial) : j;
    }

    /** The copy's path: real paths are unique within a corpus, so copy number plus path is too. */
    static String copyPath(String realPath, int copy) {
        return "synthetic/c" + copy + "/" + realPath;
    }

    /** The copy's speaker: one new speaker per real speaker and copy ("" stays unknown). */
    static String copySpeaker(String realSpeaker, int copy) {
        return realSpeaker.isEmpty() ? "" : realSpeaker + "~c" + copy;
    }

    static String copyKey(String realSha256, int copy) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(d.digest((realSha256 + ":synthetic-copy:" + copy).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /**
     * The standard deviation over the real rows of every stored value ([layer][mean|std][dim]), in one
     * streaming pass (Welford), so the noise has the scale of each dimension's real variation.
     */
    private float[][][] spread(List<IndexRow> rows) throws IOException {
        double[][][] mean = null;
        double[][][] m2 = null;
        long count = 0;
        for (IndexRow r : rows) {
            float[][][] p = real.readPooled(key, r);
            if (mean == null) {
                mean = new double[p.length][2][p[0][0].length];
                m2 = new double[p.length][2][p[0][0].length];
            }
            count++;
            for (int l = 0; l < p.length; l++) {
                for (int s = 0; s < 2; s++) {
                    for (int d = 0; d < p[l][s].length; d++) {
                        double delta = p[l][s][d] - mean[l][s][d];
                        mean[l][s][d] += delta / count;
                        m2[l][s][d] += delta * (p[l][s][d] - mean[l][s][d]);
                    }
                }
            }
        }
        float[][][] sd = new float[mean.length][2][mean[0][0].length];
        for (int l = 0; l < sd.length; l++) {
            for (int s = 0; s < 2; s++) {
                for (int d = 0; d < sd[l][s].length; d++) {
                    sd[l][s][d] = (float) Math.sqrt(m2[l][s][d] / Math.max(1, count - 1));
                }
            }
        }
        return sd;
    }

    /** Adds the noise in place; a standard deviation stays non-negative. */
    static void addNoise(float[][][] pooled, float[][][] spread, double noise, SplittableRandom random) {
        for (int l = 0; l < pooled.length; l++) {
            for (int s = 0; s < 2; s++) {
                for (int d = 0; d < pooled[l][s].length; d++) {
                    float v = (float) (pooled[l][s][d] + noise * spread[l][s][d] * random.nextGaussian());
                    pooled[l][s][d] = s == 1 ? Math.max(0f, v) : v;
                }
            }
        }
    }

    private void copyEncoderLocation(String newKey, FeatureStore target) throws IOException {
        Path location = real.encoderDir(key).resolve(EncoderLocation.FILE);
        if (Files.isRegularFile(location)) {
            Files.copy(location, target.encoderDir(newKey).resolve(EncoderLocation.FILE),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * One split file per corpus: each copy in the half of its real utterance (hence of its real
     * speaker), so the halves stay speaker-disjoint. A real row missing from its split file is left
     * out of the copy's file too, as the real protocol leaves it out.
     */
    private void writeSplits(List<IndexRow> rows, Path splitsOut) throws IOException {
        Files.createDirectories(splitsOut);
        Map<String, Map<String, String>> realSplit = new LinkedHashMap<>();
        Map<String, Writer> writers = new LinkedHashMap<>();
        try {
            for (IndexRow r : rows) {
                Map<String, String> splitOf = realSplit.computeIfAbsent(r.corpus(), this::readRealSplit);
                Writer w = writers.get(r.corpus());
                if (w == null) {
                    w = Files.newBufferedWriter(splitsOut.resolve(r.corpus() + ".adapt-test.csv"), StandardCharsets.UTF_8);
                    w.write(CsvWriter.line(SplitFile.HEADER));
                    writers.put(r.corpus(), w);
                }
                String realPath = r.path().substring(r.path().indexOf('/', "synthetic/c".length()) + 1);
                String split = splitOf.get(realPath);
                if (split != null) {
                    w.write(CsvWriter.line(List.of(r.path(), r.speaker(), r.gender(), split)));
                }
            }
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        } finally {
            for (Writer w : writers.values()) {
                w.close();
            }
        }
    }

    private Map<String, String> readRealSplit(String corpus) {
        Path file = realSplits.resolve(corpus + ".adapt-test.csv");
        Map<String, String> out = new java.util.HashMap<>();
        try {
            if (Files.exists(file)) {
                for (SplitFile.Row row : SplitFile.read(file)) {
                    out.put(row.path(), row.split());
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }
}
