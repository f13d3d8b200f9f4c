package org.layeranchor.audio;

import java.util.ArrayList;
import java.util.List;

/**
 * Flags clips that decode but are unlikely to be what the user meant: too short, silent, clipped.
 * Run it on the decoded signal at its own rate: resampling rings around clipped flat tops and
 * would hide them.
 */
public final class AudioCheck {
    /** Shorter clips carry too little speech for an utterance-level emotion label. */
    public static final double MIN_DURATION_S = 0.1;
    /** A peak below -60 dBFS is far under any speech recording level. */
    public static final double SILENCE_PEAK_DBFS = -60;
    /** |x| at or above this counts as full scale (16-bit full scale is 32767/32768 = 0.99997). */
    public static final float FULL_SCALE = 0.999f;
    /** Consecutive full-scale samples that make a flat top; a sine peak touches full scale once. */
    public static final int CLIP_RUN = 3;
    /** Fraction of clipped samples above which a clip is flagged (a few stray flat tops are harmless). */
    public static final double CLIPPED_FRACTION = 0.001;

    private AudioCheck() {
    }

    public static AudioReport check(Audio audio) {
        float[] x = audio.samples();
        double duration = audio.durationSeconds();
        double peak = 0;
        double energy = 0;
        int clipped = 0;
        int run = 0;
        for (float v : x) {
            double a = Math.abs(v);
            peak = Math.max(peak, a);
            energy += a * a;
            if (a >= FULL_SCALE) {
                run++;
                if (run == CLIP_RUN) {
                    clipped += CLIP_RUN;
                } else if (run > CLIP_RUN) {
                    clipped++;
                }
            } else {
                run = 0;
            }
        }
        double peakDb = 20 * Math.log10(peak);
        double rmsDb = x.length == 0 ? Double.NEGATIVE_INFINITY : 10 * Math.log10(energy / x.length);

        List<AudioWarning> warnings = new ArrayList<>();
        if (duration < MIN_DURATION_S) {
            warnings.add(new AudioWarning(AudioWarning.Kind.SHORT, String.format(
                    "very short: %.3f s (under %.1f s)", duration, MIN_DURATION_S)));
        }
        if (peakDb < SILENCE_PEAK_DBFS) {
            warnings.add(new AudioWarning(AudioWarning.Kind.SILENT, peak == 0 ? "silent: every sample is zero"
                    : String.format("silent: peak %.1f dBFS (below %.0f dBFS)", peakDb, SILENCE_PEAK_DBFS)));
        }
        if (x.length > 0 && clipped > CLIPPED_FRACTION * x.length) {
            warnings.add(new AudioWarning(AudioWarning.Kind.CLIPPED, String.format(
                    "clipped: %d samples (%.2f%%) in flat runs at full scale", clipped, 100.0 * clipped / x.length)));
        }
        return new AudioReport(audio.source(), duration, peakDb, rmsDb, clipped, warnings);
    }
}
