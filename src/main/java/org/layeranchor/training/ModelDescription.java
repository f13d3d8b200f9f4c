package org.layeranchor.training;

import java.util.List;

/**
 * Everything about a trained model except its weights: the content of {@code model.json}.
 *
 * @param format          always {@link #FORMAT}
 * @param formatVersion   {@link #FORMAT_VERSION}; loading another version fails
 * @param classes         output classes, in order
 * @param strategy        the strategy that trained it
 * @param encoder         identity of the encoder (and settings) whose features it expects
 * @param featureLayers   layers in the features it expects
 * @param featureDim      hidden size of those features
 * @param usedLayers      layers the classifier reads
 * @param anchors         where CORAL acted during training
 * @param inputDim        per-layer input width: 2·featureDim ([mean ‖ std]), or featureDim (one frame)
 *                        with {@code pooling: attentive}
 * @param projectionDim   per-layer projection width p
 * @param hiddenDim       hidden (final embedding) width
 * @param learnedFusion   whether the fusion weights were learned (else mean)
 * @param fusionWeights   the fusion weights, one per used layer (information; the logits are stored)
 * @param config          the resolved training config
 * @param provenance      data fingerprints, seed, code version
 * @param training        how training went
 */
public record ModelDescription(String format, int formatVersion, List<String> classes, Strategy strategy,
                               EncoderIdentity encoder, int featureLayers, int featureDim, List<Integer> usedLayers,
                               List<Anchor> anchors, int inputDim, int projectionDim, int hiddenDim,
                               boolean learnedFusion, List<Double> fusionWeights, TrainingConfig config,
                               TrainingProvenance provenance, TrainingSummary training) {
    public static final String FORMAT = "layeranchor-model";
    public static final int FORMAT_VERSION = 1;
}
