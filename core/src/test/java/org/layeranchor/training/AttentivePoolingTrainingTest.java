package org.layeranchor.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.corpus.Utterance;
import org.layeranchor.features.FeatureSet;
import org.layeranchor.features.FrameFeatureSet;
import org.layeranchor.training.nn.Parameter;

/**
 * {@code pooling: attentive} end to end on synthetic frames where the emotion is visible in two
 * marked frames of each utterance only, and two unmarked distractor frames carry another class's
 * cue just as strongly: per-utterance mean and standard deviation see both cues alike and cannot
 * tell which is the real one, attention on the marked frames can.
 */
class AttentivePoolingTrainingTest {
    private static final EncoderIdentity ENCODER = EncoderIdentity.of(Map.of("family", "synthetic", "weights", "frames"));
    private static final List<String> CLASSES = SyntheticCorpus.CLASSES;
    private static final int LAYERS = 2;
    private static final int DIM = 6;
    private static final AnchorInputs ANCHORS = AnchorInputs.none().withSimilarityRanking(1, 0);

    private static TrainingConfig quick(Strategy strategy, TrainingConfig.Pooling pooling) {
        return TrainingConfig.defaults().withHead(TrainingConfig.Head.MLP).withStandardisation(TrainingConfig.Standardisation.SOURCE).withStrategy(strategy).withOverrides(Map.of("projectionDim", 16,
                "hiddenDim", 16, "maxEpochs", 25, "batchSize", 32, "learningRate", 0.005, "anchorCount", 1,
                "pooling", pooling.key()));
    }

    /**
     * Frames [row][layer][T][DIM], T in 4..11: noise N(0, 1); two marked frames (dim 0 = +4) with the
     * class cue +3 on dim 1 + class; two unmarked frames with the cue of another class.
     */
    static FrameFeatureSet frames(String corpus, int rows, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Utterance> utts = new ArrayList<>(rows);
        float[][][][] f = new float[rows][LAYERS][][];
        for (int i = 0; i < rows; i++) {
            int c = i % CLASSES.size();
            int other = (c + 1 + r.nextInt(CLASSES.size() - 1)) % CLASSES.size();
            int t = 4 + r.nextInt(8);
            utts.add(new Utterance(corpus, Path.of("/synthetic/" + corpus), "u" + i + ".wav", "spk" + (i % 10), "",
                    CLASSES.get(c), "xx", "", Double.NaN, Map.of(), i + 2));
            // Positions of the two marked and two distractor frames, distinct.
            int[] order = shuffled(t, r);
            for (int l = 0; l < LAYERS; l++) {
                float[][] x = new float[t][DIM];
                for (float[] frame : x) {
                    for (int k = 0; k < DIM; k++) {
                        frame[k] = (float) gaussian(r);
                    }
                }
                for (int j = 0; j < 2; j++) {
                    x[order[j]][0] += 4;
                    x[order[j]][1 + c] += 3;
                    x[order[2 + j]][1 + other] += 3;
                }
                f[i][l] = x;
            }
        }
        return new FrameFeatureSet(utts, f);
    }

    /** The per-utterance [mean ‖ std] of the same frames, what statistics pooling reads. */
    static FeatureSet pooled(FrameFeatureSet frames) {
        int rows = frames.rows();
        float[][][] mean = new float[LAYERS][rows][DIM];
        float[][][] std = new float[LAYERS][rows][DIM];
        for (int i = 0; i < rows; i++) {
            for (int l = 0; l < LAYERS; l++) {
                float[][] x = frames.frames()[i][l];
                for (int k = 0; k < DIM; k++) {
                    double s = 0;
                    double sq = 0;
                    for (float[] frame : x) {
                        s += frame[k];
                        sq += frame[k] * (double) frame[k];
                    }
                    double m = s / x.length;
                    mean[l][i][k] = (float) m;
                    std[l][i][k] = (float) Math.sqrt(Math.max(0, sq / x.length - m * m));
                }
            }
        }
        return new FeatureSet(frames.utterances(), mean, std);
    }

    @Test
    void attentionFindsTheMarkedFramesThatStatisticsPoolingCannotTellApart() {
        FrameFeatureSet train = frames("src", 240, 1);
        FrameFeatureSet test = frames("test", 200, 2);
        TrainedModel attentive = Trainer.train(quick(Strategy.WEIGHTED_SUM, TrainingConfig.Pooling.ATTENTIVE), train,
                UnlabelledFrames.none(), ANCHORS, ENCODER);
        TrainedModel statistics = Trainer.train(quick(Strategy.WEIGHTED_SUM, TrainingConfig.Pooling.STATISTICS),
                pooled(train), UnlabelledFeatures.none(), ANCHORS, ENCODER);
        double attentiveUar = attentive.evaluate(test).uar();
        double statisticsUar = statistics.evaluate(pooled(test)).uar();
        assertTrue(attentiveUar > 0.8, () -> "attentive test UAR " + attentiveUar);
        assertTrue(attentiveUar > statisticsUar + 0.2,
                () -> "attentive " + attentiveUar + " vs statistics " + statisticsUar);
        assertEquals(DIM, attentive.description().inputDim());
        assertEquals(TrainingConfig.Pooling.ATTENTIVE, attentive.description().config().pooling());
    }

