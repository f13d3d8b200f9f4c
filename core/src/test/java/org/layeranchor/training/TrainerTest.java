package org.layeranchor.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.layeranchor.corpus.Utterance;
import org.layeranchor.features.FeatureSet;
import org.layeranchor.training.nn.CoralLoss;
import org.layeranchor.training.nn.Parameter;

class TrainerTest {
    private static final EncoderIdentity ENCODER = TrainingFixtures.ENCODER;
    private static final SyntheticCorpus STRUCTURE = TrainingFixtures.STRUCTURE;
    private static final AnchorInputs ANCHORS = TrainingFixtures.ANCHORS;

    /** Small and quick: 16 dims, 15 epochs at most. */
    private static TrainingConfig quick(Strategy strategy) {
        return TrainingConfig.defaults().withHead(TrainingConfig.Head.MLP).withStandardisation(TrainingConfig.Standardisation.SOURCE).withStrategy(strategy).withOverrides(Map.of("projectionDim", 16, "hiddenDim", 16,
                "maxEpochs", 15, "batchSize", 32, "learningRate", 0.003));
    }

    private static FeatureSet source() {
        return TrainingFixtures.source();
    }

    private static FeatureSet target() {
        return TrainingFixtures.target();
    }

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void everyStrategyTrainsAModelThatBeatsChanceOnItsSource(Strategy strategy) {
        FeatureSet source = source();
        TrainedModel m = Trainer.train(quick(strategy), source, UnlabelledFeatures.withoutLabels(target()), ANCHORS, ENCODER);
        ModelDescription d = m.description();
        assertEquals(strategy, d.strategy());
        assertEquals(SyntheticCorpus.CLASSES, d.classes()); // sorted source labels by default
        switch (strategy) {
            case LAST_LAYER -> assertEquals(List.of(6), d.usedLayers());
            case BEST_LAYER -> assertEquals(7, d.training().layerSelection().size());
            case CORAL_LAST -> assertEquals(List.of(Anchor.ofFinalEmbedding()), d.anchors());
            case LAM -> assertEquals(List.of(Anchor.ofLayers(3), Anchor.ofLayers(4), Anchor.ofLayers(2)), d.anchors());
            case LAM_VOWEL -> assertEquals(List.of(Anchor.ofLayers(4), Anchor.ofLayers(3), Anchor.ofLayers(5)), d.anchors());
            case LAM_GL -> assertEquals(List.of(Anchor.ofLayers(1, 2), Anchor.ofLayers(3, 4)), d.anchors());
            default -> assertEquals(7, d.usedLayers().size());
        }
        assertEquals(strategy.adaptsToTarget(), !d.anchors().isEmpty());
        assertTrue(m.evaluate(source).uar() > 0.45, () -> strategy + " source UAR " + m.evaluate(source).uar());
        double[][] p = m.predictProba(source);
        assertEquals(source.rows(), p.length);
        assertEquals(1.0, p[0][0] + p[0][1] + p[0][2] + p[0][3], 1e-12);
    }

    @Test
    void rerunWithTheSameSeedIsBitIdentical() {
        TrainingConfig cfg = quick(Strategy.LAM_GL);
        TrainedModel a = Trainer.train(cfg, source(), UnlabelledFeatures.withoutLabels(target()), ANCHORS, ENCODER);
        TrainedModel b = Trainer.train(cfg, source(), UnlabelledFeatures.withoutLabels(target()), ANCHORS, ENCODER);
        assertSameWeights(a, b);
        assertEquals(a.description(), b.description());
        FeatureSet t = target();
        assertTrue(Arrays.deepEquals(a.predictProba(t), b.predictProba(t)));

        TrainedModel c = Trainer.train(cfg.withSeed(1), source(), UnlabelledFeatures.withoutLabels(target()), ANCHORS, ENCODER);
        assertFalse(Arrays.deepEquals(a.predictProba(t), c.predictProba(t)));
    }

    @Test
    void targetLabelsCannotInfluenceTraining() {
        // The trainer only ever sees UnlabelledFeatures; relabelling the target changes nothing.
        FeatureSet target = target();
        List<Utterance> relabelled = new ArrayList<>();
        for (Utterance u : target.utterances()) {
            relabelled.add(u.withEmotion("angry"));
        }
        FeatureSet lying = new FeatureSet(relabelled, target.mean(), target.std());
        TrainingConfig cfg = quick(Strategy.LAM);
        TrainedModel a = Trainer.train(cfg, source(), UnlabelledFeatures.withoutLabels(target), ANCHORS, ENCODER);
        TrainedModel b = Trainer.train(cfg, source(), UnlabelledFeatures.withoutLabels(lying), ANCHORS, ENCODER);
        assertSameWeights(a, b);
    }

