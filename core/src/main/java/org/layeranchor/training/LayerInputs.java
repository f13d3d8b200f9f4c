package org.layeranchor.training;

/**
 * Standardised network inputs: for each branch (used layer) one row of [mean ‖ std] features per
 * utterance, {@code branches[b][row][inputDim]}.
 */
public record LayerInputs(int rows, int inputDim, double[][][] branches) {
}
