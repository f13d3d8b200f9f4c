/**
 * File formats the other packages read and write, with nothing of LayerAnchor's own meaning in
 * them: NumPy {@code .npy} arrays ({@link org.layeranchor.io.Npy}: read as float32 from float16, float32,
 * float64 or integer arrays, written as float32 or float16; the
 * model folders, the feature store and {@code layers} output) and CSV
 * ({@link org.layeranchor.io.CsvReader}, {@link org.layeranchor.io.CsvWriter}: RFC 4180 quoting,
 * every problem with its line, for manifests, splits, the store's index and the results tables); and
 * the bytes a server sends back on a raw connection ({@link org.layeranchor.io.SocketAnswers}, for the
 * clients that write requests byte for byte: the soak and the hostile-input tests).
 */
package org.layeranchor.io;
