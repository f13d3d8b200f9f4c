package org.layeranchor.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.audio.AudioReader;
import org.layeranchor.corpus.Utterance;
import org.layeranchor.encoder.HiddenStates;
import org.layeranchor.encoder.weights.WeightSources;
import org.layeranchor.encoder.whisper.WhisperEncoder;
import org.layeranchor.io.Npy;
import org.layeranchor.io.NpyArray;
import org.layeranchor.testing.TestWav;
import org.layeranchor.testing.TinyWhisper;

class FeatureStoreTest {
    @TempDir
    static Path modelDir;
    private static WhisperEncoder encoder;

    @BeforeAll
    static void model() throws Exception {
        TinyWhisper.write(modelDir, 11);
        encoder = WhisperEncoder.load(WeightSources.open(modelDir), new WhisperEncoder.Options(WhisperEncoder.Mode.FAST, 1));
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    /** A corpus of tones with one file that is not audio. */
    static List<Utterance> corpus(Path dir, String name, int n, boolean withBadFile) throws IOException {
        Files.createDirectories(dir.resolve("audio"));
        List<Utterance> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String path = "audio/u" + i + ".wav";
            TestWav.writeMono16(dir.resolve(path), 16000, TestWav.tone(200 + 50 * i, 16000, 0.5 + 0.1 * i, 0.3));
            out.add(new Utterance(name, dir, path, "s" + (i % 3), i % 2 == 0 ? "f" : "m", i % 2 == 0 ? "happy" : "sad",
                    "xx", "", Double.NaN, Map.of(), i + 2));
        }
        if (withBadFile) {
            Files.writeString(dir.resolve("audio/bad.wav"), "this is not audio");
            out.add(new Utterance(name, dir, "audio/bad.wav", "s9", "f", "angry", "xx", "", Double.NaN, Map.of(), n + 2));
        }
        return out;
    }

