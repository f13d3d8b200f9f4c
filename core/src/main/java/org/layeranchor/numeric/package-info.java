/**
 * Dense linear algebra on row-major {@code double[row][col]} arrays, shared by the analysis and
 * training stages and depending on no stage: products under two named contracts,
 * {@link org.layeranchor.numeric.AllocatingProducts} (returns a new matrix) and
 * {@link org.layeranchor.numeric.AccumulatingProducts} (adds into caller buffers in a fixed
 * summation order, for bit-identical training), the symmetric eigendecomposition
 * ({@link org.layeranchor.numeric.SymmetricEigen}), means and centring
 * ({@link org.layeranchor.numeric.Moments}) and z-scoring ({@link org.layeranchor.numeric.Standardiser}).
 * Summation orders are part of the contract: the training pins (TrainingPinTest) fail if one changes.
 */
package org.layeranchor.numeric;
