package org.layeranchor.training;

/**
 * Standardised network inputs: for each branch (used layer) a flat row-major [rows × inputDim]
 * array of [mean ‖ std] features.
 */
public record LayerInputs(int rows, int inputDim, double[][] branches) {
}
