package org.layeranchor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.corpus.SplitFile;
import org.layeranchor.encoder.EncoderInfo;
import org.layeranchor.features.FeatureStore;
import org.layeranchor.features.IndexRow;
import org.layeranchor.features.StoreIndex;
import org.layeranchor.features.StoreVerifier;

public class SyntheticStoreTest {
    static final int LAYERS = 3;
    static final int DIM = 4;

    /** A real-looking store of two corpora, 6 utterances by 3 speakers each, and its split files. */
    public static String realStore(Path store, Path splits) throws IOException {
        return realStore(store, splits, false);
    }

    /** As {@link #realStore(Path, Path)}, with 5 frames of features per entry when {@code withFrames}. */
    public static String realStore(Path store, Path splits, boolean withFrames) throws IOException {
        FeatureStore fs = FeatureStore.open(store);
        String key = fs.prepare(new EncoderInfo("whisper", "whisper-test", LAYERS, DIM, 50.0, 1000, Map.of("mode", "fast")));
        Random random = new Random(7);
        List<IndexRow> rows = new ArrayList<>();
        Files.createDirectories(splits);
        for (String corpus : List.of("alpha", "beta")) {
            StringBuilder split = new StringBuilder("path,speaker,gender,split\n");
            for (int i = 0; i < 6; i++) {
                float[][][] pooled = new float[LAYERS][2][DIM];
                for (int l = 0; l < LAYERS; l++) {
                    for (int d = 0; d < DIM; d++) {
                        pooled[l][0][d] = (float) random.nextGaussian() * 3;
                        pooled[l][1][d] = (float) Math.abs(random.nextGaussian());
                    }
                }
                String sha = String.format("%064x", corpus.hashCode() * 100L + i);
                String crc = fs.writePooled(key, sha, pooled);
                String framesCrc = "";
                if (withFrames) {
                    float[][][] frames = new float[LAYERS][5][DIM];
                    for (float[][] layer : frames) {
                        for (float[] frame : layer) {
                            for (int d = 0; d < DIM; d++) {
                                frame[d] = (float) random.nextGaussian();
                            }
                        }
                    }
                    framesCrc = fs.writeFrames(key, sha, frames);
                }
                String speaker = corpus + "-" + (i / 2);
                String path = "audio/u" + i + ".wav";
                rows.add(new IndexRow(corpus, "/data/" + corpus, path, speaker, "f", i % 2 == 0 ? "angry" : "sad", "xx",
                        2.0, sha, withFrames ? 5 : 100, withFrames, crc, framesCrc));
                split.append(path).append(',').append(speaker).append(",f,").append(i / 2 == 0 ? "adapt" : "test").append('\n');
            }
            Files.writeString(splits.resolve(corpus + ".adapt-test.csv"), split.toString());
        }
        StoreIndex.write(fs.encoderDir(key), rows);
        return key;
    }

    @Test
    void copiesAreNewUtterancesOfNewSpeakersInAValidStore(@TempDir Path tmp) throws Exception {
        String key = realStore(tmp.resolve("real"), tmp.resolve("splits"));
        FeatureStore real = FeatureStore.openExisting(tmp.resolve("real"));
        SyntheticStore.Result r = new SyntheticStore(real, key, tmp.resolve("splits"))
                .write(tmp.resolve("big"), tmp.resolve("big-splits"), 30, 0.05, 3);

        assertEquals(30, r.utterances());
        assertEquals(Map.of("alpha", 15, "beta", 15), r.perCorpus());
        FeatureStore big = FeatureStore.openExisting(tmp.resolve("big"));
        assertEquals(key, r.encoderKey());
        StoreVerifier.Report verified = new StoreVerifier(big, true).verify(key);
        assertTrue(verified.ok(), verified.problems().toString());
        assertEquals(30, verified.rows());

        List<IndexRow> rows = big.rows(key, List.of());
        Set<String> entries = new HashSet<>();
        Map<String, IndexRow> realByKey = new HashMap<>();
        for (IndexRow row : real.rows(key, List.of())) {
            realByKey.put(row.corpus() + "/" + row.path(), row);
        }
        for (IndexRow row : rows) {
            assertTrue(entries.add(row.audioSha256()), "entry keys are unique");
            assertTrue(row.speaker().matches("(alpha|beta)-[0-2]~c[0-2]"), row.speaker());
            IndexRow original = realByKey.get(row.corpus() + "/" + row.path().replaceFirst("^synthetic/c[0-9]+/", ""));
            assertEquals(original.emotion(), row.emotion());
            assertEquals(original.speaker(), row.speaker().replaceFirst("~c[0-9]+$", ""));

            // Close to the original (noise of 5% of the spread), yet not equal to it; standard deviations stay >= 0.
            float[][][] copy = big.readPooled(key, row);
            float[][][] orig = real.readPooled(key, original);
            double largest = 0;
            for (int l = 0; l < LAYERS; l++) {
                for (int d = 0; d < DIM; d++) {
                    largest = Math.max(largest, Math.abs(copy[l][0][d] - orig[l][0][d]));
                    assertTrue(copy[l][1][d] >= 0);
                }
            }
            assertTrue(largest > 0 && largest < 1.0, "mean moved by " + largest);
        }

        // Split files: every copy listed, in its real speaker's half; SplitFile.read checks speaker-disjointness.
        for (String corpus : List.of("alpha", "beta")) {
            List<SplitFile.Row> split = SplitFile.read(tmp.resolve("big-splits").resolve(corpus + ".adapt-test.csv"));
            assertEquals(15, split.size());
            for (SplitFile.Row s : split) {
                assertEquals(s.speaker().startsWith(corpus + "-0~") ? "adapt" : "test", s.split(), s.toString());
            }
        }
    }

