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
 * @param inputDim        per-layer input width: 2·featureDim ([mean ‖ std])
 * @param projectionDim   per-layer projection width p
 * @param hiddenDim       hidden (final embedding) width
 * @param learnedFusion   whether the fusion weights were learned (else mean)
 * @param fusionWeights   the fusion weights, one per used layer (information; the logits are stored)
 * @param config          the resolved training config
 * @param provenance      data fingerprints, seed, code version
 * @param training        how training went
 * @param standardisedWith whose statistics the stored normalizer holds, so whose features the model
 *                        expects at prediction: {@link #STANDARDISED_WITH_TARGET} (per-domain
 *                        standardisation: the unlabelled target's; re-estimate them for a new domain
 *                        with {@code TrainedModel.adaptedTo}), {@link #STANDARDISED_WITH_SOURCES}
 *                        (trained without a target: the labelled sources' own statistics, each
 *                        corpus counted equally; re-estimable the same way) or
 *                        {@link #STANDARDISED_WITH_SOURCE}
 * @param linearMembers   {@code head: linear}: the layers each logistic regression reads (their
 *                        standardised inputs concatenated); empty for {@code head: mlp}
 */
public record ModelDescription(String format, int formatVersion, List<String> classes, Strategy strategy,
                               EncoderIdentity encoder, int featureLayers, int featureDim, List<Integer> usedLayers,
                               List<Anchor> anchors, int inputDim, int projectionDim, int hiddenDim,
                               boolean learnedFusion, List<Double> fusionWeights, TrainingConfig config,
                               TrainingProvenance provenance, TrainingSummary training, String standardisedWith,
                               List<List<Integer>> linearMembers) {
    public static final String FORMAT = "layeranchor-model";
    /**
     * 2 added the linear head, per-domain standardisation ({@code standardisedWith}) and
     * {@code linearMembers}; version 1 folders (mlp head, source statistics) still load.
     */
    public static final int FORMAT_VERSION = 2;
    public static final String STANDARDISED_WITH_SOURCE = "source";
    public static final String STANDARDISED_WITH_TARGET = "target";
    /**
     * Per-domain standardisation without a target at training time: each source was standardised
     * with its own statistics, and the model keeps the equal-weight mixture of them, the best guess
     * for audio of an unknown domain until statistics of that domain are re-estimated.
     */
    public static final String STANDARDISED_WITH_SOURCES = "sources";

    public ModelDescription {
        standardisedWith = standardisedWith == null ? STANDARDISED_WITH_SOURCE : standardisedWith;
        linearMembers = linearMembers == null ? List.of() : linearMembers.stream().map(List::copyOf).toList();
    }

    /** Whether the stored statistics describe a domain that may be swapped for another (re-estimated). */
    public boolean adaptable() {
        return STANDARDISED_WITH_TARGET.equals(standardisedWith) || STANDARDISED_WITH_SOURCES.equals(standardisedWith);
    }

    /** The same description with the normalizer's owner changed (after re-estimating statistics). */
    public ModelDescription withStandardisedWith(String who) {
        return new ModelDescription(format, formatVersion, classes, strategy, encoder, featureLayers, featureDim,
                usedLayers, anchors, inputDim, projectionDim, hiddenDim, learnedFusion, fusionWeights, config, provenance,
                training, who, linearMembers);
    }
}
