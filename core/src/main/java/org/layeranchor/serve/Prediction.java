package org.layeranchor.serve;

import java.util.List;

/**
 * The emotion of one recording: an overall prediction and one per segment.
 *
 * <p>The overall probabilities are the duration-weighted mean of the segments' probabilities
 * (Σ_s (duration_s / duration) · p_s), so every second of audio counts the same whatever segment it
 * falls in; with one segment they are that segment's probabilities.
 *
 * @param source          where the audio came from (a file name, or "request body")
 * @param durationSeconds length of the audio
 * @param classes         the model's classes, in the order of every probability array
 * @param emotion         the most probable class overall
 * @param probabilities   overall class probabilities
 * @param segments        one entry per segment, in time order, together covering the whole recording
 */
public record Prediction(String source, double durationSeconds, List<String> classes, String emotion,
                         double[] probabilities, List<Segment> segments) {

    public Prediction {
        classes = List.copyOf(classes);
        segments = List.copyOf(segments);
    }

    /**
     * One segment's prediction.
     *
     * @param startSeconds  where the segment starts in the recording
     * @param endSeconds    where it ends
     * @param emotion       its most probable class
     * @param probabilities its class probabilities
     */
    public record Segment(double startSeconds, double endSeconds, String emotion, double[] probabilities) {
        public double durationSeconds() {
            return endSeconds - startSeconds;
        }
    }

    /** The index of the largest value; the first one on ties. */
    static int argmax(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }
}
