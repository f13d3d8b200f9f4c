package org.layeranchor.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.layeranchor.audio.AudioTooShortException;
import org.layeranchor.encoder.EncoderException;
import org.layeranchor.evaluation.ConfusionMatrix;
import org.layeranchor.evaluation.SpeechDetectionScore;
import org.layeranchor.evaluation.TimelineScore;
import org.layeranchor.segmentation.SampleRange;
import org.layeranchor.segmentation.SpeechDetector;
import org.layeranchor.segmentation.TimelineSpan;
import org.layeranchor.segmentation.UtteranceSegmenter;
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
     * @param utteranceCount      utterances in them
     * @param speechSegments      speech segments in their timelines
     */
    public record Result(TimelineScore timeline, TimelineScore utterancesPerSecond, ConfusionMatrix utterances,
                         int recordings, double recordedSeconds, int utteranceCount, int speechSegments) {
        public String toText() {
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "%d recordings, %.1f s (%.1f s of utterances, %.1f s of pauses), "
                            + "%d utterances, %d speech segments (mean %.2f s)%n", recordings, recordedSeconds,
                    timeline.speechSeconds(), timeline.pauseSeconds(), utteranceCount, speechSegments,
                    speechSegments == 0 ? 0 : labelledSeconds() / speechSegments));
            if (utterances.total() > 0) {
                b.append(String.format(Locale.ROOT, "utterance-level UAR (each utterance alone, per utterance): %.1f %%%n",
                        100 * utterances.uar()));
                b.append(String.format(Locale.ROOT, "utterance-level UAR (each utterance alone, per second):    %.1f %%%n",
                        100 * utterancesPerSecond.uar()));
            } else {
                b.append(String.format(Locale.ROOT, "utterance-level UAR: not measured (--timeline-only)%n"));
            }
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
        return run(predictor, ConcatenatedRecordings.build(clips, recordings, 0.3, 1.5, seed), true, progress);
    }

    /**
     * Each recording's timeline, and each of its utterances alone as it sounds in the recording (so that
     * noise laid over the recording is heard by both).
     *
     * @param made        recordings of utterances of the predictor's classes
     * @param alsoAlone   also predict each utterance alone (false: the timelines only, half the encoder time,
     *                    for a second run on the same recordings whose utterance-level UAR is already known)
     * @param progress    one line per recording
     */
    public static Result run(EmotionPredictor predictor, List<ConcatenatedRecordings.Recording> made, boolean alsoAlone,
                             Consumer<String> progress) throws AudioTooShortException, EncoderException {
        List<String> classes = predictor.classes();
        TimelineScore timeline = new TimelineScore(classes);
        TimelineScore perSecond = new TimelineScore(classes);
        ConfusionMatrix utterances = new ConfusionMatrix(classes);
        double recorded = 0;
        int segments = 0;
        int utteranceCount = 0;
        int done = 0;
        for (ConcatenatedRecordings.Recording r : made) {
            utteranceCount += r.clips().size();
            Prediction p = predictor.predict(r.audio());
            timeline.add(r.truth(), p.segments(), r.audio().durationSeconds());
            segments += (int) p.segments().stream().filter(Prediction.Segment::isSpeech).count();
            recorded += r.audio().durationSeconds();
            List<Prediction.Segment> alone = new ArrayList<>();
            for (int i = 0; alsoAlone && i < r.clips().size(); i++) {
                Prediction u = predictor.predict(r.utterance(i));
                TimelineScore.TruthSpan t = r.truth().get(i);
                utterances.add(classes.indexOf(t.emotion()), classes.indexOf(u.emotion()));
                alone.add(new Prediction.Segment(t.startSeconds(), t.endSeconds(), u.emotion(), u.probabilities()));
            }
            perSecond.add(r.truth(), alone, r.audio().durationSeconds());
            done++;
            progress.accept(String.format(Locale.ROOT, "recording %d/%d: %.1f s, %d utterances, %d segments",
                    done, made.size(), r.audio().durationSeconds(), r.clips().size(),
                    p.segments().stream().filter(Prediction.Segment::isSpeech).count()));
        }
        return new Result(timeline, perSecond, utterances, made.size(), recorded, utteranceCount, segments);
    }

    /**
     * What a voice-activity detector alone makes of recordings, without any model: its speech frame by
     * frame against the utterances, its time, and the speech segments the segmenter cuts from it.
     *
     * @param detector    the detector measured
     * @param raw         its speech, frame by frame
     * @param segmented   the segmenter's speech segments (short speech merged across short pauses), frame by frame
     * @param stretches   stretches of speech the detector found
     * @param segments    speech segments the segmenter made of them
     * @param utterances  utterances in the recordings
     * @param audioSeconds     length of the recordings
     * @param detectorSeconds  time the detector took on them (wall clock, after one warm-up call)
     */
    public record Detection(String detector, SpeechDetectionScore raw, SpeechDetectionScore segmented, int stretches,
                            int segments, int utterances, double audioSeconds, double detectorSeconds) {
        /** Detector time per minute of audio, in milliseconds. */
        public double millisecondsPerMinute() {
            return 1000 * detectorSeconds / (audioSeconds / 60);
        }

        public String toText() {
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "detector %s: %d utterances, %d stretches of speech found, %d speech segments "
                    + "after segmentation%n", detector, utterances, stretches, segments));
            b.append(String.format(Locale.ROOT, "detector alone:  precision %.1f %%, speech time found %.1f %%, "
                            + "pause time called speech %.1f %%%n",
                    100 * raw.precision(), 100 * raw.recall(), 100 * raw.pauseCalledSpeech()));
            b.append(String.format(Locale.ROOT, "after segmenter: precision %.1f %%, speech time labelled %.1f %%, "
                            + "pause time labelled %.1f %%%n",
                    100 * segmented.precision(), 100 * segmented.recall(), 100 * segmented.pauseCalledSpeech()));
            b.append(String.format(Locale.ROOT, "detector time: %.0f ms per minute of audio (%.2f s for %.1f s)%n",
                    millisecondsPerMinute(), detectorSeconds, audioSeconds));
            return b.toString();
        }
    }

    /**
     * @param name     what the detector is called in the report
     * @param settings the segmenter's settings, as the predictor uses them
     */
    public static Detection detect(SpeechDetector detector, String name, UtteranceSegmenter.Settings settings,
                                   List<ConcatenatedRecordings.Recording> made) {
        SpeechDetectionScore raw = new SpeechDetectionScore();
        SpeechDetectionScore segmented = new SpeechDetectionScore();
        UtteranceSegmenter segmenter = new UtteranceSegmenter(detector, settings);
        if (!made.isEmpty()) {
            // One untimed call first: the first call into a model pays for its allocations.
            detector.detect(made.get(0).audio().samples(), made.get(0).audio().sampleRate());
        }
        long nanos = 0;
        int stretches = 0;
        int segments = 0;
        int utterances = 0;
        double seconds = 0;
        for (ConcatenatedRecordings.Recording r : made) {
            float[] x = r.audio().samples();
            int rate = r.audio().sampleRate();
            long t0 = System.nanoTime();
            List<SampleRange> speech = detector.detect(x, rate).speech();
            nanos += System.nanoTime() - t0;
            raw.add(r.truth(), speech, rate, r.audio().durationSeconds());
            List<SampleRange> cut = segmenter.segment(x, rate).stream().filter(TimelineSpan::speech)
                    .map(TimelineSpan::range).toList();
            segmented.add(r.truth(), cut, rate, r.audio().durationSeconds());
            stretches += speech.size();
            segments += cut.size();
            utterances += r.clips().size();
            seconds += r.audio().durationSeconds();
        }
        return new Detection(name, raw, segmented, stretches, segments, utterances, seconds, nanos / 1e9);
    }
}
