package org.layeranchor.audio;

/**
 * One Kaiser-windowed-sinc low-pass filter in polyphase form that changes the rate by L/M: output
 * sample n sits at input time n·M/L and is a weighted sum of the 2H input samples around it (the filter
 * is symmetric, so there is no delay to undo). {@link Resampler} chains one or more of these.
 *
 * <p>The design is given in cycles per input sample: everything from {@code stopEdge} on is at least
 * {@code attenuationDb} down, and the band below {@code stopEdge - transition} is flat (within the
 * Kaiser ripple, 10^(-A/20)). Immutable once built, so one stage serves many threads.
 */
final class FilterStage {
    private final int up;       // L
    private final int down;     // M
    private final int halfTaps; // H: each output uses 2H input samples
    private final float[][] phases; // [L][2H] filter coefficients per fractional position

    /** The shape of a design without its coefficients: what it costs is known before it is built. */
    record Spec(int up, int down, double stopEdge, double transition, double attenuationDb) {
        /** H: half the Kaiser window's length for this attenuation and transition width, plus one. */
        int halfTaps() {
            return FilterStage.halfTaps(transition, attenuationDb);
        }

        /** Multiply-adds per output sample. */
        int taps() {
            return 2 * halfTaps();
        }

        /** Coefficients the design holds: L phases of 2H taps. */
        long coefficients() {
            return (long) up * taps();
        }
    }

    FilterStage(Spec spec) {
        this.up = spec.up();
        this.down = spec.down();
        this.halfTaps = spec.halfTaps();
        // Everything below is in units of input samples (time) and cycles per input sample (frequency).
        double cutoff = spec.stopEdge() - spec.transition() / 2; // -6 dB point, mid-way through the transition band
        double a = spec.attenuationDb();
        double halfWidth = kaiserLength(spec.transition(), a) / 2;
        double beta = 0.1102 * (a - 8.7);
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

    /** Kaiser's window length (in input samples) for an attenuation and a transition width. */
    static double kaiserLength(double transition, double attenuationDb) {
        return (attenuationDb - 7.95) / (2.285 * 2 * Math.PI * transition);
    }

    static int halfTaps(double transition, double attenuationDb) {
        return (int) Math.ceil(kaiserLength(transition, attenuationDb) / 2) + 1;
    }

    int up() {
        return up;
    }

    int down() {
        return down;
    }

    int taps() {
        return 2 * halfTaps;
    }

    long bytes() {
        return 4L * up * 2 * halfTaps;
    }

    /**
     * Output sample {@code n}, from input held in {@code x} where {@code x[j]} is input sample
     * {@code xStart + j}; input before {@code inputStart} and at or past {@code inputEnd} is taken as
     * zero. The one formula of whole-signal and block-by-block conversion, so both give the same
     * samples bit for bit.
     */
    float outputAt(long n, float[] x, long xStart, long inputStart, long inputEnd) {
        long t = n * down; // output time in units of 1/L input samples
        float[] h = phases[(int) Math.floorMod(t, (long) up)];
        long first = firstInput(n);
        int kFrom = (int) Math.max(0, inputStart - first);
        int kTo = (int) Math.min(2L * halfTaps, inputEnd - first);
        int base = (int) (first - xStart);
        double acc = 0;
        for (int k = kFrom; k < kTo; k++) {
            acc += h[k] * x[base + k];
        }
        return (float) acc;
    }

    /** Index of the first input sample output {@code n} depends on (may be negative). */
    long firstInput(long n) {
        return Math.floorDiv(n * down, (long) up) - halfTaps + 1;
    }

    /** The first output that any input at or after {@code inputStart} reaches (earlier outputs are zero). */
    long firstOutputReaching(long inputStart) {
        // The smallest n with firstInput(n) + 2H - 1 >= inputStart, i.e. floor(n·M/L) >= inputStart - H.
        return Math.floorDiv((inputStart - halfTaps) * up + down - 1, (long) down);
    }

    /** One past the last output that any input before {@code inputEnd} reaches (later outputs are zero). */
    long endOfOutputsReaching(long inputEnd) {
        // The largest n with firstInput(n) <= inputEnd - 1, i.e. floor(n·M/L) <= inputEnd + H - 2; plus one.
        return Math.floorDiv((inputEnd + halfTaps - 2) * up + up - 1, (long) down) + 1;
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
}
