package org.layeranchor.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.layeranchor.corpus.Utterance;
import org.layeranchor.features.FeatureSet;

/** Per-speaker standardisation against its definition, and the speaker/emotion spread that decides it. */
class SpeakerStandardisationTest {
    static Utterance utterance(String corpus, String speaker, String emotion, int i) {
        return new Utterance(corpus, Path.of("/c"), "a/" + speaker + "-" + i + ".wav", speaker, "f", emotion, "xx", "",
                1.0, Map.of(), i + 2);
    }

    /** 2 layers, dim 3; each speaker has its own offset and scale, so per-speaker statistics differ. */
    static FeatureSet speakers(String corpus, int perSpeaker, String... ids) {
        SplittableRandom r = new SplittableRandom(7);
        List<Utterance> u = new ArrayList<>();
        int n = perSpeaker * ids.length;
        float[][][] mean = new float[2][n][3];
        float[][][] std = new float[2][n][3];
        int row = 0;
        for (int s = 0; s < ids.length; s++) {
            for (int i = 0; i < perSpeaker; i++, row++) {
                u.add(utterance(corpus, ids[s], "happy", row));
                for (int l = 0; l < 2; l++) {
                    for (int k = 0; k < 3; k++) {
                        mean[l][row][k] = (float) (5 * s + l + (1 + s) * r.nextGaussian());
                        std[l][row][k] = (float) (1 + s + 0.3 * r.nextDouble());
                    }
                }
            }
        }
        return new FeatureSet(u, mean, std);
    }

    @Test
    void withoutShrinkageEverySpeakerHasZeroMeanAndUnitVariance() {
        FeatureSet set = speakers("c", 6, "s0", "s1", "s2");
        FeatureSet out = SpeakerStandardisation.fit(set, 0).apply(set, set);
        for (int s = 0; s < 3; s++) {
            for (int l = 0; l < 2; l++) {
                for (int k = 0; k < 3; k++) {
                    double m = 0;
                    double v = 0;
                    for (int i = 6 * s; i < 6 * s + 6; i++) {
                        m += out.mean()[l][i][k] / 6.0;
                    }
                    for (int i = 6 * s; i < 6 * s + 6; i++) {
                        v += Math.pow(out.mean()[l][i][k] - m, 2) / 6.0;
                    }
                    assertEquals(0, m, 1e-5);
                    assertEquals(1, v, 1e-4);
                }
            }
        }
    }

    @Test
    void shrinkageMixesSpeakerAndDomainStatisticsAsDefined() {
        FeatureSet set = speakers("c", 4, "s0", "s1");
        double k = 5;
        FeatureSet out = SpeakerStandardisation.fit(set, k).apply(set, set);
        // Layer 1, std half, feature 2, speaker s1 (rows 4..7), from the definition.
        double[] x = new double[8];
        for (int i = 0; i < 8; i++) {
            x[i] = set.std()[1][i][2];
        }
        double domainMean = mean(x, 0, 8);
        double domainVar = var(x, 0, 8, domainMean);
        double spkMean = mean(x, 4, 8);
        double spkVar = var(x, 4, 8, spkMean);
        double mu = (4 * spkMean + k * domainMean) / (4 + k);
        double sigma = Math.sqrt((4 * spkVar + k * domainVar) / (4 + k));
        for (int i = 4; i < 8; i++) {
            assertEquals((x[i] - mu) / sigma, out.std()[1][i][2], 1e-5);
        }
    }

    @Test
    void anUnknownSpeakerGetsTheDomainStatisticsAndSpeakersAreKeyedByCorpus() {
        FeatureSet set = speakers("c", 5, "s0", "s1");
        SpeakerStandardisation st = SpeakerStandardisation.fit(set, 2);
        FeatureSet none = st.apply(set, Map.of());
        double[] x = new double[10];
        for (int i = 0; i < 10; i++) {
            x[i] = set.mean()[0][i][1];
        }
        double m = mean(x, 0, 10);
        double sd = Math.sqrt(var(x, 0, 10, m));
        for (int i = 0; i < 10; i++) {
            assertEquals((x[i] - m) / sd, none.mean()[0][i][1], 1e-5);
        }
        // The same speaker id in another corpus is another speaker: evidence from "d" does not apply to "c".
        FeatureSet other = speakers("d", 5, "s0", "s1");
        FeatureSet crossed = st.apply(set, other);
        assertEquals(none.mean()[0][3][1], crossed.mean()[0][3][1], 0);
        assertEquals("c/s0", SpeakerStandardisation.speakerOf(set.utterances().get(0)));
        assertEquals(null, SpeakerStandardisation.speakerOf(utterance("c", "", "", 0)));
        assertThrows(IllegalArgumentException.class, () -> SpeakerStandardisation.fit(set, -1));
    }

