package org.layeranchor.segmentation;

import java.util.List;

/**
 * Finds where the speech is in mono audio, for {@link UtteranceSegmenter} to cut at its pauses. Two
 * implementations: {@link VoiceActivityDetector} (short-time energy, no model) and
 * {@link SileroVoiceActivityDetector} (the Silero VAD v5 network through ONNX Runtime).
 * {@code docs/BENCHMARK.md} "Emotion through time" compares them.
 */
public interface SpeechDetector extends AutoCloseable {
    /**
     * What a detector found.
     *
     * @param frameLength samples per frame of {@code energyDb}
     * @param energyDb    each frame's energy in dBFS (for callers that cut speech at its quietest point)
     * @param speech      the speech, in time order, not overlapping
     */
    record Result(int frameLength, double[] energyDb, List<SampleRange> speech) {
        public Result {
            speech = List.copyOf(speech);
        }
    }

    Result detect(float[] samples, int rate);

    /** Releases what the detector holds (a model session); nothing by default. */
    @Override
    default void close() {
    }
}
