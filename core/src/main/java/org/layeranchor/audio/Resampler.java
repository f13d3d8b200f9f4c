package org.layeranchor.audio;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Band-limited sample-rate conversion by a rational factor L/M with a Kaiser-windowed sinc filter in
 * polyphase form (the JDK's converter interpolates without an anti-aliasing filter, so energy above
 * the new Nyquist frequency would fold back into the speech band).
 *
 * <p>The low-pass filter is designed against the lower of the two Nyquist frequencies f_N: flat up to
 * {@value #PASSBAND_EDGE} f_N, at least {@value #STOPBAND_ATTENUATION_DB} dB down from f_N on. Output
 * sample n sits at input time n·M/L exactly (the filter is symmetric, so there is no delay to undo),
 * and the output has ceil(length·L/M) samples.
 *
 * <p>Designs are immutable and cached per rate pair; {@link #process} is safe to call from many threads.
 */
public final class Resampler {
    /** Fraction of the lower Nyquist frequency kept flat (speech energy above 7.2 kHz at 16 kHz is small). */
    public static final double PASSBAND_EDGE = 0.90;
    /** Kaiser design target; comfortably above the 80 dB a 16-bit front end needs. */
    public static final double STOPBAND_ATTENUATION_DB = 100;

    private static final int MAX_CACHED_DESIGNS = 32;
    private static final Map<Long, Resampler> CACHE = new ConcurrentHashMap<>();

    private final int fromRate;
    private final int toRate;
    private final int up;       // L
    private final int down;     // M
    private final int halfTaps; // H: each output uses 2H input samples
    private final float[][] phases; // [L][2H] filter coefficients per fractional position

    private Resampler(int fromRate, int toRate) {
        this.fromRate = fromRate;
        this.toRate = toRate;
        int g = gcd(fromRate, toRate);
        this.up = toRate / g;
        this.down = fromRate / g;

        // Everything below is in units of input samples (time) and cycles per input sample (frequency).
        double nyquist = Math.min(fromRate, toRate) / 2.0 / fromRate;
        double transition = (1 - PASSBAND_EDGE) * nyquist;
        double cutoff = nyquist - transition / 2; // -6 dB point, mid-way through the transition band
        // Kaiser's formulas: window length for the attenuation and transition width, and the shape beta.
        double a = STOPBAND_ATTENUATION_DB;
        double length = (a - 7.95) / (2.285 * 2 * Math.PI * transition);
        double halfWidth = length / 2;
        double beta = 0.1102 * (a - 8.7);
        this.halfTaps = (int) Math.ceil(halfWidth) + 1;
        double i0Beta = besselI0(beta);

        this.phases = new float[up][2 * halfTaps];
        for (int p = 0; p < up; p++) {
            double[] h = new double[2 * halfTaps];
            double sum = 0;
            for (int k = 0; k < 2 * halfTaps; k++) {
                // Tap k multiplies input sample i - H + 1 + k for an output at time i + p/L.
                double tau = (double) p / up + halfTaps - 1 - k;
                double r = tau / halfWidth;
                if (Math.abs(r) >= 1) {
                    continue;
                }
                double window = besselI0(beta * Math.sqrt(1 - r * r)) / i0Beta;
                h[k] = 2 * cutoff * sinc(2 * cutoff * tau) * window;
                sum += h[k];
            }
            // Unit DC gain in every phase, so that a constant input stays exactly constant.
            for (int k = 0; k < h.length; k++) {
                phases[p][k] = (float) (h[k] / sum);
            }
        }
    }

    /** The converter between two rates (designed once per pair and cached). */
    public static Resampler between(int fromRate, int toRate) {
        if (fromRate <= 0 || toRate <= 0) {
            throw new IllegalArgumentException("sample rates must be positive: " + fromRate + " -> " + toRate);
        }
        long key = ((long) fromRate << 32) | toRate;
        Resampler r = CACHE.get(key);
        if (r == null) {
            r = new Resampler(fromRate, toRate);
            if (CACHE.size() >= MAX_CACHED_DESIGNS) {
                CACHE.clear(); // unusual rates seen one after another; keep memory bounded
            }
            CACHE.put(key, r);
        }
        return r;
    }

    /** Converts audio to {@code rate}; returns the same object when it already has that rate. */
    public static Audio toRate(Audio audio, int rate) {
        if (audio.sampleRate() == rate) {
            return audio;
        }
        return new Audio(between(audio.sampleRate(), rate).process(audio.samples()), rate, audio.source());
    }

    public int fromRate() {
        return fromRate;
    }

    public int toRate() {
        return toRate;
    }

    /** Input samples each output sample depends on. */
    public int taps() {
        return 2 * halfTaps;
    }

    public float[] process(float[] x) {
        if (up == down) {
            return x.clone();
        }
        int outLength = (int) (((long) x.length * up + down - 1) / down);
        float[] y = new float[outLength];
        int taps = 2 * halfTaps;
        for (int n = 0; n < outLength; n++) {
            long t = (long) n * down; // output time in units of 1/L input samples
            int i = (int) (t / up);
            float[] h = phases[(int) (t % up)];
            int first = i - halfTaps + 1;
            double acc = 0;
            if (first >= 0 && first + taps <= x.length) {
                for (int k = 0; k < taps; k++) {
                    acc += h[k] * x[first + k];
                }
            } else {
                // Near the ends the signal is taken as zero outside [0, length).
                int kFrom = Math.max(0, -first);
                int kTo = Math.min(taps, x.length - first);
                for (int k = kFrom; k < kTo; k++) {
                    acc += h[k] * x[first + k];
                }
            }
            y[n] = (float) acc;
        }
        return y;
    }

    private static double sinc(double x) {
        if (x == 0) {
            return 1;
        }
        double px = Math.PI * x;
        return Math.sin(px) / px;
    }

    /** Modified Bessel function of the first kind, order 0, by its power series (converges for all x). */
    static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double q = x * x / 4;
        for (int k = 1; k < 200; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return sum;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
