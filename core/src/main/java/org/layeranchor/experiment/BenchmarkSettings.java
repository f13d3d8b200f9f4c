package org.layeranchor.experiment;

import java.util.List;
import org.layeranchor.corpus.ClassSet;
import org.layeranchor.training.Strategy;
import org.layeranchor.training.TrainingConfig;

/**
 * What one benchmark run covers; written next to its results.
 *
 * @param corpora      corpus names in the store; every ordered pair is a direction
 * @param classes      the class set (default neutral, happy, sad, angry)
 * @param strategies   strategies compared on every direction, same features, head and seeds
 * @param seeds        seeds 0..seeds-1 per strategy and direction
 * @param transductive also run the transductive setting (all target audio unlabelled for adaptation and test)
 * @param vowels       compute the vowel-frame ranking for lam-vowel (needs frame features)
 * @param training     the training configuration every run starts from (strategy and seed replaced)
 * @param threads      training runs at once
 * @param resamples    bootstrap resamples of each confidence interval
 * @param leaveOneOut  also the leave-one-language-out table (each corpus the target, all others the
 *                     labelled sources), with three corpora or more
 */
public record BenchmarkSettings(List<String> corpora, ClassSet classes, List<Strategy> strategies, int seeds,
                                boolean transductive, boolean vowels, TrainingConfig training, int threads,
                                int resamples, boolean leaveOneOut) {
    public static BenchmarkSettings defaults(List<String> corpora) {
        return new BenchmarkSettings(corpora, ClassSet.FOUR, List.of(Strategy.values()), 5, true, true,
                TrainingConfig.defaults(), Runtime.getRuntime().availableProcessors(), 1000, true);
    }
}
