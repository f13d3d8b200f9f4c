package org.layeranchor.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.layeranchor.audio.AudioTooShortException;
import org.layeranchor.encoder.EncoderException;
import org.layeranchor.evaluation.ConfusionMatrix;
import org.layeranchor.evaluation.TimelineScore;
import org.layeranchor.serve.EmotionPredictor;
import org.layeranchor.serve.Prediction;

/**
 * How much following emotion through a long recording costs against judging each utterance on its
 * own, with the same model on the same utterances: the utterances are joined into long recordings
 * ({@link ConcatenatedRecordings}) and each recording's predicted timeline is scored second by second
 * ({@link TimelineScore}); each utterance is also predicted alone, as a file.
 */
public final class TimelineBenchmark {
    /**
     * @param timeline            the long recordings' timelines, per second of speech
     * @param utterancesPerSecond each utterance's own prediction, per second of speech (the same weighting)
     * @param utterances          each utterance's own prediction, per utterance (the usual UAR)
     * @param recordings          recordings made
     * @param recordedSeconds     their total length
     * @param speechSegments      speech segments in their timelines
     */
    public record Result(TimelineScore timeline, TimelineScore utterancesPerSecond, ConfusionMatrix utterances,
                         int recordings, double recordedSeconds, int speechSegments) {
        public String toText() {
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "%d recordings, %.1f s (%.1f s of utterances, %.1f s of pauses), "
                            + "%d utterances, %d speech segments (mean %.2f s)%n", recordings, recordedSeconds,
                    timeline.speechSeconds(), timeline.pauseSeconds(), utterances.total(), speechSegments,
                    speechSegments == 0 ? 0 : labelledSeconds() / speechSegments));
            b.append(String.format(Locale.ROOT, "utterance-level UAR (each utterance alone, per utterance): %.1f %%%n",
                    100 * utterances.uar()));
            b.append(String.format(Locale.ROOT, "utterance-level UAR (each utterance alone, per second):    %.1f %%%n",
                    100 * utterancesPerSecond.uar()));
            b.append(String.format(Locale.ROOT, "segment-level UAR (timeline, per second of labelled speech): %.1f %%%n",
                    100 * timeline.uar()));
            b.append(String.format(Locale.ROOT, "segment-level UAR, speech labelled silence counted wrong:   %.1f %%%n",
                    100 * timeline.strictUar()));
            b.append(String.format(Locale.ROOT, "share of speech time labelled with an emotion: %.1f %%%n",
                    100 * timeline.labelledSpeechShare()));
            b.append(String.format(Locale.ROOT, "share of pause time labelled with an emotion:  %.1f %%%n",
                    100 * timeline.labelledPauseShare()));
            return b.toString();
        }

        private double labelledSeconds() {
            return timeline.speechSeconds() * timeline.labelledSpeechShare()
                    + timeline.pauseSeconds() * timeline.labelledPauseShare();
        }
    }

    private TimelineBenchmark() {
    }

    /**
     * @param clips      labelled utterances, each of one of the predictor's classes
     * @param recordings how many long recordings to make of them
     * @param seed       order and pauses
     * @param progress   one line per recording
     */
    public static Result run(EmotionPredictor predictor, List<ConcatenatedRecordings.Clip> clips, int recordings, long seed,
                             Consumer<String> progress) throws AudioTooShortException, EncoderException {
        List<String> classes = predictor.classes();
        TimelineScore timeline = new TimelineScore(classes);
        TimelineScore perSecond = new TimelineScore(classes);
        ConfusionMatrix utterances = new ConfusionMatrix(classes);
        double recorded = 0;
        int segments = 0;
        int done = 0;
        for (ConcatenatedRecordings.Recording r : ConcatenatedRecordings.build(clips, recordings, 0.3, 1.5, seed)) {
            Prediction p = predictor.predict(r.audio());
            timeline.add(r.truth(), p.segments(), r.audio().durationSeconds());
            segments += (int) p.segments().stream().filter(Prediction.Segment::isSpeech).count();
            recorded += r.audio().durationSeconds();
            List<Prediction.Segment> alone = new ArrayList<>();
            for (int i = 0; i < r.clips().size(); i++) {
                Prediction u = predictor.predict(r.clips().get(i).audio());
                TimelineScore.TruthSpan t = r.truth().get(i);
                utterances.add(classes.indexOf(t.emotion()), classes.indexOf(u.emotion()));
                alone.add(new Prediction.Segment(t.startSeconds(), t.endSeconds(), u.emotion(), u.probabilities()));
            }
            perSecond.add(r.truth(), alone, r.audio().durationSeconds());
            done++;
            progress.accept(String.format(Locale.ROOT, "recording %d/%d: %.1f s, %d utterances, %d segments",
                    done, recordings, r.audio().durationSeconds(), r.clips().size(),
                    p.segments().stream().filter(Prediction.Segment::isSpeech).count()));
        }
        return new Result(timeline, perSecond, utterances, recordings, recorded, segments);
    }
}
