package org.layeranchor.training;

/**
 * One epoch of a training run. Losses are means over the epoch's steps; validation values are NaN
 * without a validation split.
 *
 * @param coral the unweighted Σ over anchors of CORAL (0 for source-only strategies)
 * @param loss  crossEntropy + λ·coral
 */
public record EpochRecord(int epoch, double learningRate, double loss, double crossEntropy, double coral,
                          double validationUar, double validationLoss) {
}
