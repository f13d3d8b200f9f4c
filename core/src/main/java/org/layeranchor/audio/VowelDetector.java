package org.layeranchor.audio;

import java.util.Arrays;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * A language-independent vowel (syllable-nucleus) detector for the vowel-based variant of layer
 * selection. No forced aligner exists for every language, so vowels are recognised by what they
 * share acoustically everywhere: they are loud, voiced (periodic), and their energy sits low in the
 * spectrum in a few harmonic peaks rather than spread out like noise.
 *
 * <p>Per 10 ms frame (centred at i · hop, zero padding outside the signal) it measures:
 * <ul>
 *   <li>energy: RMS level of a 25 ms window in dB re full scale;</li>
 *   <li>voicing: YIN's cumulative mean normalised difference (de Cheveigné &amp; Kawahara 2002) over a
 *       window long enough for two periods of the lowest F0; voiced when its dip is below a threshold
 *       at a lag inside the F0 range;</li>
 *   <li>spectral shape (Hann-windowed 25 ms frame, FFT): the share of 50–8000 Hz energy below 1 kHz
 *       (vowel F1 region and low harmonics; fricatives and noise put theirs higher), and the spectral
 *       flatness (geometric / arithmetic mean power, 100–4000 Hz: ≈ 0.56 for white noise, near 0 for a
 *       harmonic spectrum).</li>
 * </ul>
 * A frame is a vowel when all four tests pass; then one-frame gaps inside a vowel are filled and
 * runs shorter than 30 ms are dropped (a vowel lasts tens of milliseconds or more).
 *
 * <p>{@link #encoderMask} maps the 10 ms frames onto an encoder's frames (20 ms for Whisper).
 * Thread-safe: no mutable state (the FFT plan is created per call).
 */
public final class VowelDetector {

    /**
     * Detector settings; {@link #defaults()} documents the chosen values.
     *
     * @param sampleRate        rate of the input samples (16 kHz in LayerAnchor)
     * @param hopSeconds        frame hop (0.010)
     * @param windowSeconds     energy and spectrum window (0.025)
     * @param minF0Hz           lowest pitch searched (60 Hz)
     * @param maxF0Hz           highest pitch searched (400 Hz)
     * @param yinThreshold      voiced when the YIN dip is below this (0.25)
     * @param energyFloorDb     absolute level below which nothing is a vowel (-50 dBFS)
     * @param relativeEnergyDb  a vowel is within this many dB of the recording's loudest frame (25 dB)
     * @param lowBandHz         upper edge of the low band (1000 Hz)
     * @param minLowBandRatio   least share of energy in the low band (0.5)
     * @param maxFlatness       largest spectral flatness of a vowel (0.3)
     * @param minRunFrames      shortest vowel run kept, in frames (3 = 30 ms)
     * @param maxGapFrames      longest gap filled inside a vowel, in frames (1)
     */
    public record Settings(int sampleRate, double hopSeconds, double windowSeconds, double minF0Hz, double maxF0Hz,
                           double yinThreshold, double energyFloorDb, double relativeEnergyDb, double lowBandHz,
                           double minLowBandRatio, double maxFlatness, int minRunFrames, int maxGapFrames) {
        public static Settings defaults() {
            return new Settings(Audio.TARGET_RATE, 0.010, 0.025, 60, 400, 0.25, -50, 25, 1000, 0.5, 0.3, 3, 1);
        }
    }

    /**
     * Per-frame measurements and the decision, for diagnostics and tuning on real corpora.
     *
     * @param vowel        final decision per frame (after gap filling and short-run removal)
     * @param energyDb     RMS level, dBFS
     * @param yinDip       smallest cumulative mean normalised difference in the F0 range (1 = aperiodic)
     * @param f0Hz         pitch at the dip (NaN when unvoiced)
     * @param lowBandRatio share of 50-8000 Hz energy below {@code lowBandHz}
     * @param flatness     spectral flatness over 100-4000 Hz
     * @param hopSeconds   frame i is centred at i * hopSeconds
     */
    public record Frames(boolean[] vowel, double[] energyDb, double[] yinDip, double[] f0Hz, double[] lowBandRatio,
                         double[] flatness, double hopSeconds) {
        public int count() {
            return vowel.length;
        }
    }

    private static final double SILENCE_DB = -120;
    /** YIN's absolute threshold for choosing the period (the paper's 0.1); voicing uses the settings' threshold. */
    private static final double YIN_PITCH_THRESHOLD = 0.1;

    private final Settings settings;

    public VowelDetector(Settings settings) {
        this.settings = settings;
    }

    public VowelDetector() {
        this(Settings.defaults());
    }

    public Settings settings() {
        return settings;
    }

    /** Frame measurements and decisions for mono samples at {@code settings().sampleRate()}. */
    public Frames analyse(float[] samples) {
        return analyse(samples, false);
    }

    /**
     * The vowel decision per 10 ms frame: {@link #analyse}'s, bit for bit, with less work. A frame is a
     * vowel only if it passes all four tests, so pitch is measured only on frames loud enough, and the
     * spectrum only on those that are also voiced (YIN's difference function is most of the cost).
     */
    public boolean[] vowelFrames(float[] samples) {
        return analyse(samples, true).vowel();
    }

    /**
     * @param onlyWhatDecides measure pitch and spectrum only where they can still change the decision;
     *                        the measurements of the other frames are NaN
     */
    private Frames analyse(float[] samples, boolean onlyWhatDecides) {
        int rate = settings.sampleRate();
        int hop = (int) Math.round(settings.hopSeconds() * rate);
        int window = (int) Math.round(settings.windowSeconds() * rate);
        int maxLag = (int) Math.ceil(rate / settings.minF0Hz());
        int minLag = (int) Math.floor(rate / settings.maxF0Hz());
        int frames = samples.length == 0 ? 0 : (samples.length - 1) / hop + 1;
        int fftSize = Integer.highestOneBit(window - 1) << 1;
        DoubleFFT_1D fft = new DoubleFFT_1D(fftSize);
        double[] hann = new double[window];
        for (int i = 0; i < window; i++) {
            hann[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / window); // periodic Hann
        }

        // Energy first: the loudest frame sets the level a vowel must reach.
        double[] energyDb = new double[frames];
        for (int f = 0; f < frames; f++) {
            double[] w = segment(samples, f * hop - window / 2, window);
            double power = 0;
            for (double v : w) {
                power += v * v;
            }
            power /= window;
            energyDb[f] = power > 0 ? Math.max(10 * Math.log10(power), SILENCE_DB) : SILENCE_DB;
        }
        double loudest = SILENCE_DB;
        for (double e : energyDb) {
            loudest = Math.max(loudest, e);
        }
        double energyThreshold = Math.max(settings.energyFloorDb(), loudest - settings.relativeEnergyDb());

        double[] dip = new double[frames];
        double[] f0 = new double[frames];
        double[] lowRatio = new double[frames];
        double[] flatness = new double[frames];
        double[] spectrum = new double[fftSize];
        for (int f = 0; f < frames; f++) {
            int centre = f * hop;
            if (onlyWhatDecides && energyDb[f] < energyThreshold) {
                dip[f] = f0[f] = lowRatio[f] = flatness[f] = Double.NaN;
                continue;
            }
            // YIN needs a window of at least one longest period plus the lags it compares against.
            double[] y = segment(samples, centre - (window + maxLag) / 2, window + maxLag + 1);
            double[] pitch = yin(y, window, minLag, maxLag);
            dip[f] = pitch[0];
            f0[f] = pitch[0] < settings.yinThreshold() ? rate / pitch[1] : Double.NaN;
            if (onlyWhatDecides && !(dip[f] < settings.yinThreshold())) {
                lowRatio[f] = flatness[f] = Double.NaN;
                continue;
            }

            double[] w = segment(samples, centre - window / 2, window);
            Arrays.fill(spectrum, 0);
            for (int i = 0; i < window; i++) {
                spectrum[i] = w[i] * hann[i];
            }
            fft.realForward(spectrum);
            double[] shape = spectralShape(spectrum, fftSize, rate);
            lowRatio[f] = shape[0];
            flatness[f] = shape[1];
        }

        boolean[] vowel = new boolean[frames];
        for (int f = 0; f < frames; f++) {
            vowel[f] = energyDb[f] >= energyThreshold
                    && dip[f] < settings.yinThreshold()
                    && lowRatio[f] >= settings.minLowBandRatio()
                    && flatness[f] <= settings.maxFlatness();
        }
        fillGaps(vowel, settings.maxGapFrames());
        dropShortRuns(vowel, settings.minRunFrames());
        return new Frames(vowel, energyDb, dip, f0, lowRatio, flatness, hop / (double) rate);
    }

    /**
     * The vowel mask on an encoder's frame grid, Whisper convention: encoder frame j is centred at
     * j / rate (Whisper's centred STFT and stride-2 conv put frame j at j · 20 ms).
     *
     * @param encoderFrameRateHz encoder frames per second (50 for Whisper)
     * @param encoderFrames      length of the mask (the encoder's frame count for this audio)
     */
    public boolean[] encoderMask(float[] samples, double encoderFrameRateHz, int encoderFrames) {
        return encoderMask(samples, encoderFrameRateHz, encoderFrames, 0.0);
    }

    /**
     * The vowel mask on an encoder's frame grid whose frame j is centred at j / rate + centreOffsetSeconds
     * (e.g. 0.0125 s for the wav2vec 2.0 / HuBERT / WavLM conv stack: 400-sample receptive field, stride 320).
     */
    public boolean[] encoderMask(float[] samples, double encoderFrameRateHz, int encoderFrames,
                                 double centreOffsetSeconds) {
        return toEncoderFrames(vowelFrames(samples), settings.hopSeconds(), encoderFrameRateHz, encoderFrames,
                centreOffsetSeconds);
    }

    /**
     * Resamples a detector-frame mask to encoder frames: encoder frame j spans half a frame either side
     * of its centre j / rate + offset and is a vowel when at least half of the detector frames whose
     * centres fall inside are vowels. Encoder frames with no detector frame inside (past the audio) are
     * not vowels.
     */
    public static boolean[] toEncoderFrames(boolean[] detectorFrames, double hopSeconds, double encoderFrameRateHz,
                                            int encoderFrames, double centreOffsetSeconds) {
        if (encoderFrameRateHz <= 0 || encoderFrames < 0) {
            throw new IllegalArgumentException("encoder rate " + encoderFrameRateHz + " Hz, frames " + encoderFrames);
        }
        int[] vowels = new int[encoderFrames];
        int[] total = new int[encoderFrames];
        double encoderPeriod = 1 / encoderFrameRateHz;
        for (int i = 0; i < detectorFrames.length; i++) {
            double t = i * hopSeconds;
            // j with |t − (j·period + offset)| ≤ period/2, the half-open span [centre − p/2, centre + p/2).
            int j = (int) Math.floor((t - centreOffsetSeconds) / encoderPeriod + 0.5 + 1e-9);
            if (j >= 0 && j < encoderFrames) {
                total[j]++;
                if (detectorFrames[i]) {
                    vowels[j]++;
                }
            }
        }
        boolean[] mask = new boolean[encoderFrames];
        for (int j = 0; j < encoderFrames; j++) {
            mask[j] = total[j] > 0 && 2 * vowels[j] >= total[j];
        }
        return mask;
    }

    /** How many 10 ms frames of this recording the detector marks, for reports on real corpora. */
    public VowelCoverage coverage(float[] samples) {
        boolean[] v = vowelFrames(samples);
        int marked = 0;
        for (boolean b : v) {
            if (b) {
                marked++;
            }
        }
        return new VowelCoverage(1, v.length, marked);
    }

    /** Samples [start, start+length) with zeros outside the signal. */
    private static double[] segment(float[] x, int start, int length) {
        double[] out = new double[length];
        int from = Math.max(0, start);
        int to = Math.min(x.length, start + length);
        for (int i = from; i < to; i++) {
            out[i - start] = x[i];
        }
        return out;
    }

    /**
     * YIN on y (length window + maxLag + 1): {dip, period in samples}, with dip the cumulative mean
     * normalised difference at the chosen lag. The lag is YIN's: the first one in [minLag, maxLag]
     * below an absolute threshold of 0.1, followed down to its local minimum, else the global minimum;
     * then refined by parabolic interpolation. A silent window gives {1, minLag}.
     */
    private static double[] yin(double[] y, int window, int minLag, int maxLag) {
        double[] d = differences(y, window, maxLag);
        double running = 0;
        double[] cmnd = new double[maxLag + 2];
        cmnd[0] = 1;
        for (int lag = 1; lag <= maxLag + 1; lag++) {
            running += d[lag];
            cmnd[lag] = running > 0 ? d[lag] * lag / running : 1;
        }
        int best = -1;
        for (int lag = minLag; lag <= maxLag; lag++) {
            if (cmnd[lag] < YIN_PITCH_THRESHOLD) {
                while (lag + 1 <= maxLag && cmnd[lag + 1] < cmnd[lag]) {
                    lag++;
                }
                best = lag;
                break;
            }
        }
        if (best < 0) {
            best = minLag;
            for (int lag = minLag; lag <= maxLag; lag++) {
                if (cmnd[lag] < cmnd[best]) {
                    best = lag;
                }
            }
        }
        double period = best;
        double left = cmnd[best - 1];
        double right = cmnd[best + 1];
        double curvature = left - 2 * cmnd[best] + right;
        if (curvature > 0) {
            period += 0.5 * (left - right) / curvature;
        }
        return new double[] {cmnd[best], period};
    }

    /** {low-band share of 50–8000 Hz power, flatness over 100–4000 Hz} from a realForward spectrum. */
    private double[] spectralShape(double[] packed, int n, int rate) {
        double binHz = rate / (double) n;
        double low = 0;
        double all = 0;
        double logSum = 0;
        double linSum = 0;
        int flatBins = 0;
        for (int k = 1; k < n / 2; k++) {
            double re = packed[2 * k];
            double im = packed[2 * k + 1];
            double p = re * re + im * im;
            double hz = k * binHz;
            if (hz >= 50 && hz <= 8000) {
                all += p;
                if (hz < settings.lowBandHz()) {
                    low += p;
                }
            }
            if (hz >= 100 && hz <= 4000) {
                logSum += Math.log(p + 1e-20);
                linSum += p;
                flatBins++;
            }
        }
        double ratio = all > 0 ? low / all : 0;
        double flat = linSum > 0 ? Math.exp(logSum / flatBins) / (linSum / flatBins) : 1;
        return new double[] {ratio, flat};
    }

    private static void fillGaps(boolean[] v, int maxGap) {
        int i = 0;
        while (i < v.length) {
            if (!v[i]) {
                int start = i;
                while (i < v.length && !v[i]) {
                    i++;
                }
                boolean inside = start > 0 && i < v.length;
                if (inside && i - start <= maxGap) {
                    for (int k = start; k < i; k++) {
                        v[k] = true;
                    }
                }
            } else {
                i++;
            }
        }
    }

    private static void dropShortRuns(boolean[] v, int minRun) {
        int i = 0;
        while (i < v.length) {
            if (v[i]) {
                int start = i;
                while (i < v.length && v[i]) {
                    i++;
                }
                if (i - start < minRun) {
                    for (int k = start; k < i; k++) {
                        v[k] = false;
                    }
                }
            } else {
                i++;
            }
        }
    }

    /**
     * YIN's difference function d(τ) = Σ_{j<window} (y_j − y_{j+τ})² for τ = 1 .. maxLag + 1 (0 where
     * y is too short). Four lags per pass over the window, so that four independent sums advance
     * together instead of one waiting on its own previous addition (this loop was an eighth of the
     * benchmark's own work); each lag's sum adds the same terms in the same order, so the values are
     * bit for bit those of one lag at a time (VowelDetectorTest).
     */
    static double[] differences(double[] y, int window, int maxLag) {
        double[] d = new double[maxLag + 2];
        int last = Math.min(maxLag + 1, y.length - window); // the largest lag whose window fits in y
        int lag = 1;
        for (; lag + 3 <= last; lag += 4) {
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            for (int j = 0; j < window; j++) {
                double yj = y[j];
                double d0 = yj - y[j + lag];
                double d1 = yj - y[j + lag + 1];
                double d2 = yj - y[j + lag + 2];
                double d3 = yj - y[j + lag + 3];
                s0 += d0 * d0;
                s1 += d1 * d1;
                s2 += d2 * d2;
                s3 += d3 * d3;
            }
            d[lag] = s0;
            d[lag + 1] = s1;
            d[lag + 2] = s2;
            d[lag + 3] = s3;
        }
        for (; lag <= last; lag++) {
            double s = 0;
            for (int j = 0; j < window; j++) {
                double diff = y[j] - y[j + lag];
                s += diff * diff;
            }
            d[lag] = s;
        }
        return d;
    }
}
