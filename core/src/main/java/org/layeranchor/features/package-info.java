/**
 * The feature store: every layer of every utterance encoded once
 * ({@link org.layeranchor.features.FeatureExtractor}) and kept on disk, readable from Python with
 * numpy alone ({@link org.layeranchor.features.FeatureStore}, rows in
 * {@link org.layeranchor.features.StoreIndex}). In memory, a corpus's utterance-level statistics
 * per layer are a {@link org.layeranchor.features.FeatureSet} ([mean ‖ std] over frames, the input of
 * analysis and training); {@link org.layeranchor.features.VowelFeatures} gives the same over vowel
 * frames only, from frame features stored with {@code extract --frames}. Depends on audio, corpus
 * and encoder.
 */
package org.layeranchor.features;
