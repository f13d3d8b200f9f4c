/**
 * Where the speech is in a long recording: an energy-based voice-activity detector
 * ({@link org.layeranchor.segmentation.VoiceActivityDetector}) and the cutting of its speech into
 * utterance-like segments ({@link org.layeranchor.segmentation.UtteranceSegmenter}), so that a long
 * recording is predicted piece by piece on pieces like the 1–8-s utterances the models learnt from.
 */
package org.layeranchor.segmentation;
