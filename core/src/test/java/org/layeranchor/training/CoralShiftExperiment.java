package org.layeranchor.training;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layeranchor.features.FeatureSet;
import org.layeranchor.training.nn.CoralLoss;

/**
 * How CORAL on the shifted layer trades target accuracy against λ and training length, on the
 * synthetic nuisance-variance shift of {@link SyntheticCorpus#inflateNuisance}. An exploration, not
 * part of the default test run: {@code ./mvnw -q test -Dtest=CoralShiftExperiment}, settings from
 * the environment (LR, EPOCHS, MIN_EPOCHS, PATIENCE, STRENGTH, LAMBDAS).
 */
class CoralShiftExperiment {
    @Test
    void explore() {
        double[] info = {0, 0, 0, 0.5, 0, 0, 0};
        SyntheticCorpus structure = new SyntheticCorpus(32, info, 5);
        double strength = Double.parseDouble(env("STRENGTH", "6"));
        for (String l : env("LAMBDAS", "0,1,3").split(",")) {
            double lambda = Double.parseDouble(l);
            double uarSum = 0;
            double coralSum = 0;
            for (int seed = 0; seed < 3; seed++) {
                FeatureSet source = structure.sample("src", "en", 600, 20, 100 + seed);
                FeatureSet target = structure.sample("tgt", "zh", 600, 20, 200 + seed);
                SyntheticCorpus.inflateNuisance(target, 3, strength);
                Map<String, Object> o = new HashMap<>();
                o.put("strategy", "lam");
                o.put("anchorCount", 1);
                o.put("classifierLayers", "anchors");
                o.put("projectionDim", 32);
                o.put("hiddenDim", 32);
                o.put("coralWeight", lambda);
                o.put("seed", seed);
                o.put("learningRate", Double.parseDouble(env("LR", "0.001")));
                o.put("maxEpochs", Integer.parseInt(env("EPOCHS", "30")));
                o.put("minEpochs", Integer.parseInt(env("MIN_EPOCHS", "0")));
                o.put("patience", Integer.parseInt(env("PATIENCE", "6")));
                TrainingConfig cfg = TrainingConfig.defaults().withOverrides(o);
                TrainedModel m = Trainer.train(cfg, source, UnlabelledFeatures.withoutLabels(target),
                        AnchorInputs.none().withSimilarityRanking(3, 0, 1, 2, 4, 5, 6), EncoderIdentity.of(Map.of()));
                double uar = m.evaluate(target).uar();
                double[][] zs = m.projected(UnlabelledFeatures.withoutLabels(source), 3);
                double[][] zt = m.projected(UnlabelledFeatures.withoutLabels(target), 3);
                double coral = new CoralLoss(32, 600).loss(zs, 600, zt, 600);
                uarSum += uar;
                coralSum += coral;
                System.out.printf("lambda %5.1f seed %d: target UAR %.3f source UAR %.3f coral %.5f epochs %d best %d%n",
                        lambda, seed, uar, m.evaluate(source).uar(), coral, m.description().training().epochsRun(),
                        m.description().training().bestEpoch());
            }
            System.out.printf("== strength %.1f lambda %5.1f: mean target UAR %.3f, CORAL %.5f%n", strength, lambda,
                    uarSum / 3, coralSum / 3);
        }
    }

    private static String env(String key, String fallback) {
        return System.getenv().getOrDefault(key, fallback);
    }
}
