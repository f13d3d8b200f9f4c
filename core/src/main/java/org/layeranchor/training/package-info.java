/**
 * The training stage: an emotion classifier on frozen per-layer utterance features of the labelled
 * source language, aligned with the unlabelled target language at anchor layers (LAM, LAM-GL,
 * vowel-based selection) and the baselines, all on the same features, head, optimizer and seeds.
 *
 * <h2>Entry points</h2>
 * <ul>
 *   <li>{@link org.layeranchor.training.Trainer#train Trainer.train(config, labelled source,
 *       unlabelled target, anchor inputs, encoder identity)} → {@link org.layeranchor.training.TrainedModel}</li>
 *   <li>{@link org.layeranchor.training.TrainedModel#predictProba}, {@code evaluate}, {@code save},
 *       {@code load}; the folder format is {@link org.layeranchor.training.ModelFolder}</li>
 *   <li>{@link org.layeranchor.training.TrainingConfig} (documented defaults) and
 *       {@link org.layeranchor.training.TrainingConfigFiles} (JSON/YAML, unknown keys rejected)</li>
 * </ul>
 *
 * <h2>Model</h2>
 * See {@link org.layeranchor.training.EmotionClassifierNetwork}: per used layer, standardised
 * [mean ‖ std] (statistics from the source training rows only) → linear projection to p + ReLU;
 * fusion of the layers by learned softmax weights (or the mean); hidden layer + ReLU (the "final
 * embedding"); linear output; softmax.
 *
 * <p>Attentive pooling over frames ({@code pooling: attentive}) was removed: it trained, but no
 * later stage (benchmark, predict, serve, export-onnx) accepted its models. A config or model folder
 * that asks for it is refused by {@link org.layeranchor.training.TrainingConfig.Pooling}.
 *
 * <h2>Loss</h2>
 * Class-balanced cross-entropy on the source batch (weights N / (K·n_c) from the training rows) +
 * λ · Σ over anchors of Deep CORAL between the source batch and an equally large target batch, on
 * the projected (post-ReLU) anchor representations. A group anchor's representation is the mean of
 * its layers' projections by default (same width p and normalizer 4p² for every anchor), or their
 * concatenation. {@code coral-last} puts the one anchor on the final embedding instead.
 *
 * <h2>Strategies (design choices, since the paper does not state them)</h2>
 * <ul>
 *   <li>last-layer: the final layer alone; best-layer: each layer alone, the best source-validation
 *       UAR wins (target data unused); weighted-sum: learned softmax weights over all layers.</li>
 *   <li>coral-last, lam, lam-gl, lam-vowel: the classifier reads all layers (weighted sum), so that
 *       they differ from weighted-sum only in where CORAL acts; {@code classifierLayers: anchors}
 *       restricts the lam strategies to their anchor layers.</li>
 *   <li>Rankings and groups are inputs ({@link org.layeranchor.training.AnchorInputs}) from the
 *       analysis stage; lam and lam-vowel take the top {@code anchorCount} layers.</li>
 * </ul>
 *
 * <h2>Unsupervised adaptation, enforced by type</h2>
 * The target reaches the trainer only as {@link org.layeranchor.training.UnlabelledFeatures}: ids
 * and features, no emotions. Early stopping and layer choice use a source validation split
 * (speaker-disjoint when speakers are known), never target labels.
 *
 * <h2>Determinism and speed</h2>
 * One seed; every random choice comes from {@link java.util.SplittableRandom}s derived from it in a
 * fixed order; one thread; fixed summation orders ({@link org.layeranchor.numeric.AccumulatingProducts}).
 * Reruns are bit-identical. Weights are rounded to float32 when training ends, so a saved and
 * reloaded model predicts bit-identically to the one in memory.
 */
package org.layeranchor.training;
