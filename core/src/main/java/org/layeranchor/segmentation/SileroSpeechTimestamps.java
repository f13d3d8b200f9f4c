package org.layeranchor.segmentation;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns Silero's per-chunk speech probabilities into stretches of speech by the rules of silero-vad's
 * own {@code get_speech_timestamps} (utils_vad.py, v5), so that the wrapper behaves as the model's
 * authors measured it. Its one rule left out is {@code max_speech_duration_s}: {@link UtteranceSegmenter}
 * splits long speech itself.
 *
 * <ol>
 *   <li>Speech starts at a chunk whose probability is at least {@link Settings#threshold()}.</li>
 *   <li>It ends where the probability first fell below {@link Settings#negativeThreshold()}, once it
 *       has stayed off the threshold for {@link Settings#minSilenceSeconds()} (a hysteresis band
 *       between the two, and short dips bridged).</li>
 *   <li>Speech not longer than {@link Settings#minSpeechSeconds()} is dropped.</li>
 *   <li>Each stretch is padded by {@link Settings#speechPadSeconds()} on both sides, or by half the
 *       pause when the pause is shorter than two pads.</li>
 * </ol>
 */
final class SileroSpeechTimestamps {
    /**
     * The defaults are {@code get_speech_timestamps}' own (silero-vad 5.x): threshold 0.5, neg_threshold
     * threshold − 0.15, min_speech_duration_ms 250, min_silence_duration_ms 100, speech_pad_ms 30.
     *
     * @param threshold         speech starts at this probability [0.5]
     * @param negativeThreshold speech may end below this probability [0.35]
     * @param minSpeechSeconds  speech this long or shorter is dropped [0.25]
     * @param minSilenceSeconds a pause must last this long to end speech [0.1]
     * @param speechPadSeconds  added to each side of speech [0.03]
     */
    record Settings(double threshold, double negativeThreshold, double minSpeechSeconds, double minSilenceSeconds,
                    double speechPadSeconds) {
        Settings {
            if (!(threshold > 0 && threshold <= 1) || !(negativeThreshold >= 0 && negativeThreshold <= threshold)
                    || !(minSpeechSeconds >= 0) || !(minSilenceSeconds >= 0) || !(speechPadSeconds >= 0)) {
                throw new IllegalArgumentException("invalid Silero VAD settings: " + this);
            }
        }

        static Settings defaults() {
            return new Settings(0.5, 0.35, 0.25, 0.1, 0.03);
        }
    }

    private SileroSpeechTimestamps() {
    }

    /**
     * @param probabilities one per chunk, in order
     * @param chunk         samples per chunk
     * @param length        samples in the recording (the last chunk may have been padded past it)
     * @param rate          sample rate
     */
    static List<SampleRange> speech(float[] probabilities, int chunk, int length, int rate, Settings s) {
        int minSpeech = (int) (s.minSpeechSeconds() * rate);
        int minSilence = (int) (s.minSilenceSeconds() * rate);
        int pad = (int) (s.speechPadSeconds() * rate);
        List<int[]> speeches = new ArrayList<>();
        boolean triggered = false;
        int start = 0;
        int tempEnd = 0;   // where a candidate pause began; 0 = none, as in the reference
        for (int i = 0; i < probabilities.length; i++) {
            int at = chunk * i;
            double p = probabilities[i];
            if (p >= s.threshold() && tempEnd != 0) {
                tempEnd = 0;
            }
            if (p >= s.threshold() && !triggered) {
                triggered = true;
                start = at;
                continue;
            }
            if (p < s.negativeThreshold() && triggered) {
                if (tempEnd == 0) {
                    tempEnd = at;
                }
                if (at - tempEnd < minSilence) {
                    continue;
                }
                if (tempEnd - start > minSpeech) {
                    speeches.add(new int[] {start, tempEnd});
                }
                triggered = false;
                tempEnd = 0;
            }
        }
        if (triggered && length - start > minSpeech) {
            speeches.add(new int[] {start, length});
        }
        pad(speeches, pad, length);
        List<SampleRange> out = new ArrayList<>();
        for (int[] r : speeches) {
            out.add(new SampleRange(r[0], Math.min(length, r[1])));
        }
        return out;
    }

    private static void pad(List<int[]> speeches, int pad, int length) {
        for (int i = 0; i < speeches.size(); i++) {
            int[] speech = speeches.get(i);
            if (i == 0) {
                speech[0] = Math.max(0, speech[0] - pad);
            }
            if (i + 1 < speeches.size()) {
                int[] next = speeches.get(i + 1);
                int silence = next[0] - speech[1];
                if (silence < 2 * pad) {
                    speech[1] += silence / 2;
                    next[0] = Math.max(0, next[0] - silence / 2);
                } else {
                    speech[1] = Math.min(length, speech[1] + pad);
                    next[0] = Math.max(0, next[0] - pad);
                }
            } else {
                speech[1] = Math.min(length, speech[1] + pad);
            }
        }
    }
}
