package org.layeranchor.segmentation;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a recording into utterance-like speech segments and the silence between them, because the
 * models learnt from single utterances of 1–8 s, not from blocks of speech and pauses.
 *
 * <ol>
 *   <li>Speech is found by a {@link SpeechDetector} (by default the energy-based
 *       {@link VoiceActivityDetector}); cuts are made at its pauses.</li>
 *   <li>Speech shorter than {@link Settings#minSegmentSeconds()} joins its nearer neighbour (the pause
 *       between them becomes part of the segment) when that pause is at most
 *       {@link Settings#maxMergeGapSeconds()} and the result is at most the maximum length; otherwise it
 *       stays a short segment of its own (it is still speech).</li>
 *   <li>Speech longer than {@link Settings#maxSegmentSeconds()} is split at its quietest moment (lowest
 *       energy over 100 ms) that leaves both sides at least the minimum length and neither side more
 *       pieces to cut than the whole had, again until every piece fits.</li>
 *   <li>Everything else — before, between and after the segments — is silence.</li>
 * </ol>
 * The spans returned cover the recording exactly, in time order.
 */
public final class UtteranceSegmenter {
    /** Frames of energy averaged when looking for the quietest point to split at (100 ms at 10-ms frames). */
    private static final int SPLIT_SMOOTHING_FRAMES = 10;

    /**
     * @param minSegmentSeconds  shorter speech is merged into a neighbour when possible [1]
     * @param maxSegmentSeconds  longer speech is split [8]
     * @param maxMergeGapSeconds the longest pause that short speech is merged across [1]
     */
    public record Settings(double minSegmentSeconds, double maxSegmentSeconds, double maxMergeGapSeconds) {
        public static final double DEFAULT_MIN_SECONDS = 1.0;
        public static final double DEFAULT_MAX_SECONDS = 8.0;

        public Settings {
            if (!(minSegmentSeconds >= 0) || !(maxSegmentSeconds > 0) || !Double.isFinite(maxSegmentSeconds)
                    || !(maxMergeGapSeconds >= 0)) {
                throw new IllegalArgumentException("invalid segment lengths: min " + minSegmentSeconds + " s, max "
                        + maxSegmentSeconds + " s, merge gap " + maxMergeGapSeconds + " s");
            }
        }

        public static Settings defaults() {
            return new Settings(DEFAULT_MIN_SECONDS, DEFAULT_MAX_SECONDS, 1.0);
        }

        /** These settings with another maximum; the minimum shrinks with it if it would exceed half of it. */
        public Settings withMaxSegmentSeconds(double max) {
            return new Settings(Math.min(minSegmentSeconds, max / 2), max, maxMergeGapSeconds);
        }
    }

    private final SpeechDetector detector;
    private final Settings settings;

    public UtteranceSegmenter(SpeechDetector detector, Settings settings) {
        this.detector = detector;
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    public List<TimelineSpan> segment(float[] samples, int rate) {
        SpeechDetector.Result vad = detector.detect(samples, rate);
        List<SampleRange> speech = mergeShortSpeech(vad.speech(), rate);
        List<SampleRange> fitting = new ArrayList<>();
        for (SampleRange r : speech) {
            splitLong(r, vad, rate, fitting);
        }
        return withSilence(fitting, samples.length);
    }

    private List<SampleRange> mergeShortSpeech(List<SampleRange> speech, int rate) {
        List<SampleRange> segments = new ArrayList<>(speech);
        int minLength = samples(settings.minSegmentSeconds(), rate);
        int maxLength = samples(settings.maxSegmentSeconds(), rate);
        int maxGap = samples(settings.maxMergeGapSeconds(), rate);
        boolean merged = true;
        while (merged) {
            merged = false;
            for (int i = 0; i < segments.size() && !merged; i++) {
                SampleRange s = segments.get(i);
                if (s.length() >= minLength) {
                    continue;
                }
                int gapBefore = i > 0 ? s.start() - segments.get(i - 1).end() : Integer.MAX_VALUE;
                int gapAfter = i + 1 < segments.size() ? segments.get(i + 1).start() - s.end() : Integer.MAX_VALUE;
                int neighbour = gapBefore <= gapAfter ? i - 1 : i + 1;
                if (Math.min(gapBefore, gapAfter) > maxGap) {
                    continue;
                }
                SampleRange a = segments.get(Math.min(i, neighbour));
                SampleRange b = segments.get(Math.max(i, neighbour));
                if (b.end() - a.start() <= maxLength) {
                    segments.set(Math.min(i, neighbour), new SampleRange(a.start(), b.end()));
                    segments.remove(Math.max(i, neighbour));
                    merged = true;
                }
            }
        }
        return segments;
    }

    private void splitLong(SampleRange r, SpeechDetector.Result vad, int rate, List<SampleRange> out) {
        int maxLength = samples(settings.maxSegmentSeconds(), rate);
        if (r.length() <= maxLength) {
            out.add(r);
            return;
        }
        int minLength = samples(settings.minSegmentSeconds(), rate);
        // Either side may take at most the pieces the whole needs less one, so that no side is left
        // needing more pieces than the whole did.
        long sideMax = (long) (ceilDiv(r.length(), maxLength) - 1) * maxLength;
        int from = (int) Math.max(r.start() + minLength, r.end() - sideMax);
        int to = (int) Math.min(r.end() - minLength, r.start() + sideMax);
        int at = quietestPoint(vad, from, to);
        splitLong(new SampleRange(r.start(), at), vad, rate, out);
        splitLong(new SampleRange(at, r.end()), vad, rate, out);
    }

    /** The start of the quietest 100 ms between two sample positions (their middle if they are in the wrong order). */
    private static int quietestPoint(SpeechDetector.Result vad, int from, int to) {
        if (from >= to) {
            return (from + to) / 2;
        }
        int frameLength = vad.frameLength();
        double[] db = vad.energyDb();
        int firstFrame = (from + frameLength - 1) / frameLength;
        int lastFrame = Math.min(db.length, to / frameLength) - SPLIT_SMOOTHING_FRAMES;
        if (lastFrame < firstFrame) {
            return (from + to) / 2;
        }
        int best = firstFrame;
        double bestEnergy = Double.POSITIVE_INFINITY;
        for (int f = firstFrame; f <= lastFrame; f++) {
            double sum = 0;
            for (int k = 0; k < SPLIT_SMOOTHING_FRAMES; k++) {
                sum += db[f + k];
            }
            if (sum < bestEnergy) {
                bestEnergy = sum;
                best = f;
            }
        }
        // The middle of the quiet window, so the cut falls inside the pause rather than at its edge.
        return Math.min(to, Math.max(from, (best + SPLIT_SMOOTHING_FRAMES / 2) * frameLength));
    }

    private static List<TimelineSpan> withSilence(List<SampleRange> speech, int length) {
        List<TimelineSpan> out = new ArrayList<>();
        int at = 0;
        for (SampleRange s : speech) {
            if (s.start() > at) {
                out.add(new TimelineSpan(new SampleRange(at, s.start()), false));
            }
            out.add(new TimelineSpan(s, true));
            at = s.end();
        }
        if (at < length) {
            out.add(new TimelineSpan(new SampleRange(at, length), false));
        }
        return out;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private static int samples(double seconds, int rate) {
        return (int) Math.round(seconds * rate);
    }
}
