package org.layeranchor.segmentation;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the speech in 16 kHz (or any rate) mono audio from short-time energy alone: no model, no
 * network, a few milliseconds per minute of audio.
 *
 * <p>How a frame is judged, in order:
 * <ol>
 *   <li><b>Energy</b> of each {@link Settings#frameSeconds() frame} (10 ms), in dBFS.</li>
 *   <li><b>Adaptive noise floor.</b> Starts at the recording's 5th-percentile frame energy, follows
 *       any quieter frame straight down and rises at most {@link Settings#floorRiseDbPerSecond()}: a
 *       louder background is learnt within seconds, while a few seconds of speech barely move it.</li>
 *   <li><b>Thresholds with hysteresis.</b> Speech starts when a frame is {@link Settings#onsetMarginDb()}
 *       above the floor and continues while frames stay {@link Settings#offsetMarginDb()} above it. Both
 *       thresholds are kept at least at {@link Settings#dynamicRangeDb()} below the recording's loud
 *       frames (its 95th percentile) and at {@link Settings#absoluteMinDb()}: padding of digital
 *       silence would otherwise put the floor at -120 dB and make faint hiss "speech".</li>
 *   <li><b>Hangover.</b> Speech lasts {@link Settings#hangoverSeconds()} past its last loud frame, so
 *       the quiet ends of words are kept.</li>
 *   <li><b>Minimum durations.</b> Pauses shorter than {@link Settings#minSilenceSeconds()} are bridged
 *       (a stop consonant is not a pause); then bursts shorter than {@link Settings#minSpeechSeconds()}
 *       are dropped (a click is not speech).</li>
 * </ol>
 */
public final class VoiceActivityDetector implements SpeechDetector {
    /**
     * @param frameSeconds         frame length [0.01]
     * @param onsetMarginDb        speech starts this far above the noise floor [10]
     * @param offsetMarginDb       speech continues while this far above the noise floor [6]
     * @param dynamicRangeDb       thresholds are never lower than the loud frames minus this [40]
     * @param absoluteMinDb        thresholds are never lower than this, in dBFS [-65]
     * @param floorRiseDbPerSecond the fastest the noise floor may rise [3]
     * @param hangoverSeconds      speech is held this long after the last frame above threshold [0.1]
     * @param minSpeechSeconds     shorter speech is dropped [0.25]
     * @param minSilenceSeconds    shorter pauses between speech are bridged [0.2]
     */
    public record Settings(double frameSeconds, double onsetMarginDb, double offsetMarginDb, double dynamicRangeDb,
                           double absoluteMinDb, double floorRiseDbPerSecond, double hangoverSeconds,
                           double minSpeechSeconds, double minSilenceSeconds) {
        public Settings {
            if (!(frameSeconds > 0) || !(onsetMarginDb >= offsetMarginDb) || !(offsetMarginDb >= 0)
                    || !(dynamicRangeDb > 0) || !(floorRiseDbPerSecond >= 0) || !(hangoverSeconds >= 0)
                    || !(minSpeechSeconds >= 0) || !(minSilenceSeconds >= 0)) {
                throw new IllegalArgumentException("invalid voice-activity settings: " + this);
            }
        }

        public static Settings defaults() {
            return new Settings(0.01, 10, 6, 40, -65, 3, 0.1, 0.25, 0.2);
        }
    }

    private final Settings settings;

    public VoiceActivityDetector(Settings settings) {
        this.settings = settings;
    }

    public VoiceActivityDetector() {
        this(Settings.defaults());
    }

    @Override
    public Result detect(float[] samples, int rate) {
        if (rate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, got " + rate);
        }
        int frameLength = Math.max(1, (int) Math.round(settings.frameSeconds() * rate));
        double frameSeconds = frameLength / (double) rate;
        double[] db = FrameEnergy.decibels(samples, frameLength);
        if (db.length == 0) {
            return new Result(frameLength, db, List.of());
        }
        boolean[] speech = classifyFrames(db, frameSeconds);
        List<int[]> runs = speechRuns(speech);
        runs = bridgeShortPauses(runs, frames(settings.minSilenceSeconds(), frameSeconds));
        int minSpeech = frames(settings.minSpeechSeconds(), frameSeconds);
        List<SampleRange> out = new ArrayList<>();
        for (int[] r : runs) {
            if (r[1] - r[0] >= minSpeech) {
                out.add(new SampleRange(r[0] * frameLength, Math.min(samples.length, r[1] * frameLength)));
            }
        }
        return new Result(frameLength, db, out);
    }

    /** Frame by frame: noise floor, thresholds, hysteresis and hangover. */
    private boolean[] classifyFrames(double[] db, double frameSeconds) {
        double lowest = Math.max(FrameEnergy.percentile(db, 0.95) - settings.dynamicRangeDb(), settings.absoluteMinDb());
        double hysteresis = settings.onsetMarginDb() - settings.offsetMarginDb();
        double riseStep = settings.floorRiseDbPerSecond() * frameSeconds;
        int hangoverFrames = frames(settings.hangoverSeconds(), frameSeconds);
        double floor = FrameEnergy.percentile(db, 0.05);
        boolean inSpeech = false;
        int hangover = 0;
        boolean[] speech = new boolean[db.length];
        for (int f = 0; f < db.length; f++) {
            floor = db[f] < floor ? db[f] : floor + Math.min(db[f] - floor, riseStep);
            double onset = Math.max(floor + settings.onsetMarginDb(), lowest);
            double offset = onset - hysteresis;
            if (db[f] > (inSpeech ? offset : onset)) {
                inSpeech = true;
                hangover = hangoverFrames;
            } else if (inSpeech && hangover > 0) {
                hangover--;
            } else {
                inSpeech = false;
            }
            speech[f] = inSpeech;
        }
        return speech;
    }

    /** [first, end) frame indices of each run of speech frames. */
    private static List<int[]> speechRuns(boolean[] speech) {
        List<int[]> runs = new ArrayList<>();
        for (int f = 0; f < speech.length; f++) {
            if (speech[f] && (f == 0 || !speech[f - 1])) {
                runs.add(new int[] {f, f + 1});
            } else if (speech[f]) {
                runs.get(runs.size() - 1)[1] = f + 1;
            }
        }
        return runs;
    }

    private static List<int[]> bridgeShortPauses(List<int[]> runs, int minPauseFrames) {
        List<int[]> out = new ArrayList<>();
        for (int[] r : runs) {
            if (!out.isEmpty() && r[0] - out.get(out.size() - 1)[1] < minPauseFrames) {
                out.get(out.size() - 1)[1] = r[1];
            } else {
                out.add(r.clone());
            }
        }
        return out;
    }

    private static int frames(double seconds, double frameSeconds) {
        return (int) Math.round(seconds / frameSeconds);
    }
}