    @Test
    void spreadIsZeroWhenEachSpeakerCarriesOneClassAndOneWhenEachCarriesTheMix() {
        List<String> classes = List.of("neutral", "happy", "sad", "angry");
        List<Utterance> confounded = new ArrayList<>();
        List<Utterance> mixed = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            confounded.add(utterance("u", "s" + (i % 4), classes.get(i % 4), i));
            mixed.add(utterance("u", "s" + (i % 4), classes.get((i / 4) % 4), i));
        }
        assertEquals(0, SpeakerConfound.fromLabels(confounded, classes), 1e-12);
        assertEquals(1, SpeakerConfound.fromLabels(mixed, classes), 1e-12);
        assertTrue(SpeakerConfound.confounded(SpeakerConfound.fromLabels(confounded, classes)));
        assertFalse(SpeakerConfound.confounded(SpeakerConfound.fromLabels(mixed, classes)));
        // Predicted classes, not labels: the utterances' emotions are blank and play no part.
        List<Utterance> blank = new ArrayList<>();
        int[] predicted = new int[40];
        for (int i = 0; i < 40; i++) {
            blank.add(utterance("u", "s" + (i % 4), "", i));
            predicted[i] = i % 4;
        }
        assertEquals(0, SpeakerConfound.spread(blank, predicted, 4), 1e-12);
        // One class everywhere, or no speaker ids: no evidence either way, treated as confounded.
        assertTrue(Double.isNaN(SpeakerConfound.spread(blank, new int[40], 4)));
        assertTrue(SpeakerConfound.confounded(Double.NaN));
    }

    /**
     * A model whose target is standardised per speaker keeps the target domain's raw statistics: saved
     * and loaded it predicts the same; with a speaker's own audio as evidence it standardises that speaker
     * with its statistics, and without evidence (or re-adapted) with the domain's.
     */
    @Test
    void aPerSpeakerModelFolderRoundTripsAndUsesSpeakerEvidence(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        FeatureSet src = TrainingFixtures.source();
        FeatureSet tgt = TrainingFixtures.target();
        SpeakerStandardisation sp = SpeakerStandardisation.fit(tgt, 5);
        FeatureSet tgtStd = sp.apply(tgt, tgt);
        TrainingConfig cfg = TrainingConfig.defaults().withOverrides(Map.of("standardisation", "per-speaker"))
                .withClasses(SyntheticCorpus.CLASSES);
        TrainedModel m = Trainer.train(cfg, src, UnlabelledFeatures.withoutLabels(tgtStd), TrainingFixtures.ANCHORS,
                TrainingFixtures.ENCODER).withSpeakerStandardisation(sp);
        m.save(tmp.resolve("m"));
        TrainedModel loaded = TrainedModel.load(tmp.resolve("m"));
        assertTrue(java.nio.file.Files.exists(tmp.resolve("m/normalizer/speaker_mean.npy")));
        double[][] withEvidence = loaded.predictProba(tgt, tgt);
        double[][] sameInMemory = m.predictProba(tgt, tgt);
        double[][] noEvidence = loaded.predictProba(tgt);
        for (int i = 0; i < tgt.rows(); i++) {
            for (int k = 0; k < 4; k++) {
                assertEquals(sameInMemory[i][k], withEvidence[i][k], 1e-6);
            }
        }
        assertFalse(java.util.Arrays.deepEquals(withEvidence, noEvidence), "speaker evidence must change the inputs");
        // No evidence = the domain's statistics for everyone = evidence naming no known speaker.
        List<Utterance> elsewhere = new ArrayList<>();
        tgt.utterances().forEach(u -> elsewhere.add(new Utterance("zz", u.corpusDir(), u.path(), u.speaker(), u.gender(),
                u.emotion(), u.language(), u.text(), u.durationS(), u.extra(), u.line())));
        assertTrue(java.util.Arrays.deepEquals(noEvidence,
                loaded.predictProba(tgt, new FeatureSet(elsewhere, tgt.mean(), tgt.std()))));
        assertThrows(IllegalArgumentException.class, () -> loaded.predictProba(tgt, speakers("tgt", 2, "spk0")));
        // An edited speaker array is refused, naming the file.
        java.nio.file.Path var = tmp.resolve("m/normalizer/speaker_var.npy");
        byte[] b = java.nio.file.Files.readAllBytes(var);
        b[b.length - 1] ^= 1;
        java.nio.file.Files.write(var, b);
        Exception e = assertThrows(java.io.IOException.class, () -> TrainedModel.load(tmp.resolve("m")));
        assertTrue(e.getMessage().contains("speaker_var.npy"), e.getMessage());
    }

    private static double mean(double[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += x[i];
        }
        return s / (to - from);
    }

    private static double var(double[] x, int from, int to, double m) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += (x[i] - m) * (x[i] - m);
        }
        return s / (to - from);
    }
}
