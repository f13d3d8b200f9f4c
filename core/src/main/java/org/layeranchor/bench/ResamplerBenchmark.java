package org.layeranchor.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.layeranchor.audio.Audio;
import org.layeranchor.audio.Resampler;

/**
 * Conversion to 16 kHz from common input rates, one stage against the stages {@link Resampler}
 * chooses, timed in the same run on the same signal (so the ratio survives a busy machine), with the
 * multiply-adds each needs counted from the designs. Each time is the best of several runs: on a shared
 * machine the minimum is the least disturbed estimate.
 */
public final class ResamplerBenchmark {
    /** The rates the README quotes. */
    public static final int[] RATES = {44_100, 48_000, 96_000, 192_000};

    /** One input rate: seconds of work and counted multiply-adds per second of audio, each way. */
    public record Row(int rate, String stages, double singleSeconds, double stagedSeconds,
                      double singleMultiplyAdds, double stagedMultiplyAdds) {
        double timeRatio() {
            return singleSeconds / stagedSeconds;
        }

        double countRatio() {
            return singleMultiplyAdds / stagedMultiplyAdds;
        }
    }

    public record Result(double audioSeconds, int repeats, List<Row> rows) {
        public String toText() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "resampling %.1f s of noise to 16 kHz, best of %d runs; "
                    + "per second of audio:%n", audioSeconds, repeats));
            sb.append(String.format(Locale.ROOT, "%8s  %-28s %13s %13s %7s %11s %11s %7s%n", "rate", "stages (L/M:taps)",
                    "MAC one", "MAC staged", "ratio", "s one", "s staged", "ratio"));
            for (Row r : rows) {
                sb.append(String.format(Locale.ROOT, "%8d  %-28s %13.3e %13.3e %6.2fx %11.5f %11.5f %6.2fx%n", r.rate(),
                        r.stages(), r.singleMultiplyAdds(), r.stagedMultiplyAdds(), r.countRatio(),
                        r.singleSeconds(), r.stagedSeconds(), r.timeRatio()));
            }
            for (Row r : rows) {
                if (r.rate() == 192_000) {
                    sb.append(String.format(Locale.ROOT, "299 s at 192 kHz: %.2e multiply-adds and %.1f s in one stage, "
                                    + "%.2e and %.1f s in stages (on this machine now)%n",
                            299 * r.singleMultiplyAdds(), 299 * r.singleSeconds(),
                            299 * r.stagedMultiplyAdds(), 299 * r.stagedSeconds()));
                }
            }
            return sb.toString();
        }
    }

    private ResamplerBenchmark() {
    }

    /** Times {@code seconds} of white noise at each rate, one stage and staged, {@code repeats} times each. */
    public static Result run(int[] rates, double seconds, int repeats) {
        if (!(seconds > 0 && seconds <= 600) || repeats < 1) {
            throw new IllegalArgumentException("seconds must be in (0, 600] and repeats at least 1");
        }
        List<Row> rows = new ArrayList<>();
        for (int rate : rates) {
            float[] x = noise(rate, seconds);
            Resampler staged = Resampler.between(rate, Audio.TARGET_RATE);
            Resampler single = Resampler.singleStage(rate, Audio.TARGET_RATE);
            float[] warmUp = java.util.Arrays.copyOf(x, Math.min(x.length, rate / 5));
            for (int i = 0; i < 3; i++) { // the JIT compiles the inner loops before anything is timed
                single.process(warmUp);
                staged.process(warmUp);
            }
            double singleBest = Double.MAX_VALUE;
            double stagedBest = Double.MAX_VALUE;
            for (int i = 0; i < repeats; i++) { // interleaved, so that a burst of load hits both alike
                singleBest = Math.min(singleBest, time(single, x));
                stagedBest = Math.min(stagedBest, time(staged, x));
            }
            rows.add(new Row(rate, staged.describeStages(), singleBest / seconds, stagedBest / seconds,
                    single.multiplyAddsPerSecond(), staged.multiplyAddsPerSecond()));
        }
        return new Result(seconds, repeats, rows);
    }

    private static double time(Resampler r, float[] x) {
        long start = System.nanoTime();
        float[] y = r.process(x);
        double s = (System.nanoTime() - start) / 1e9;
        if (y.length == 0 && x.length > 0) {
            throw new IllegalStateException("no output"); // keeps the result live
        }
        return s;
    }

    private static float[] noise(int rate, double seconds) {
        SplittableRandom random = new SplittableRandom(rate);
        float[] x = new float[(int) Math.round(rate * seconds)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextDouble() - 0.5);
        }
        return x;
    }
}
