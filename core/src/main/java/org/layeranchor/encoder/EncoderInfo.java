package org.layeranchor.encoder;

import java.util.LinkedHashMap;
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

    /**
     * What a trained model records about the encoder whose features it learned from, as flat
     * key/value pairs: {@code family}, {@code identity}, {@code layers}, {@code dim} and every
     * setting (e.g. {@code mode}, {@code mel_bins}). Two encoders with the same pairs produce the
     * same features; the parameter count and frame rate follow from these and are left out.
     */
    public Map<String, String> identityProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("family", family);
        p.put("identity", identity);
        p.put("layers", Integer.toString(layers));
        p.put("dim", Integer.toString(dim));
        settings.forEach((k, v) -> {
            if (p.containsKey(k)) {
                throw new IllegalStateException("encoder setting '" + k + "' clashes with an identity property");
            }
            p.put(k, v);
        });
        return p;
    }
}
