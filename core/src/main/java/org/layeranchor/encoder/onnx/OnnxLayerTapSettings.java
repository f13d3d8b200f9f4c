package org.layeranchor.encoder.onnx;

import java.util.List;
import java.util.Objects;

/**
 * How {@link OnnxLayerTapEncoder} runs a model. Start from {@link #defaults()} and change what differs.
 *
 * @param frameRateHz        hidden-state frames per second of audio; 50 for the wav2vec 2.0 family
 *                           (WavLM, HuBERT, XLS-R: a 320-sample hop at 16 kHz). Only reported in
 *                           {@link org.layeranchor.encoder.HiddenStates}; it does not change the computation.
 * @param normalizeWaveform  scale each waveform to zero mean and unit variance,
 *                           {@code (x - mean) / sqrt(var + 1e-7)}, as Hugging Face's
 *                           {@code Wav2Vec2FeatureExtractor} does when the checkpoint's
 *                           {@code preprocessor_config.json} says {@code "do_normalize": true}
 *                           (wav2vec2-base, wav2vec2-large-lv60, XLS-R, hubert-large, wavlm-large);
 *                           leave it off where it says false (hubert-base-ls960, wavlm-base-plus).
 *                           Default off.
 * @param intraOpThreads     ONNX Runtime intra-op threads per run; 0 lets ONNX Runtime choose (all cores)
 * @param inputName          the waveform input; empty picks the graph's only input, or {@code input_values}
 * @param layerTensors       tensor names to tap, layer 0 (the first block's input) first; empty finds them
 *                           with {@link LayerDiscovery}
 */
public record OnnxLayerTapSettings(double frameRateHz, boolean normalizeWaveform, int intraOpThreads,
                                   String inputName, List<String> layerTensors) {
    public static final double DEFAULT_FRAME_RATE_HZ = 50.0;

    public OnnxLayerTapSettings {
        if (!(frameRateHz > 0) || Double.isInfinite(frameRateHz)) {
            throw new IllegalArgumentException("frame rate must be positive, got " + frameRateHz);
        }
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intra-op threads must be 0 (automatic) or more, got " + intraOpThreads);
        }
        Objects.requireNonNull(inputName, "inputName");
        layerTensors = List.copyOf(layerTensors);
    }

    /** 50 Hz, no waveform normalisation, automatic threads, automatic input, layers discovered. */
    public static OnnxLayerTapSettings defaults() {
        return new OnnxLayerTapSettings(DEFAULT_FRAME_RATE_HZ, false, 0, "", List.of());
    }

    public OnnxLayerTapSettings withFrameRateHz(double hz) {
        return new OnnxLayerTapSettings(hz, normalizeWaveform, intraOpThreads, inputName, layerTensors);
    }

    public OnnxLayerTapSettings withNormalizeWaveform(boolean normalize) {
        return new OnnxLayerTapSettings(frameRateHz, normalize, intraOpThreads, inputName, layerTensors);
    }

    public OnnxLayerTapSettings withIntraOpThreads(int threads) {
        return new OnnxLayerTapSettings(frameRateHz, normalizeWaveform, threads, inputName, layerTensors);
    }

    public OnnxLayerTapSettings withInputName(String name) {
        return new OnnxLayerTapSettings(frameRateHz, normalizeWaveform, intraOpThreads, name, layerTensors);
    }

    /** Taps these tensors instead of discovering them: the first block's input, then every block's output. */
    public OnnxLayerTapSettings withLayerTensors(List<String> tensors) {
        return new OnnxLayerTapSettings(frameRateHz, normalizeWaveform, intraOpThreads, inputName, tensors);
    }
}