    @Test
    void extractsOnceRecordsFailuresAndResumesFromCache(@TempDir Path tmp) throws Exception {
        List<Utterance> utts = corpus(tmp.resolve("c1"), "c1", 5, true);
        FeatureStore store = FeatureStore.open(tmp.resolve("store"));
        FeatureExtractor ex = new FeatureExtractor(encoder, store, new FeatureExtractor.Options(false, 2));
        FeatureExtractor.Summary first = ex.run(utts, FeatureExtractor.Listener.NONE);
        assertEquals(5, first.extracted());
        assertEquals(1, first.failed());
        assertTrue(first.failures().get(0).error().contains("bad.wav"), first.failures().get(0).error());

        Path dir = store.encoderDir(first.encoderKey());
        Map<String, IndexRow> index = StoreIndex.read(dir);
        assertEquals(5, index.size());
        assertEquals(1, StoreIndex.readFailures(dir).size());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("journal")).toList(),
                    "a finished run's journal is merged and removed");
        }

        // The stored statistics are the mean and std over frames of what the encoder returns.
        IndexRow r = index.get("c1/audio/u3.wav");
        HiddenStates hs = encoder.encode(AudioReader.read(tmp.resolve("c1/audio/u3.wav")));
        NpyArray pooled = Npy.read(dir.resolve(r.pooledFile()));
        assertArrayEquals(new long[] {TinyWhisper.BLOCKS + 1, 2, TinyWhisper.D}, pooled.shape());
        float[][] expected = PooledStatistics.of(hs.layers()[2]);
        float[][][] read = store.readPooled(first.encoderKey(), r.audioSha256());
        assertArrayEquals(expected[0], read[2][0]);
        assertArrayEquals(expected[1], read[2][1]);
        assertEquals(hs.frameCount(), r.frames());
        assertEquals("sad", r.emotion());
        // Extracted without --frames: attentive pooling's loader says what is missing.
        IOException noFrames = assertThrows(IOException.class,
                () -> store.loadFrames(first.encoderKey(), store.rows(first.encoderKey(), List.of("c1"))));
        assertTrue(noFrames.getMessage().contains("--frames"), noFrames.getMessage());

        // A rerun encodes nothing; a changed file is extracted again.
        FeatureExtractor.Summary second = ex.run(utts, FeatureExtractor.Listener.NONE);
        assertEquals(0, second.extracted());
        assertEquals(5, second.cached());
        TestWav.writeMono16(tmp.resolve("c1/audio/u1.wav"), 16000, TestWav.tone(999, 16000, 0.7, 0.3));
        FeatureExtractor.Summary third = ex.run(utts, FeatureExtractor.Listener.NONE);
        assertEquals(1, third.extracted());
        assertEquals(4, third.cached());
    }

    @Test
    void twoCorporaShareOneStoreAndLoadAsAFeatureSet(@TempDir Path tmp) throws Exception {
        FeatureStore store = FeatureStore.open(tmp.resolve("store"));
        FeatureExtractor ex = new FeatureExtractor(encoder, store, new FeatureExtractor.Options(true, 1));
        String key = ex.run(corpus(tmp.resolve("a"), "a", 3, false), FeatureExtractor.Listener.NONE).encoderKey();
        ex.run(corpus(tmp.resolve("b"), "b", 4, false), FeatureExtractor.Listener.NONE);
        assertEquals(List.of(key), store.encoderKeys());
        assertEquals(7, store.rows(key, List.of()).size());
        FeatureSet b = store.load(key, store.rows(key, List.of("b")));
        assertEquals(4, b.rows());
        assertEquals(TinyWhisper.BLOCKS + 1, b.layers());
        assertEquals(TinyWhisper.D, b.dim());
        assertEquals("b", b.utterances().get(0).corpus());
        // Frame features are float16 [layers, frames, dim] and round to the encoder's output.
        IndexRow r = store.rows(key, List.of("a")).get(0);
        NpyArray frames = Npy.read(store.encoderDir(key).resolve(r.framesFile()));
        assertEquals("<f2", frames.dtype());
        assertEquals(r.frames(), frames.shape()[1]);
        float[][][] f = store.readFrames(key, r.audioSha256());
        HiddenStates hs = encoder.encode(AudioReader.read(tmp.resolve("a").resolve(r.path())));
        for (int d = 0; d < TinyWhisper.D; d++) {
            float v = hs.layers()[1][0][d];
            assertEquals(v, f[1][0][d], Math.abs(v) * 1e-3 + 1e-4);
        }
        // The same frames, per row, as a FrameFeatureSet for attentive pooling.
        FrameFeatureSet af = store.loadFrames(key, store.rows(key, List.of("a")));
        assertEquals(3, af.rows());
        assertEquals(TinyWhisper.BLOCKS + 1, af.layers());
        assertEquals(TinyWhisper.D, af.dim());
        assertEquals(r.path(), af.utterances().get(0).path());
        assertEquals(r.frames(), af.frames()[0][1].length);
        assertArrayEquals(f[1][0], af.frames()[0][1][0]);
    }

    @Test
    void entriesAnotherWriterFinishesMeanwhileAreNotEncodedAgain(@TempDir Path tmp) throws Exception {
        List<Utterance> utts = corpus(tmp.resolve("c"), "c", 4, false);
        FeatureStore other = FeatureStore.open(tmp.resolve("other"));
        String key = new FeatureExtractor(encoder, other, new FeatureExtractor.Options(false, 1))
                .run(utts, FeatureExtractor.Listener.NONE).encoderKey();
        Map<String, IndexRow> otherRows = StoreIndex.read(other.encoderDir(key));

        // While this run does its first utterance, another writer finishes the other three (entries, then journal).
        FeatureStore store = FeatureStore.open(tmp.resolve("store"));
        Path dir = store.encoderDir(key);
        FeatureExtractor.Listener anotherWriter = new FeatureExtractor.Listener() {
            @Override
            public void started(int total) {
            }

            @Override
            public void progress(int extracted, int cached, int failed, int total) {
                if (extracted + cached + failed != 1) {
                    return;
                }
                try {
                    StringBuilder journal = new StringBuilder();
                    for (Utterance u : utts.subList(1, 4)) {
                        IndexRow r = otherRows.get(u.id());
                        Files.createDirectories(dir.resolve(r.pooledFile()).getParent());
                        Files.copy(other.encoderDir(key).resolve(r.pooledFile()), dir.resolve(r.pooledFile()));
                        journal.append(r.csvLine());
                    }
                    Files.writeString(dir.resolve(Journal.PREFIX + WriterId.current().uniqueTag() + ".csv"), journal);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        FeatureExtractor.Summary s = new FeatureExtractor(encoder, store, new FeatureExtractor.Options(false, 1))
                .run(utts, anotherWriter);
        assertEquals(1, s.extracted());
        assertEquals(3, s.cached());
        assertEquals(otherRows, StoreIndex.read(dir), "the same rows, checksums included, as the other writer's");
    }

    @Test
    void aStoreThatCannotBeWrittenStopsWithAClearMessageAndKeepsWhatWasWritten(@TempDir Path tmp) throws Exception {
        Path notAFolder = tmp.resolve("file");
        Files.writeString(notAFolder, "x");
        IOException e = assertThrows(IOException.class, () -> FeatureStore.open(notAFolder));
        assertTrue(e.getMessage().contains("must be a folder"), e.getMessage());

        FeatureStore store = FeatureStore.open(tmp.resolve("store"));
        FeatureExtractor ex = new FeatureExtractor(encoder, store, new FeatureExtractor.Options(false, 1));
        List<Utterance> utts = corpus(tmp.resolve("c"), "c", 3, false);
        String key = ex.run(utts.subList(0, 1), FeatureExtractor.Listener.NONE).encoderKey();
        // Make every new entry unwritable: the pooled/ folder is replaced by a file.
        Path pooled = store.encoderDir(key).resolve("pooled");
        Path kept = tmp.resolve("kept");
        Files.move(pooled, kept);
        Files.writeString(pooled, "blocked");
        IOException w = assertThrows(IOException.class, () -> ex.run(utts, FeatureExtractor.Listener.NONE));
        assertTrue(w instanceof FeatureStore.StoreWriteException, w.toString());
        assertTrue(w.getMessage().contains(pooled.toString()) && w.getMessage().contains("intact"), w.getMessage());
        Files.delete(pooled);
        Files.move(kept, pooled);
        // The entry written before the failure is still there and is reused.
        FeatureExtractor.Summary again = ex.run(utts, FeatureExtractor.Listener.NONE);
        assertEquals(1, again.cached());
        assertEquals(2, again.extracted());
    }
}