    @Test
    void attentiveTrainingWithCoralIsDeterministicAndSurvivesSaveAndLoad(@TempDir Path dir) throws Exception {
        FrameFeatureSet train = frames("src", 120, 3);
        UnlabelledFrames target = UnlabelledFrames.withoutLabels(frames("tgt", 80, 4));
        TrainingConfig cfg = quick(Strategy.LAM, TrainingConfig.Pooling.ATTENTIVE).withOverrides(Map.of("maxEpochs", 4));
        TrainedModel a = Trainer.train(cfg, train, target, ANCHORS, ENCODER);
        TrainedModel b = Trainer.train(cfg, train, target, ANCHORS, ENCODER);
        assertEquals(List.of(Anchor.ofLayers(1)), a.description().anchors());
        assertTrue(a.description().training().history().stream().allMatch(e -> e.coral() >= 0));
        assertSameWeights(a, b);
        assertTrue(Arrays.deepEquals(a.predictProba(target), b.predictProba(target)));

        Path folder = dir.resolve("model");
        a.save(folder);
        for (String w : List.of("score.weight", "score.bias", "vector")) {
            assertTrue(Files.isRegularFile(folder.resolve("weights/attention.layer0." + w + ".npy")), w);
        }
        TrainedModel loaded = TrainedModel.load(folder, ENCODER);
        assertEquals(a.description(), loaded.description());
        assertSameWeights(a, loaded);
        assertTrue(Arrays.deepEquals(a.predictProba(target), loaded.predictProba(target)));
        FrameFeatureSet labelled = frames("eval", 40, 5);
        assertArrayEquals(a.predictProba(labelled), loaded.predictProba(labelled));
    }

    @Test
    void poolingAndFeatureFormMustAgree() {
        FrameFeatureSet frames = frames("src", 40, 6);
        TrainingConfig attentiveCfg = quick(Strategy.LAST_LAYER, TrainingConfig.Pooling.ATTENTIVE)
                .withOverrides(Map.of("maxEpochs", 1));
        TrainingConfig statisticsCfg = quick(Strategy.LAST_LAYER, TrainingConfig.Pooling.STATISTICS)
                .withOverrides(Map.of("maxEpochs", 1));
        IllegalArgumentException a = assertThrows(IllegalArgumentException.class, () -> Trainer.train(attentiveCfg,
                pooled(frames), UnlabelledFeatures.none(), ANCHORS, ENCODER));
        assertTrue(a.getMessage().contains("'pooling: attentive' pools frames"), a.getMessage());
        IllegalArgumentException s = assertThrows(IllegalArgumentException.class, () -> Trainer.train(statisticsCfg,
                frames, UnlabelledFrames.none(), ANCHORS, ENCODER));
        assertTrue(s.getMessage().contains("'pooling: statistics' reads pooled statistics"), s.getMessage());

        TrainedModel attentive = Trainer.train(attentiveCfg, frames, UnlabelledFrames.none(), ANCHORS, ENCODER);
        TrainedModel statistics = Trainer.train(statisticsCfg, pooled(frames), UnlabelledFeatures.none(), ANCHORS, ENCODER);
        IllegalArgumentException p1 = assertThrows(IllegalArgumentException.class, () -> attentive.predictProba(pooled(frames)));
        assertTrue(p1.getMessage().contains("pools frames attentively"), p1.getMessage());
        IllegalArgumentException p2 = assertThrows(IllegalArgumentException.class, () -> statistics.predictProba(frames));
        assertTrue(p2.getMessage().contains("pools statistics"), p2.getMessage());
    }

    @Test
    void aModelFolderWrittenBeforeThePoolingKeyLoadsAsStatistics(@TempDir Path dir) throws Exception {
        FeatureSet pooled = pooled(frames("src", 40, 7));
        TrainedModel m = Trainer.train(quick(Strategy.LAST_LAYER, TrainingConfig.Pooling.STATISTICS)
                .withOverrides(Map.of("maxEpochs", 1)), pooled, UnlabelledFeatures.none(), ANCHORS, ENCODER);
        Path folder = dir.resolve("old");
        m.save(folder);
        Path json = folder.resolve("model.json");
        String text = Files.readString(json);
        String stripped = text.replaceAll("\\s*\"pooling\" : \"statistics\",", "");
        assertTrue(text.length() > stripped.length() && !stripped.contains("pooling"), stripped);
        Files.writeString(json, stripped);
        TrainedModel loaded = TrainedModel.load(folder);
        assertEquals(TrainingConfig.Pooling.STATISTICS, loaded.description().config().pooling());
        assertTrue(Arrays.deepEquals(m.predictProba(pooled), loaded.predictProba(pooled)));
    }

    private static void assertSameWeights(TrainedModel a, TrainedModel b) {
        List<Parameter> pa = a.network().storedParameters();
        List<Parameter> pb = b.network().storedParameters();
        assertEquals(pa.size(), pb.size());
        assertTrue(pa.stream().anyMatch(p -> p.name().startsWith("attention.")));
        for (int i = 0; i < pa.size(); i++) {
            assertEquals(pa.get(i).name(), pb.get(i).name());
            assertArrayEquals(pa.get(i).toFloats(), pb.get(i).toFloats(), 0f, pa.get(i).name());
        }
    }

    private static int[] shuffled(int n, SplittableRandom r) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    private static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
