package org.layeranchor.encoder;

import java.util.Map;

/**
 * What a speech encoder is, for provenance and for keying stored features.
 *
 * @param family      model family, e.g. "whisper" or "onnx"
 * @param identity    a stable identity of the weights (e.g. a hash of the weight files)
 * @param layers      number of hidden-state layers returned (blocks + 1)
 * @param dim         hidden size
 * @param frameRateHz output frames per second of audio
 * @param parameters  number of parameters, or -1 if unknown
 * @param settings    front-end settings that change the output (mode, mel bins, ...)
 */
public record EncoderInfo(String family, String identity, int layers, int dim, double frameRateHz,
                          long parameters, Map<String, String> settings) {
}
