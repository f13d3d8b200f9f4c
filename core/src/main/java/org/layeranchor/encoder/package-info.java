/**
 * Pretrained speech encoders that return the hidden states of every layer
 * ({@link org.layeranchor.encoder.SpeechEncoder} → {@link org.layeranchor.encoder.HiddenStates}).
 * {@link org.layeranchor.encoder.Encoders} opens what a user points at: a Whisper weights folder,
 * built as an ONNX graph in Java ({@code whisper}, weights read by {@code weights}), or an exported
 * ONNX speech model with every transformer layer tapped ({@code onnx}).
 * {@link org.layeranchor.encoder.EncoderInfo} identifies an encoder for provenance and for keying
 * stored features; {@link org.layeranchor.encoder.EncoderLocation} remembers where its weights were.
 * Implementations are thread-safe and bit-reproducible. Depends on audio (and npy, onnx).
 */
package org.layeranchor.encoder;
