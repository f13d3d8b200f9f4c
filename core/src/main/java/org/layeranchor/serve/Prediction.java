package org.layeranchor.serve;

import java.util.List;

/**
 * The emotion of one recording: an overall prediction and its timeline of segments.
 *
 * <p>The timeline covers the whole recording: speech segments, each with its emotion and
 * probabilities, and silence segments ({@link #SILENCE}, no probabilities), which are never given an
 * emotion. The overall probabilities are the speech-duration-weighted mean of the speech segments'
 * (unsmoothed) probabilities (Σ_s (duration_s / speech duration) · p_s), so every second of speech
 * counts the same whatever segment it falls in and silence counts not at all; with one segment they
 * are that segment's probabilities. A recording in which no speech was found has emotion
 * {@link #SILENCE} and all probabilities 0.
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
    /** The emotion of a segment, or of a recording, in which there is no speech. */
    public static final String SILENCE = "silence";

    public Prediction {
        classes = List.copyOf(classes);
        segments = List.copyOf(segments);
    }

    /**
     * One segment's prediction.
     *
     * @param startSeconds  where the segment starts in the recording
     * @param endSeconds    where it ends
     * @param emotion       its most probable class, or {@link #SILENCE}
     * @param probabilities its class probabilities (empty for silence)
     */
    public record Segment(double startSeconds, double endSeconds, String emotion, double[] probabilities) {
        public static Segment silence(double startSeconds, double endSeconds) {
            return new Segment(startSeconds, endSeconds, SILENCE, new double[0]);
        }

        public boolean isSpeech() {
            return !SILENCE.equals(emotion) || probabilities.length > 0;
        }

        public double durationSeconds() {
            return endSeconds - startSeconds;
        }
    }

    /** Seconds of the recording in speech segments. */
    public double speechSeconds() {
        return segments.stream().filter(Segment::isSpeech).mapToDouble(Segment::durationSeconds).sum();
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
