package org.layeranchor.audio;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Band-limited sample-rate conversion by a rational factor L/M with a Kaiser-windowed sinc filter in
 * polyphase form (the JDK's converter interpolates without an anti-aliasing filter, so energy above
 * the new Nyquist frequency would fold back into the speech band).
 *
 * <p>The low-pass filter is designed against the lower of the two Nyquist frequencies f_N: flat up to
 * {@value #PASSBAND_EDGE} f_N, at least {@value #STOPBAND_ATTENUATION_DB} dB down from f_N on. Output
 * sample n sits at input time n·M/L (the filter is symmetric, so there is no delay to undo), and the
 * output has ceil(length·L/M) samples.
 *
 * <p>Bounded cost: a design holds L phases of 2H taps, and for a rate coprime with the target L is
 * the whole target rate (16,000 phases for 1,000,003 Hz → 16 kHz: a gigabyte). So when L·2H would pass
 * {@value #MAX_COEFFICIENTS} coefficients (4 MiB), L/M is replaced by the closest fraction whose
 * numerator fits; over every input rate from 1 kHz to 192 kHz to 16 kHz, the realised ratio is then
 * within 63 ppm of the exact one (0.1 cent of pitch, 2 ms over 30 s), and every common rate (8, 11.025,
 * 22.05, 32, 44.1, 48, 96, 192 kHz ...) stays exact. Ratios beyond {@value #MAX_RATIO} either way are
 * refused (the filter length grows with the ratio). Designs are immutable and cached by size: at
 * most {@value #MAX_CACHE_BYTES} bytes, least recently used dropped first; {@link #process} is safe to
 * call from many threads.
 */
public final class Resampler {
    /** Fraction of the lower Nyquist frequency kept flat (speech energy above 7.2 kHz at 16 kHz is small). */
    public static final double PASSBAND_EDGE = 0.90;
    /** Kaiser design target; comfortably above the 80 dB a 16-bit front end needs. */
    public static final double STOPBAND_ATTENUATION_DB = 100;
    /** Most filter coefficients in one design (4 MiB of floats). */
    public static final int MAX_COEFFICIENTS = 1 << 20;
    /** Most bytes of designs kept in the cache. */
    public static final long MAX_CACHE_BYTES = 16L << 20;
    /** Largest conversion factor, up or down. */
    public static final int MAX_RATIO = 48;

    private static final Map<Long, Resampler> CACHE = new LinkedHashMap<>(16, 0.75f, true); // access order
    private static long cachedBytes;

    private final int fromRate;
    private final int toRate;
    private final int up;       // L
    private final int down;     // M
    private final int halfTaps; // H: each output uses 2H input samples
    private final float[][] phases; // [L][2H] filter coefficients per fractional position

    private Resampler(int fromRate, int toRate) {
        this.fromRate = fromRate;
        this.toRate = toRate;

        // Everything below is in units of input samples (time) and cycles per input sample (frequency).
        double nyquist = Math.min(fromRate, toRate) / 2.0 / fromRate;
        double transition = (1 - PASSBAND_EDGE) * nyquist;
        double cutoff = nyquist - transition / 2; // -6 dB point, mid-way through the transition band
        // Kaiser's formulas: window length for the attenuation and transition width, and the shape beta.
        double a = STOPBAND_ATTENUATION_DB;
        double length = (a - 7.95) / (2.285 * 2 * Math.PI * transition);
        double halfWidth = length / 2;
        double beta = 0.1102 * (a - 8.7);
        this.halfTaps = halfTaps(fromRate, toRate);
        double i0Beta = besselI0(beta);

        int[] ratio = ratio(fromRate, toRate);
        this.up = ratio[0];
        this.down = ratio[1];

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

    /** H for a rate pair: half the Kaiser window's length for the design target, plus one. */
    static int halfTaps(int fromRate, int toRate) {
        double transition = (1 - PASSBAND_EDGE) * Math.min(fromRate, toRate) / 2.0 / fromRate;
        double length = (STOPBAND_ATTENUATION_DB - 7.95) / (2.285 * 2 * Math.PI * transition);
        return (int) Math.ceil(length / 2) + 1;
    }

    /** {L, M} as the design for this rate pair will use them, without designing it. */
    static int[] ratio(int fromRate, int toRate) {
        return boundedRatio(fromRate, toRate, MAX_COEFFICIENTS / (2 * halfTaps(fromRate, toRate)));
    }

    /**
     * {L, M}: toRate/fromRate in lowest terms when L is at most {@code maxUp}, else the fraction with
     * L at most {@code maxUp} closest to it (the smallest such L on a tie).
     */
    static int[] boundedRatio(int fromRate, int toRate, int maxUp) {
        int g = gcd(fromRate, toRate);
        int exactUp = toRate / g;
        int exactDown = fromRate / g;
        if (exactUp <= maxUp) {
            return new int[] {exactUp, exactDown};
        }
        double target = (double) toRate / fromRate;
        int bestUp = 1;
        int bestDown = Math.max(1, (int) Math.round(1 / target));
        double bestError = Math.abs((double) bestUp / bestDown - target);
        for (int p = 2; p <= maxUp; p++) {
            int q = (int) Math.max(1, Math.round(p / target));
            double error = Math.abs((double) p / q - target);
            if (error < bestError) {
                bestUp = p;
                bestDown = q;
                bestError = error;
            }
        }
        int r = gcd(bestUp, bestDown);
        return new int[] {bestUp / r, bestDown / r};
    }

    /** The converter between two rates (designed once per pair and cached). */
    public static Resampler between(int fromRate, int toRate) {
        if (fromRate <= 0 || toRate <= 0) {
            throw new IllegalArgumentException("sample rates must be positive: " + fromRate + " -> " + toRate);
        }
        if ((long) fromRate > (long) toRate * MAX_RATIO || (long) toRate > (long) fromRate * MAX_RATIO) {
            throw new IllegalArgumentException("cannot resample " + fromRate + " Hz to " + toRate
                    + " Hz: the factor is over " + MAX_RATIO);
        }
        long key = ((long) fromRate << 32) | toRate;
        synchronized (CACHE) {
            Resampler r = CACHE.get(key);
            if (r != null) {
                return r;
            }
        }
        Resampler r = new Resampler(fromRate, toRate); // designed outside the lock; a rare duplicate is harmless
        synchronized (CACHE) {
            if (CACHE.putIfAbsent(key, r) == null) {
                cachedBytes += r.bytes();
                var oldest = CACHE.entrySet().iterator();
                while (cachedBytes > MAX_CACHE_BYTES && oldest.hasNext()) {
                    Resampler dropped = oldest.next().getValue();
                    if (dropped != r) {
                        cachedBytes -= dropped.bytes();
                        oldest.remove();
                    }
                }
            }
        }
        return r;
    }

    /** Bytes held by the designs in the cache now (for tests of its bound). */
    static long cachedBytes() {
        synchronized (CACHE) {
            return cachedBytes;
        }
    }

    /** Bytes of filter coefficients this design holds. */
    long bytes() {
        return 4L * up * 2 * halfTaps;
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

    /**
     * How far the realised conversion factor L/M is from toRate/fromRate, relative (0 when exact): the
     * output's timing and pitch are off by this fraction.
     */
    public double ratioError() {
        double exact = (double) toRate / fromRate;
        return Math.abs((double) up / down - exact) / exact;
    }

    /** Input samples each output sample depends on. */
    public int taps() {
        return 2 * halfTaps;
    }

    /**
     * ceil(inputLength·L/M), in {@code long} arithmetic (it cannot overflow: inputLength &lt; 2^31 and
     * L &le; 2^20); refused when the result would not fit in an array, rather than wrapping around.
     */
    int outputLength(long inputLength) {
        long out = uncheckedOutputLength(inputLength);
        if (out > AudioLimits.MAX_ARRAY_LENGTH) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "resampling %,d samples from %,d Hz to %,d Hz would give %,d samples, more than an array holds",
                    inputLength, fromRate, toRate, out));
        }
        return (int) out;
    }

    /** ceil(inputLength·L/M), however large (for bounds; {@link #outputLength} refuses what no array holds). */
    long uncheckedOutputLength(long inputLength) {
        return (inputLength * up + down - 1) / down;
    }

    public float[] process(float[] x) {
        if (up == down) {
            return x.clone();
        }
        int outLength = outputLength(x.length);
        float[] y = new float[outLength];
        for (int n = 0; n < outLength; n++) {
            if ((n & 0x3FFF) == 0) {
                stopIfInterrupted();
            }
            y[n] = outputAt(n, x, 0, x.length);
        }
        return y;
    }

    /**
     * A conversion from a high rate costs up to ~1,500 multiply-adds per output sample (about 7·10⁹
     * for 299 s from 192 kHz: a minute of a busy core). Whoever no longer needs the result (the
     * service, once a request has been answered with its timeout) interrupts the thread, and the
     * conversion stops here instead of holding a worker to the end.
     */
    static void stopIfInterrupted() {
        if (Thread.currentThread().isInterrupted()) {
            throw new java.util.concurrent.CancellationException("sample-rate conversion stopped: its thread was interrupted");
        }
    }

    /**
     * Output sample {@code n}, from input held in {@code x} where {@code x[j]} is input sample
     * {@code xStart + j}; input at or past {@code inputEnd}, and before 0, is taken as zero. The one
     * formula of {@link #process} and {@link Stream}, so both give the same samples bit for bit.
     */
    private float outputAt(long n, float[] x, long xStart, long inputEnd) {
        long t = n * down; // output time in units of 1/L input samples
        float[] h = phases[(int) (t % up)];
        long first = t / up - halfTaps + 1;
        int kFrom = (int) Math.max(0, -first);
        int kTo = (int) Math.min(2L * halfTaps, inputEnd - first);
        int base = (int) (first - xStart);
        double acc = 0;
        for (int k = kFrom; k < kTo; k++) {
            acc += h[k] * x[base + k];
        }
        return (float) acc;
    }

    /** Index of the first input sample output {@code n} depends on (may be negative at the start). */
    private long firstInput(long n) {
        return n * down / up - halfTaps + 1;
    }

    /** A conversion fed block by block (see {@link Stream}). */
    Stream stream(SampleBuffer out) {
        return new Stream(out);
    }

    /**
     * Converts a stream block by block as a decoder produces it, holding only the input the next outputs
     * still need (2H samples plus one block), so that audio is never held at its own rate: 299 s at
     * 192 kHz is kept as 19 MB at 16 kHz, not 230 MB. Gives exactly what {@link #process} gives for the
     * whole input.
     */
    final class Stream {
        private final SampleBuffer out;
        private float[] window = new float[0];
        private long windowStart;
        private int windowLength;
        private long received;
        private long produced;

        private Stream(SampleBuffer out) {
            this.out = out;
        }

        /** Takes {@code count} more input samples and emits every output they complete. */
        void accept(float[] block, int count) throws AudioException {
            stopIfInterrupted();
            if (windowLength + count > window.length) {
                window = java.util.Arrays.copyOf(window, Math.max(windowLength + count, 2 * window.length));
            }
            System.arraycopy(block, 0, window, windowLength, count);
            windowLength += count;
            received += count;
            emit(false);
        }

        /** The input has ended: emits the remaining outputs (input past the end taken as zero). */
        void finish() throws AudioException {
            emit(true);
        }

        long received() {
            return received;
        }

        private void emit(boolean ended) throws AudioException {
            long total = ended ? outputLength(received) : Long.MAX_VALUE;
            while (produced < total && (ended || firstInput(produced) + 2L * halfTaps <= received)) {
                out.add(outputAt(produced, window, windowStart, received));
                produced++;
            }
            long drop = Math.min(windowLength, firstInput(produced) - windowStart);
            if (drop > 0) {
                System.arraycopy(window, (int) drop, window, 0, windowLength - (int) drop);
                windowLength -= (int) drop;
                windowStart += drop;
            }
        }
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
