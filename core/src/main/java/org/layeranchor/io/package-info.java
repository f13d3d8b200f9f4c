/**
 * File formats the other packages read and write, with nothing of LayerAnchor's own meaning in
 * them: NumPy {@code .npy} arrays ({@link org.layeranchor.io.Npy}: float32, float16, int64; the
 * model folders, the feature store and {@code layers} output) and CSV
 * ({@link org.layeranchor.io.CsvReader}, {@link org.layeranchor.io.CsvWriter}: RFC 4180 quoting,
 * every problem with its line, for manifests, splits, the store's index and the results tables).
 */
package org.layeranchor.io;
