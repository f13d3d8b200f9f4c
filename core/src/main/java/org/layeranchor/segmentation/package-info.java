/**
 * Where the speech is in a long recording: a {@link org.layeranchor.segmentation.SpeechDetector} — the
 * energy-based {@link org.layeranchor.segmentation.VoiceActivityDetector} (the default) or the Silero
 * VAD network ({@link org.layeranchor.segmentation.SileroVoiceActivityDetector}) — and the cutting of
 * its speech into utterance-like segments ({@link org.layeranchor.segmentation.UtteranceSegmenter}), so
 * that a long recording is predicted piece by piece on pieces like the 1–8-s utterances the models
 * learnt from.
 */
package org.layeranchor.segmentation;
