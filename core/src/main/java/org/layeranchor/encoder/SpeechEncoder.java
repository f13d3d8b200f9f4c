package org.layeranchor.encoder;

import org.layeranchor.audio.Audio;

/**
 * A pretrained speech model that returns the hidden states of every layer.
 *
 * <p>Implementations must be safe to call from several threads at once (ONNX Runtime sessions are)
 * and must return bit-identical output for the same input.
 */
public interface SpeechEncoder extends AutoCloseable {
    /** Encodes 16 kHz mono audio. */
    HiddenStates encode(Audio audio) throws EncoderException;

    EncoderInfo info();

    @Override
    void close();
}
