package org.layeranchor.training;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layeranchor.features.FeatureSet;
import org.layeranchor.training.nn.CoralLoss;

class CoralShiftExperiment {
    @Test
    void explore() {
        double[] info = {0, 0, 0, 0.5, 0, 0, 0};
        SyntheticCorpus structure = new SyntheticCorpus(32, info, 5);
        for (double strength : new double[] {6}) {
            for (double lambda : new double[] {0, 1, 3}) {
                double accSum = 0, coralSum = 0;
                for (int seed = 0; seed < 3; seed++) {
                    FeatureSet source = structure.sample("src", "en", 600, 20, 100 + seed);
                    FeatureSet target = structure.sample("tgt", "zh", 600, 20, 200 + seed);
                    if (strength > 0) SyntheticCorpus.inflateNuisance(target, 3, strength);
                    TrainingConfig cfg = TrainingConfig.defaults().withOverrides(Map.of(
                            "strategy", "lam", "anchorCount", 1, "classifierLayers", "anchors",
                            "projectionDim", 32, "hiddenDim", 32, "coralWeight", lambda, "seed", seed, "learningRate", Double.parseDouble(System.getenv().getOrDefault("LR","0.001")), "maxEpochs", Integer.parseInt(System.getenv().getOrDefault("EPOCHS","30"))));
                    TrainedModel m = Trainer.train(cfg, source, UnlabelledFeatures.withoutLabels(target),
                            AnchorInputs.none().withSimilarityRanking(3, 0, 1, 2, 4, 5, 6), EncoderIdentity.of(Map.of()));
                    double uar = m.evaluate(target).uar();
                    double[][] zs = m.projected(UnlabelledFeatures.withoutLabels(source), 3);
                    double[][] zt = m.projected(UnlabelledFeatures.withoutLabels(target), 3);
                    double coral = new CoralLoss(32, 600).loss(zs, 600, zt, 600);
                    accSum += uar;
                    coralSum += coral;
                    System.out.printf("strength %.1f lambda %5.1f seed %d: target UAR %.3f source UAR %.3f coral %.5f epochs %d%n",
                            strength, lambda, seed, uar, m.evaluate(source).uar(), coral, m.description().training().epochsRun());
                }
                System.out.printf("== strength %.1f lambda %5.1f: mean UAR %.3f coral %.5f%n", strength, lambda, accSum / 3, coralSum / 3);
            }
        }
    }
}