    @Test
    void aPartialLastRoundSpreadsOverTheIndex() {
        assertEquals(List.of(0, 1, 2, 3, 0, 2), java.util.stream.IntStream.range(0, 6)
                .map(i -> SyntheticStore.realIndex(i, 6, 4)).boxed().toList());
        assertEquals(List.of(0, 1, 2, 3, 0, 1, 2, 3), java.util.stream.IntStream.range(0, 8)
                .map(i -> SyntheticStore.realIndex(i, 8, 4)).boxed().toList());
    }

    @Test
    void withoutNoiseTheFirstCopyHasTheRealValuesAndTheSameSeedTheSameStore(@TempDir Path tmp) throws Exception {
        String key = realStore(tmp.resolve("real"), tmp.resolve("splits"));
        FeatureStore real = FeatureStore.openExisting(tmp.resolve("real"));
        SyntheticStore builder = new SyntheticStore(real, key, tmp.resolve("splits"));
        builder.write(tmp.resolve("exact"), tmp.resolve("exact-splits"), 12, 0.0, 1);
        FeatureStore exact = FeatureStore.openExisting(tmp.resolve("exact"));
        List<IndexRow> realRows = real.rows(key, List.of());
        for (IndexRow row : exact.rows(key, List.of())) {
            IndexRow original = realRows.stream().filter(o -> row.path().endsWith("/" + o.path())
                    && o.corpus().equals(row.corpus())).findFirst().orElseThrow();
            assertEquals(List.of(List.of(real.readPooled(key, original)[1][0][2])),
                    List.of(List.of(exact.readPooled(key, row)[1][0][2])));
            assertNotEquals(original.audioSha256(), row.audioSha256());
        }

        builder.write(tmp.resolve("a"), tmp.resolve("a-splits"), 14, 0.1, 9);
        builder.write(tmp.resolve("b"), tmp.resolve("b-splits"), 14, 0.1, 9);
        assertEquals(Files.readString(tmp.resolve("a").resolve(key).resolve("index.csv")),
                Files.readString(tmp.resolve("b").resolve(key).resolve("index.csv")), "same seed, same checksums");
        assertThrows(IOException.class, () -> builder.write(tmp.resolve("a"), tmp.resolve("a-splits"), 14, 0.1, 9),
                "an existing synthetic store is not overwritten");
        assertThrows(IllegalArgumentException.class, () -> builder.write(tmp.resolve("c"), tmp.resolve("c-splits"), 0, 0.1, 9));
    }

    @Test
    void linkedFramesAreTheRealFilesUnderTheCopiesKeys(@TempDir Path tmp) throws Exception {
        String key = realStore(tmp.resolve("real"), tmp.resolve("splits"), true);
        FeatureStore real = FeatureStore.openExisting(tmp.resolve("real"));
        new SyntheticStore(real, key, tmp.resolve("splits")).write(tmp.resolve("big"), tmp.resolve("big-splits"), 20, 0.05, 3, true);

        FeatureStore big = FeatureStore.openExisting(tmp.resolve("big"));
        StoreVerifier.Report verified = new StoreVerifier(big, true).verify(key);
        assertTrue(verified.ok(), verified.problems().toString());
        Map<String, IndexRow> realByPath = new HashMap<>();
        for (IndexRow row : real.rows(key, List.of())) {
            realByPath.put(row.corpus() + "/" + row.path(), row);
        }
        List<IndexRow> rows = big.rows(key, List.of());
        assertEquals(20, rows.size());
        for (IndexRow row : rows) {
            IndexRow original = realByPath.get(row.corpus() + "/" + row.path().replaceFirst("^synthetic/c[0-9]+/", ""));
            assertTrue(row.hasFrames());
            assertEquals(original.framesCrc32(), row.framesCrc32());
            Path copyFile = big.encoderDir(key).resolve(row.framesFile());
            assertTrue(Files.isSameFile(copyFile, real.encoderDir(key).resolve(original.framesFile())), "a hard link, no copy");
            assertEquals(java.util.Arrays.deepToString(real.readFrames(key, original)),
                    java.util.Arrays.deepToString(big.readFrames(key, row)));
            // The copy's audio (read again by the vowel detector) leads to the real audio file.
            Path audio = Path.of(row.corpusDir()).resolve(row.path());
            assertTrue(audio.startsWith(tmp.resolve("big").toAbsolutePath()), audio.toString());
            assertEquals(Path.of(original.corpusDir()).resolve(original.path()).toAbsolutePath(), Files.readSymbolicLink(audio));
        }

        // Without frames in the real store there is nothing to link: a clear error before anything is written.
        String bare = realStore(tmp.resolve("bare"), tmp.resolve("bare-splits"), false);
        IOException e = assertThrows(IOException.class, () -> new SyntheticStore(FeatureStore.openExisting(tmp.resolve("bare")), bare,
                tmp.resolve("bare-splits")).write(tmp.resolve("big2"), tmp.resolve("big2-splits"), 5, 0.05, 3, true));
        assertTrue(e.getMessage().contains("index.csv") && e.getMessage().contains("has no frame features to link"), e.getMessage());
        assertTrue(Files.notExists(tmp.resolve("big2")), "refused before anything is written");
    }
}
