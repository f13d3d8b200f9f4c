package org.layeranchor.training;

import java.util.List;
import java.util.Map;

/**
 * What training did: how long it ran, where it stopped, and how the layer was chosen for best-layer.
 *
 * @param trainUtterances        source rows trained on
 * @param validationUtterances   source rows held out (0 without validation)
 * @param validationSpeakers     speakers held out
 * @param classWeights           class-balancing weights of the cross-entropy, by class
 * @param epochsRun              epochs of the final run ({@code head: linear}: the most L-BFGS iterations any
 *                               member took, at most 500)
 * @param bestEpoch              the epoch whose weights the model has
 * @param bestValidationUar      source-validation UAR at that epoch (NaN without validation)
 * @param layerSelection         best-layer only: source-validation UAR of each candidate layer
 * @param history                the final run, epoch by epoch
 */
public record TrainingSummary(int trainUtterances, int validationUtterances, List<String> validationSpeakers,
                              Map<String, Double> classWeights, int epochsRun, int bestEpoch,
                              double bestValidationUar, Map<Integer, Double> layerSelection,
                              List<EpochRecord> history) {
}