    @Test
    void savedModelLoadsAndPredictsIdentically(@TempDir Path dir) throws Exception {
        TrainedModel m = Trainer.train(quick(Strategy.LAM_GL), source(), UnlabelledFeatures.withoutLabels(target()),
                ANCHORS, ENCODER);
        Path folder = dir.resolve("model");
        m.save(folder);
        assertTrue(Files.isRegularFile(folder.resolve("model.json")));
        assertTrue(Files.isRegularFile(folder.resolve("config.yaml")));
        assertTrue(Files.isRegularFile(folder.resolve("weights/projection.layer3.weight.npy")));
        assertTrue(Files.isRegularFile(folder.resolve("normalizer/centre.npy")));
        String json = Files.readString(folder.resolve("model.json"));
        assertTrue(json.contains("\"formatVersion\" : 2") && json.contains("\"sourceFingerprint\"")
                && json.contains("\"gitCommit\"") && json.contains("\"strategy\" : \"lam-gl\""), json);
        assertEquals(m.description().config(), TrainingConfigFiles.read(folder.resolve("config.yaml")));

        TrainedModel loaded = TrainedModel.load(folder, ENCODER);
        assertEquals(m.description(), loaded.description());
        assertSameWeights(m, loaded);
        FeatureSet t = target();
        assertTrue(Arrays.deepEquals(m.predictProba(t), loaded.predictProba(t)));
    }

