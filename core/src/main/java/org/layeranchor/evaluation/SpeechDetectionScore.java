package org.layeranchor.evaluation;

import java.util.List;
import org.layeranchor.segmentation.SampleRange;

/**
 * How well a voice-activity detector alone finds the utterances of recordings whose utterances are
 * known, frame by frame: {@link TimelineScore#FRAME_SECONDS} frames judged at their centres, "speech"
 * being inside a known utterance (its own quiet ends included, so a perfect detector of voiced sound
 * still misses a little of it). Counts accumulate over {@link #add} calls.
 */
public final class SpeechDetectionScore {
    private long speechDetected;   // true positives
    private long speechMissed;     // false negatives
    private long pauseDetected;    // false positives
    private long pauseQuiet;       // true negatives

    /**
     * @param truth           the utterances, in time order, not overlapping
     * @param detected        the detector's speech, in samples, in time order, not overlapping
     * @param rate            samples per second of {@code detected}
     * @param durationSeconds the recording's length
     */
    public void add(List<TimelineScore.TruthSpan> truth, List<SampleRange> detected, int rate, double durationSeconds) {
        int frames = (int) Math.ceil(durationSeconds / TimelineScore.FRAME_SECONDS - 1e-9);
        int t = 0;
        int d = 0;
        for (int f = 0; f < frames; f++) {
            double at = (f + 0.5) * TimelineScore.FRAME_SECONDS;
            while (t < truth.size() && truth.get(t).endSeconds() <= at) {
                t++;
            }
            while (d < detected.size() && detected.get(d).endSeconds(rate) <= at) {
                d++;
            }
            boolean isSpeech = t < truth.size() && truth.get(t).startSeconds() <= at;
            boolean found = d < detected.size() && detected.get(d).startSeconds(rate) <= at;
            if (isSpeech) {
                speechDetected += found ? 1 : 0;
                speechMissed += found ? 0 : 1;
            } else {
                pauseDetected += found ? 1 : 0;
                pauseQuiet += found ? 0 : 1;
            }
        }
    }

    /** Share of the time called speech that is inside an utterance; NaN when nothing was called speech. */
    public double precision() {
        long called = speechDetected + pauseDetected;
        return called == 0 ? Double.NaN : speechDetected / (double) called;
    }

    /** Share of the utterances' time called speech ("speech time found"); NaN without utterances. */
    public double recall() {
        long speech = speechDetected + speechMissed;
        return speech == 0 ? Double.NaN : speechDetected / (double) speech;
    }

    /** Share of the pauses' time called speech; NaN without pauses. */
    public double pauseCalledSpeech() {
        long pause = pauseDetected + pauseQuiet;
        return pause == 0 ? Double.NaN : pauseDetected / (double) pause;
    }

    /** F1 of speech frames; NaN when precision or recall is. */
    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
}
