package org.layeranchor.training;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layeranchor.features.FeatureSet;

/**
 * Wall time of training on a whisper-base-sized synthetic direction (7 layers × 512 dims, so
 * 1024 inputs per layer). Not part of the default test run (the name does not end in "Test"); run
 * it with {@code ./mvnw -q test -Dtest=TrainingSpeedBenchmark}. Sizes: SOURCE_ROWS, TARGET_ROWS,
 * EPOCHS environment variables.
 */
class TrainingSpeedBenchmark {
    @Test
    void timeEachStrategy() {
        int sourceRows = Integer.parseInt(System.getenv().getOrDefault("SOURCE_ROWS", "1000"));
        int targetRows = Integer.parseInt(System.getenv().getOrDefault("TARGET_ROWS", "400"));
        int epochs = Integer.parseInt(System.getenv().getOrDefault("EPOCHS", "30"));
        SyntheticCorpus structure = new SyntheticCorpus(512, new double[] {0.05, 0.1, 0.2, 0.3, 0.2, 0.1, 0.05}, 1);
        FeatureSet source = structure.sample("src", "en", sourceRows, 40, 2);
        FeatureSet target = structure.sample("tgt", "zh", targetRows, 20, 3);
        AnchorInputs anchors = AnchorInputs.none().withSimilarityRanking(3, 4, 2, 5, 1, 6, 0)
                .withVowelRanking(4, 3, 5, 2, 6, 1, 0).withGroups(List.of(new int[] {1, 2}, new int[] {3, 4}, new int[] {5, 6}));
        System.out.printf("source %d rows, target %d rows, 7 layers x 1024 inputs, %d epochs (no early stop)%n",
                sourceRows, targetRows, epochs);
        String only = System.getenv().getOrDefault("STRATEGIES", "");
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        for (Strategy s : Strategy.values()) {
            if (!only.isEmpty() && !Arrays.asList(only.split(",")).contains(s.key())) {
                continue;
            }
            TrainingConfig cfg = TrainingConfig.defaults().withStrategy(s)
                    .withOverrides(Map.of("maxEpochs", epochs, "patience", epochs));
            long t0 = System.nanoTime();
            long c0 = cpu.getCurrentThreadCpuTime();
            TrainedModel m = Trainer.train(cfg, source, UnlabelledFeatures.withoutLabels(target), anchors,
                    EncoderIdentity.of(Map.of()));
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpuSeconds = (cpu.getCurrentThreadCpuTime() - c0) / 1e9;
            System.out.printf("%-13s wall %6.2f s, cpu %6.2f s  (%d epochs in the final run, used layers %s, anchors %s)%n", s, seconds, cpuSeconds,
                    m.description().training().epochsRun(), m.description().usedLayers(), m.description().anchors());
        }
    }
}
