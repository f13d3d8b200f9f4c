package org.layeranchor.training;

/**
 * What the network's branches read for a set of utterances: {@link LayerInputs} (one standardised
 * [mean ‖ std] row per utterance and used layer, statistics pooling) or {@link FrameInputs} (each
 * utterance's frames per used layer, standardised on the fly, attentive pooling).
 */
sealed interface BranchInputs permits LayerInputs, FrameInputs {
    /** Number of utterances. */
    int rows();

    /** Width of one branch input row: 2·dim for statistics, dim (one frame) for frames. */
    int inputDim();
}
