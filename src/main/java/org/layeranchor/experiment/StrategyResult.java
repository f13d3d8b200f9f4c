package org.layeranchor.experiment;

import java.util.List;
import org.layeranchor.evaluation.ConfidenceInterval;
import org.layeranchor.evaluation.ConfusionMatrix;
import org.layeranchor.evaluation.SeedSummary;

/**
 * One strategy on one direction over all seeds.
 *
 * @param strategy   strategy key
 * @param uar        UAR mean ± std over seeds
 * @param accuracy   weighted accuracy over seeds
 * @param macroF1    macro-F1 over seeds
 * @param ci         95 % bootstrap interval of the seed-averaged UAR (test utterances resampled)
 * @param confusion  confusion counts summed over seeds
 * @param usedLayers layers the classifier read (the chosen one for best-layer), from seed 0's model
 * @param probabilities per seed, class probabilities of every test utterance (kept for reproducibility checks)
 */
public record StrategyResult(String strategy, SeedSummary uar, SeedSummary accuracy, SeedSummary macroF1,
                             ConfidenceInterval ci, ConfusionMatrix confusion, String usedLayers,
                             List<double[][]> probabilities) {
}
