package org.layeranchor.cli;

import java.time.Duration;
import java.util.Locale;
import org.layeranchor.audio.AudioLimits;
import picocli.CommandLine;

/**
 * The ranges numeric options must be in, checked when the command starts (a usage error, exit 2)
 * rather than on the first request: picocli accepts {@code 1e10}, {@code Infinity} and {@code NaN} for
 * a double, and before these checks {@code serve --timeout 1e10} started and then answered every
 * prediction 500 ("long overflow"), {@code --max-seconds Infinity} the same, and {@code --segment 0.05}
 * predicted from padding (issue 25, rows 4 and 5).
 */
final class OptionRanges {
    /** Longest duration any option takes: a day, far past any use and far from overflowing nanoseconds. */
    static final double MAX_SECONDS = 86_400;
    /** Shortest timeout: one millisecond, the unit the service counts in. */
    static final double MIN_TIMEOUT_SECONDS = 0.001;
    /** Shortest audio and segment: what {@code AudioLimits.MIN_PREDICT_SECONDS} predicts from. */
    static final double MIN_AUDIO_SECONDS = AudioLimits.MIN_PREDICT_SECONDS;

    private OptionRanges() {
    }

    /** {@code value} seconds, finite and within [min, max]; otherwise a usage error naming the option. */
    static double seconds(CommandLine cmd, String option, double value, double min, double max) {
        return within(cmd, option, value, min, max, "seconds");
    }

    /** A timeout in seconds, within [{@value #MIN_TIMEOUT_SECONDS}, {@value #MAX_SECONDS}], as a Duration. */
    static Duration timeout(CommandLine cmd, String option, double value) {
        return Duration.ofMillis(Math.round(seconds(cmd, option, value, MIN_TIMEOUT_SECONDS, MAX_SECONDS) * 1000));
    }

    /** A size in MiB within [min, max] MiB, in bytes (at least 1). */
    static long mebibytes(CommandLine cmd, String option, double value, double min, double max) {
        return Math.max(1, Math.round(within(cmd, option, value, min, max, "MiB") * (1 << 20)));
    }

    /** A value that must be finite and within [min, max]; NaN and the infinities are never. */
    static double within(CommandLine cmd, String option, double value, double min, double max, String unit) {
        if (!Double.isFinite(value) || value < min || value > max) {
            throw new CommandLine.ParameterException(cmd, String.format(Locale.ROOT,
                    "%s must be a number of %s from %s to %s, got %s", option, unit, plain(min), plain(max), value));
        }
        return value;
    }

    private static String plain(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%,d", (long) v) : Double.toString(v);
    }
}