    @Test
    void anotherEncoderOrClassSetIsRefusedWithAClearMessage(@TempDir Path dir) throws Exception {
        TrainedModel m = Trainer.train(quick(Strategy.LAST_LAYER), source(), UnlabelledFeatures.none(), AnchorInputs.none(),
                ENCODER);
        m.save(dir);
        EncoderIdentity other = EncoderIdentity.of(Map.of("family", "synthetic", "weights", "zzz999"));
        IllegalArgumentException encoder = assertThrows(IllegalArgumentException.class, () -> TrainedModel.load(dir, other));
        assertTrue(encoder.getMessage().contains("weights (model: 'abc123', features: 'zzz999')"), encoder.getMessage());

        Path json = dir.resolve("model.json");
        String original = Files.readString(json);
        Files.writeString(json, original.replace("\"formatVersion\" : 2", "\"formatVersion\" : 3"));
        ModelJsonSignature.sign(dir);
        IOException version = assertThrows(IOException.class, () -> TrainedModel.load(dir));
        assertTrue(version.getMessage().contains("model format version 3 is not supported"), version.getMessage());
        Files.writeString(json, original);
        ModelJsonSignature.sign(dir);

        IllegalArgumentException classes = assertThrows(IllegalArgumentException.class,
                () -> m.requireClasses(List.of("neutral", "happy", "sad", "angry")));
        assertTrue(classes.getMessage().contains("[angry, happy, neutral, sad]"), classes.getMessage());

        FeatureSet surprised = source();
        List<Utterance> us = new ArrayList<>(surprised.utterances());
        us.set(0, us.get(0).withEmotion("surprise"));
        FeatureSet withSurprise = new FeatureSet(us, surprised.mean(), surprised.std());
        IllegalArgumentException label = assertThrows(IllegalArgumentException.class, () -> m.evaluate(withSurprise));
        assertTrue(label.getMessage().contains("'surprise'"), label.getMessage());

        FeatureSet wrongShape = new SyntheticCorpus(8, new double[] {0.1, 0.2, 0.3, 0.5, 0.3, 0.2, 0.1}, 7)
                .sample("x", "en", 10, 2, 3);
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> m.predictProba(wrongShape));
        assertTrue(shape.getMessage().contains("7 layers of dim 16"), shape.getMessage());
    }

    @Test
    void bestLayerChoosesTheOnlyInformativeLayerOnSourceValidation() {
        SyntheticCorpus oneLayer = new SyntheticCorpus(16, new double[] {0, 0, 0, 0, 1.0, 0, 0}, 9);
        TrainedModel m = Trainer.train(quick(Strategy.BEST_LAYER), oneLayer.sample("src", "en", 240, 12, 4),
                UnlabelledFeatures.none(), AnchorInputs.none(), ENCODER);
        assertEquals(List.of(4), m.description().usedLayers());
        Map<Integer, Double> selection = m.description().training().layerSelection();
        assertEquals(selection.get(4), selection.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow());
        assertEquals(selection.get(4), m.description().training().bestValidationUar());
    }

    @Test
    void earlyStoppingKeepsTheBestValidationEpoch() {
        // Pure-noise features: validation UAR stops improving at once, so patience decides.
        FeatureSet noise = new SyntheticCorpus(16, new double[7], 3).sample("src", "en", 240, 12, 5);
        TrainingConfig cfg = quick(Strategy.WEIGHTED_SUM).withOverrides(Map.of("maxEpochs", 40, "patience", 2));
        TrainedModel m = Trainer.train(cfg, noise, UnlabelledFeatures.none(), AnchorInputs.none(), ENCODER);
        TrainingSummary s = m.description().training();
        assertTrue(s.epochsRun() < 40, "patience 2 should stop well before 40 epochs");
        assertEquals(s.epochsRun() - 2, s.bestEpoch());
        double bestInHistory = s.history().stream().mapToDouble(EpochRecord::validationUar).max().orElseThrow();
        assertEquals(bestInHistory, s.bestValidationUar());
        assertTrue(s.validationUtterances() > 0 && !s.validationSpeakers().isEmpty());
    }

    /**
     * The method's premise on synthetic data: the target differs from the source only by extra
     * variance in the noise dimensions of layer 3 (a covariance shift). Cross-entropy alone loses
     * target accuracy; CORAL anchored on that layer shrinks the projected covariance gap and wins
     * most of the accuracy back, at no cost on the source.
     */
    @Test
    void coralOnTheShiftedLayerRecoversTargetAccuracy() {
        SyntheticCorpus structure = new SyntheticCorpus(32, new double[] {0, 0, 0, 0.5, 0, 0, 0}, 5);
        FeatureSet source = structure.sample("src", "en", 600, 20, 100);
        FeatureSet clean = structure.sample("tgt", "zh", 600, 20, 200);
        FeatureSet shifted = structure.sample("tgt", "zh", 600, 20, 200);
        SyntheticCorpus.inflateNuisance(shifted, 3, 6.0);
        UnlabelledFeatures unlabelled = UnlabelledFeatures.withoutLabels(shifted);
        AnchorInputs layer3 = AnchorInputs.none().withSimilarityRanking(3, 0, 1, 2, 4, 5, 6);
        Map<String, Object> o = new HashMap<>();
        o.put("strategy", "lam");
        o.put("anchorCount", 1);
        o.put("classifierLayers", "anchors");
        o.put("projectionDim", 32);
        o.put("hiddenDim", 32);
        o.put("learningRate", 0.003);
        o.put("minEpochs", 20);
        TrainingConfig base = TrainingConfig.defaults().withHead(TrainingConfig.Head.MLP).withStandardisation(TrainingConfig.Standardisation.SOURCE).withOverrides(o);

        TrainedModel ceOnly = Trainer.train(base.withCoralWeight(0), source, unlabelled, layer3, ENCODER);
        TrainedModel coral = Trainer.train(base.withCoralWeight(1), source, unlabelled, layer3, ENCODER);

        double cleanUar = ceOnly.evaluate(clean).uar();
        double shiftedCe = ceOnly.evaluate(shifted).uar();
        double shiftedCoral = coral.evaluate(shifted).uar();
        assertTrue(shiftedCe < cleanUar - 0.2, "the shift should hurt CE alone: " + cleanUar + " -> " + shiftedCe);
        assertTrue(shiftedCoral > shiftedCe + 0.08, "CORAL should recover accuracy: " + shiftedCe + " -> " + shiftedCoral);
        assertTrue(coral.evaluate(source).uar() > 0.9);
        double gapCe = projectedCoral(ceOnly, source, shifted);
        double gapCoral = projectedCoral(coral, source, shifted);
        assertTrue(gapCoral < gapCe / 5, "CORAL distance at the anchor: " + gapCe + " -> " + gapCoral);
    }

    private static double projectedCoral(TrainedModel m, FeatureSet a, FeatureSet b) {
        double[][] za = m.projected(UnlabelledFeatures.withoutLabels(a), 3);
        double[][] zb = m.projected(UnlabelledFeatures.withoutLabels(b), 3);
        return new CoralLoss(za[0].length, Math.max(za.length, zb.length)).loss(za, za.length, zb, zb.length);
    }

    @Test
    void badInputsFailWithTheReason() {
        IllegalArgumentException noRanking = assertThrows(IllegalArgumentException.class,
                () -> Trainer.train(quick(Strategy.LAM), source(), UnlabelledFeatures.withoutLabels(target()),
                        AnchorInputs.none(), ENCODER));
        assertTrue(noRanking.getMessage().contains("needs similarityRanking"), noRanking.getMessage());
        IllegalArgumentException noTarget = assertThrows(IllegalArgumentException.class,
                () -> Trainer.train(quick(Strategy.LAM), source(), UnlabelledFeatures.none(), ANCHORS, ENCODER));
        assertTrue(noTarget.getMessage().contains("target"), noTarget.getMessage());
        IllegalArgumentException unknownLabel = assertThrows(IllegalArgumentException.class,
                () -> Trainer.train(quick(Strategy.LAST_LAYER).withClasses(List.of("happy", "sad")), source(),
                        UnlabelledFeatures.none(), AnchorInputs.none(), ENCODER));
        assertTrue(unknownLabel.getMessage().contains("not in the class set [happy, sad]"), unknownLabel.getMessage());
    }

    private static void assertSameWeights(TrainedModel a, TrainedModel b) {
        List<Parameter> pa = a.network().storedParameters();
        List<Parameter> pb = b.network().storedParameters();
        assertEquals(pa.size(), pb.size());
        for (int i = 0; i < pa.size(); i++) {
            assertEquals(pa.get(i).name(), pb.get(i).name());
            assertArrayEquals(pa.get(i).toFloats(), pb.get(i).toFloats(), 0f, pa.get(i).name());
        }
        assertNotEquals(0, pa.size());
    }
}
