package org.layeranchor.evaluation;

import java.util.ArrayList;
import java.util.List;
import org.layeranchor.serve.Prediction;

/**
 * Scores predicted timelines against recordings whose emotion is known second by second: what a
 * timeline gets right where it matters, time-weighted, so that a long segment counts for more than a
 * short one, as it does for a listener.
 *
 * <p>Time is scored in {@link #FRAME_SECONDS} frames (each judged at its centre). A frame inside a
 * known utterance ("speech") has that utterance's emotion as its truth; a frame between utterances is
 * a pause and has none. For speech frames, the predicted segment covering the frame either gives an
 * emotion ("labelled") or is silence ("unlabelled", speech the timeline missed). Reported:
 * <ul>
 *   <li>{@link #uar()}: unweighted average recall over the labelled speech frames;</li>
 *   <li>{@link #strictUar()}: the same with unlabelled speech counted as wrong;</li>
 *   <li>{@link #labelledSpeechShare()}: the share of speech time that got an emotion;</li>
 *   <li>{@link #labelledPauseShare()}: the share of pause time that got one (it should be small).</li>
 * </ul>
 * Scores accumulate over {@link #add} calls, so several recordings make one score.
 */
public final class TimelineScore {
    /** Scoring resolution: 10 ms, the voice-activity detector's frame. */
    public static final double FRAME_SECONDS = 0.01;

    /**
     * A known stretch of one emotion in a recording.
     *
     * @param startSeconds where it starts
     * @param endSeconds   where it ends
     * @param emotion      its emotion, one of the scored classes
     */
    public record TruthSpan(double startSeconds, double endSeconds, String emotion) {
    }

    private final List<String> classes;
    private final long[][] labelled;      // [truth][predicted] frames
    private final long[] unlabelled;      // [truth] frames the timeline called silence
    private long pauseFrames;
    private long labelledPauseFrames;

    public TimelineScore(List<String> classes) {
        this.classes = List.copyOf(classes);
        this.labelled = new long[classes.size()][classes.size()];
        this.unlabelled = new long[classes.size()];
    }

    /**
     * Adds one recording.
     *
     * @param truth           its utterances, in time order, not overlapping
     * @param timeline        the predicted segments, in time order (silence has emotion {@link Prediction#SILENCE})
     * @param durationSeconds the recording's length
     */
    public void add(List<TruthSpan> truth, List<Prediction.Segment> timeline, double durationSeconds) {
        int frames = (int) Math.ceil(durationSeconds / FRAME_SECONDS - 1e-9);
        int t = 0;
        int p = 0;
        for (int f = 0; f < frames; f++) {
            double at = (f + 0.5) * FRAME_SECONDS;
            while (t < truth.size() && truth.get(t).endSeconds() <= at) {
                t++;
            }
            while (p < timeline.size() && timeline.get(p).endSeconds() <= at) {
                p++;
            }
            boolean isSpeech = t < truth.size() && truth.get(t).startSeconds() <= at;
            Prediction.Segment covering = p < timeline.size() && timeline.get(p).startSeconds() <= at ? timeline.get(p) : null;
            boolean hasEmotion = covering != null && covering.isSpeech();
            if (!isSpeech) {
                pauseFrames++;
                labelledPauseFrames += hasEmotion ? 1 : 0;
                continue;
            }
            int truthClass = classIndex(truth.get(t).emotion());
            if (hasEmotion) {
                labelled[truthClass][classIndex(covering.emotion())]++;
            } else {
                unlabelled[truthClass]++;
            }
        }
    }

    private int classIndex(String emotion) {
        int c = classes.indexOf(emotion);
        if (c < 0) {
            throw new IllegalArgumentException("'" + emotion + "' is not one of the scored classes " + classes);
        }
        return c;
    }

    public List<String> classes() {
        return classes;
    }

    /** UAR over the speech frames that got an emotion; NaN with none. */
    public double uar() {
        return meanRecall(false);
    }

    /** UAR over all speech frames, those the timeline called silence counted as wrong; NaN with none. */
    public double strictUar() {
        return meanRecall(true);
    }

    private double meanRecall(boolean countUnlabelled) {
        List<Double> recalls = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            long support = countUnlabelled ? unlabelled[c] : 0;
            for (long n : labelled[c]) {
                support += n;
            }
            if (support > 0) {
                recalls.add(labelled[c][c] / (double) support);
            }
        }
        return recalls.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    public double speechSeconds() {
        long n = 0;
        for (int c = 0; c < classes.size(); c++) {
            n += unlabelled[c];
            for (long v : labelled[c]) {
                n += v;
            }
        }
        return n * FRAME_SECONDS;
    }

    /** Share of speech time that the timeline gave an emotion (not silence). */
    public double labelledSpeechShare() {
        long missed = 0;
        for (long v : unlabelled) {
            missed += v;
        }
        double speech = speechSeconds();
        return speech == 0 ? Double.NaN : 1 - missed * FRAME_SECONDS / speech;
    }

    public double pauseSeconds() {
        return pauseFrames * FRAME_SECONDS;
    }

    /** Share of pause time that the timeline gave an emotion. */
    public double labelledPauseShare() {
        return pauseFrames == 0 ? Double.NaN : labelledPauseFrames / (double) pauseFrames;
    }

    /** Time-weighted confusion over labelled speech, in frames. */
    public ConfusionMatrix confusion() {
        ConfusionMatrix m = new ConfusionMatrix(classes);
        for (int a = 0; a < classes.size(); a++) {
            for (int b = 0; b < classes.size(); b++) {
                for (long k = 0; k < labelled[a][b]; k++) {
                    m.add(a, b);
                }
            }
        }
        return m;
    }
}
