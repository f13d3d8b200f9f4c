/**
 * Using a trained model: {@link org.layeranchor.serve.EmotionPredictor} (audio → per-segment and
 * overall emotion, with the encoder the model was trained on), the HTTP service
 * {@link org.layeranchor.serve.EmotionServer} with its web page, and
 * {@link org.layeranchor.serve.OnnxExport} (model and Whisper encoder as one ONNX file). Features are
 * computed exactly as the feature store computes them, so a model sees at prediction time what it
 * saw in training.
 */
package org.layeranchor.serve;
