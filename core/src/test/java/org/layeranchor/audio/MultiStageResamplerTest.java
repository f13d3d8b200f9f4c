package org.layeranchor.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.layeranchor.testing.SharedData;

/**
 * High down-sampling factors are converted in stages (issue 25: one stage from 192 kHz cost 7·10⁹
 * multiply-adds for 299 s). Measured against the specification, not only against the one-stage
 * conversion: flat passband below 0.9 × 8 kHz, at least 100 dB against every tone above 8 kHz
 * (those that the early stages fold included), output sample n at input time n·M/L, and the same
 * length as before.
 */
class MultiStageResamplerTest {
    private static final int OUT = Audio.TARGET_RATE;
    /** Gain in the passband, either way, for one stage and for a chain: the Kaiser ripple is 10^-5 a stage. */
    private static final double PASSBAND_RIPPLE_DB = 0.0005;

    @Test
    void onlyHighRatesAreConvertedInStagesAndTheyCostAtMostHalf() {
        for (int rate : new int[] {8_000, 16_001, 22_050, 32_000, 44_100, 48_000, 64_000}) {
            assertEquals(1, Resampler.between(rate, OUT).stageCount(), rate + " Hz keeps one stage");
        }
        for (int rate : new int[] {88_200, 96_000, 176_400, 192_000, 191_999}) {
            Resampler r = Resampler.between(rate, OUT);
            double single = Resampler.singleStage(rate, OUT).multiplyAddsPerSecond();
            assertTrue(r.stageCount() > 1, rate + " Hz in stages");
            assertTrue(r.multiplyAddsPerSecond() * 2 <= single, rate + " Hz: " + r.multiplyAddsPerSecond() + " vs " + single);
        }
        // 192 kHz: 24.7 M multiply-adds per second of audio in one stage (1,542 taps at 16 kHz).
        assertEquals(16_000 * 1_542, Resampler.singleStage(192_000, OUT).multiplyAddsPerSecond(), 0);
        assertTrue(Resampler.between(192_000, OUT).multiplyAddsPerSecond() < 16_000 * 1_542 / 3.5);
        assertEquals(0, Resampler.between(192_000, OUT).ratioError());
        assertEquals(0, Resampler.between(96_000, OUT).ratioError());
    }

    @ParameterizedTest(name = "from {0} Hz")
    @ValueSource(ints = {48_000, 88_200, 96_000, 176_400, 192_000})
    void thePassbandIsFlatBelowSevenPointTwoKilohertzInStagesAsInOne(int rate) {
        double worstStaged = 0;
        double worstSingle = 0;
        for (double f = 50; f <= 0.9 * OUT / 2; f += 50) {
            float[] x = tone(f, rate, 0.25);
            double staged = gainDb(Resampler.between(rate, OUT).process(x), f);
            double single = gainDb(Resampler.singleStage(rate, OUT).process(x), f);
            assertTrue(Math.abs(staged) <= PASSBAND_RIPPLE_DB, rate + " Hz, " + f + " Hz: " + staged + " dB in stages");
            assertTrue(Math.abs(single) <= PASSBAND_RIPPLE_DB, rate + " Hz, " + f + " Hz: " + single + " dB in one stage");
            worstStaged = Math.max(worstStaged, Math.abs(staged));
            worstSingle = Math.max(worstSingle, Math.abs(single));
        }
        System.out.printf(Locale.ROOT, "%d Hz: passband 50-7200 Hz within ±%.1e dB in stages, ±%.1e dB in one stage%n",
                rate, worstStaged, worstSingle);
    }

    /**
     * Every tone above 8 kHz leaves at most -100 dB behind: what comes out is its alias (at the
     * frequency it folds to at 16 kHz) plus rounding, so the output's RMS bounds the alias's level.
     * The tones include those the first stage (192 → 48 kHz: transition band 7.2–40 kHz) folds:
     * 40.1–47.9 kHz land on 0.1–7.9 kHz at 48 kHz, 26 and 30 kHz on 22 and 18 kHz, which the second
     * stage (48 → 24 kHz, from 16 kHz on) must remove before they fold onto 2 and 6 kHz.
     */
    @ParameterizedTest(name = "from {0} Hz")
    @ValueSource(ints = {48_000, 96_000, 192_000, 176_400})
    void everyToneAboveEightKilohertzIsAttenuatedByAtLeast100dB(int rate) {
        double[] tones = {8_200, 8_500, 9_000, 10_000, 12_000, 14_000, 16_000, 18_000, 20_000, 23_500, 26_000, 30_000,
                34_000, 38_000, 40_100, 41_000, 43_000, 44_000, 46_000, 47_000, 47_900, 56_000, 64_000, 72_000, 80_000, 88_000, 95_000};
        double worst = -1000;
        String at = "";
        for (double f : tones) {
            if (f >= rate / 2.0) {
                continue;
            }
            float[] x = tone(f, rate, 0.25);
            float[] y = Resampler.between(rate, OUT).process(x);
            double levelDb = 20 * Math.log10(rms(y) / (AMPLITUDE / Math.sqrt(2)));
            double aliasDb = gainDb(y, folded(f, OUT));
            assertTrue(levelDb <= -100, rate + " Hz: a " + f + " Hz tone comes out at " + levelDb + " dB (alias at "
                    + folded(f, OUT) + " Hz: " + aliasDb + " dB)");
            if (levelDb > worst) {
                worst = levelDb;
                at = f + " Hz (alias at " + folded(f, OUT) + " Hz: " + String.format(Locale.ROOT, "%.1f", aliasDb) + " dB)";
            }
        }
        System.out.printf(Locale.ROOT, "%d Hz: tones above 8 kHz at most %.1f dB after conversion, worst %s%n", rate, worst, at);
    }

    /** An impulse on the 16-kHz grid comes out centred on its own time, symmetric, in stages as in one. */
    @ParameterizedTest(name = "from {0} Hz")
    @ValueSource(ints = {96_000, 192_000, 176_400})
    void anImpulseComesOutAtItsOwnTimeAndLengthsAreUnchanged(int rate) {
        Resampler staged = Resampler.between(rate, OUT);
        Resampler single = Resampler.singleStage(rate, OUT);
        long[] lm = Resampler.ratio(rate, OUT);
        int at = 1_000; // output sample
        float[] x = new float[rate / 10];
        int input = (int) (at * lm[1] / lm[0]); // at·M/L: an input sample exactly at output time 1,000
        assertEquals((long) at * lm[1], (long) input * lm[0], "the impulse sits on the output grid");
        x[input] = 1;
        float[] y = staged.process(x);
        float[] z = single.process(x);
        assertEquals(z.length, y.length);
        int peak = 0;
        for (int n = 1; n < y.length; n++) {
            peak = Math.abs(y[n]) > Math.abs(y[peak]) ? n : peak;
        }
        assertEquals(at, peak);
        // Symmetric about its time to -100 dB of the peak (176.4 kHz: the impulse is off the first stage's
        // grid of every 4th sample, so only the band-limited whole is symmetric, not each stage).
        for (int j = 1; j < 200; j++) {
            assertEquals(y[at - j], y[at + j], 1e-5 * y[at], "symmetric about its time: offset " + j);
            // An impulse has all its energy in the 7.2-8 kHz transition band too, where the stages differ.
            assertEquals(z[at + j], y[at + j], 1e-4 * y[at], "as one stage: offset " + j);
        }
        // Off the grid too: the staged response's centre (cross-correlation with the single stage's) lags by 0.
        x[input] = 0;
        x[input + 5] = 1;
        assertEquals(0, subsampleLag(staged.process(x), single.process(x)), 1e-3);

        Random random = new Random(rate);
        for (int i = 0; i < 200; i++) {
            int n = i < 100 ? i : random.nextInt(200_000);
            assertEquals(single.process(new float[n]).length, staged.process(new float[n]).length, n + " samples");
        }
    }

    /** A chirp over the passband comes out as the same chirp sampled at 16 kHz: sample n at time n/16000. */
    @ParameterizedTest(name = "from {0} Hz")
    @ValueSource(ints = {96_000, 192_000})
    void aChirpComesOutAsTheChirpSampledAtSixteenKilohertz(int rate) {
        double seconds = 0.5;
        float[] y = Resampler.between(rate, OUT).process(chirp(rate, seconds));
        float[] expected = chirp(OUT, seconds);
        assertEquals(expected.length, y.length);
        double worst = 0;
        for (int n = y.length / 8; n < 7 * y.length / 8; n++) {
            worst = Math.max(worst, Math.abs(expected[n] - y[n]));
        }
        assertTrue(worst < 1e-4, "largest difference " + worst);
    }

    /**
     * Real speech at 192 kHz (a clip of ../shared up-sampled by the one-stage filter) comes back down
     * in stages as it does in one: the difference is the filters' ripple and transition band, far below
     * what 16-bit audio resolves.
     */
    @Test
    void realSpeechComesDownInStagesAsInOneStage() throws Exception {
        Path clip = SharedData.corpus("emodb").resolve("audio/03a01Fa.flac");
        float[] speech = AudioReader.decode(java.nio.file.Files.readAllBytes(clip), clip.toString()).samples();
        for (int rate : new int[] {96_000, 192_000}) {
            float[] high = Resampler.between(OUT, rate).process(speech);
            float[] staged = Resampler.between(rate, OUT).process(high);
            float[] single = Resampler.singleStage(rate, OUT).process(high);
            assertEquals(single.length, staged.length);
            assertEquals(speech.length, staged.length);
            double largest = 0;
            double difference = 0;
            for (int n = 0; n < single.length; n++) {
                largest = Math.max(largest, Math.abs(staged[n] - single[n]));
                difference += (double) (staged[n] - single[n]) * (staged[n] - single[n]);
            }
            double relativeDb = 10 * Math.log10(difference / single.length) - 20 * Math.log10(rms(single));
            System.out.printf(Locale.ROOT, "speech %d Hz → 16 kHz: staged − single largest %.2e (full scale 1), "
                    + "RMS %.1f dB below the speech%n", rate, largest, -relativeDb);
            assertTrue(largest < 1e-4, rate + " Hz: largest difference " + largest);
            assertTrue(relativeDb < -80, rate + " Hz: difference " + relativeDb + " dB relative to the speech");
        }
    }

    /**
     * Audio already at 16 kHz never meets the resampler, so feature stores of the 16-kHz corpora (all
     * 2,963 files of ../shared) hold the same features before and after the conversion changed.
     */
    @Test
    void sixteenKilohertzAudioIsReadAsItsSamplesWithoutConversion() throws Exception {
        for (String file : new String[] {"emodb/audio/03a01Fa.flac", "ravdess/audio/03-01-01-01-01-01-01.flac"}) {
            Path clip = SharedData.root().resolve("corpora").resolve(file);
            Audio native16k = AudioReader.readNativeRate(clip);
            assertEquals(OUT, native16k.sampleRate(), file);
            assertArrayEquals(native16k.samples(), AudioReader.read(clip).samples(), file);
        }
    }

    /** Block by block (as decoders feed it) gives the same samples as the whole signal, stages included. */
    @Test
    void aStreamInBlocksOfAnySizeGivesExactlyWhatTheWholeSignalGives() throws AudioException {
        Random random = new Random(7);
        for (int rate : new int[] {96_000, 192_000, 191_999, 176_400}) {
            float[] x = new float[rate + random.nextInt(1000)];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (0.3 * Math.sin(i * 0.001) + 0.1 * random.nextGaussian());
            }
            Resampler r = Resampler.between(rate, OUT);
            SampleBuffer out = new SampleBuffer(AudioLimits.ofSeconds(10), rate, "x");
            Resampler.Stream stream = r.stream(out);
            float[] block = new float[5000];
            for (int i = 0; i < x.length; ) {
                int count = Math.min(1 + random.nextInt(block.length), x.length - i);
                System.arraycopy(x, i, block, 0, count);
                stream.accept(block, count);
                i += count;
            }
            stream.finish();
            assertArrayEquals(r.process(x), out.toArray(out.length()), rate + " Hz");
        }
    }

    /**
     * An interrupt stops a long conversion promptly whichever stage is running: interrupted at 15, 42
     * and 75 % of its uninterrupted time (192 kHz: the first stage does about 34 % of the multiply-adds, the
     * second 16 %, the last 50 %), it stops within a second.
     */
    @Test
    void anInterruptedConversionOfALongHighRateSignalStopsPromptlyInEveryStage() throws Exception {
        Resampler r = Resampler.between(192_000, OUT);
        float[] x = new float[192_000 * 120];
        Random random = new Random(3);
        for (int i = 0; i < x.length; i += 97) {
            x[i] = (float) random.nextGaussian();
        }
        r.process(x); // warm-up: timed cold, the later runs (compiled) finished before the interrupt at 75 %
        long start = System.nanoTime();
        r.process(x);
        double whole = (System.nanoTime() - start) / 1e9;
        for (double fraction : new double[] {0.15, 0.42, 0.75}) {
            Thread caller = Thread.currentThread();
            long[] interruptedAt = new long[1];
            Thread interrupter = new Thread(() -> {
                try {
                    Thread.sleep((long) (fraction * whole * 1000));
                    interruptedAt[0] = System.nanoTime();
                    caller.interrupt();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            interrupter.start();
            try {
                assertThrows(CancellationException.class, () -> r.process(x));
                double latency = (System.nanoTime() - interruptedAt[0]) / 1e9;
                System.out.printf(Locale.ROOT, "120 s at 192 kHz (%.2f s whole): interrupted at %.0f %%, stopped %.3f s later%n",
                        whole, 100 * fraction, latency);
                assertTrue(latency < 1, "stopped " + latency + " s after the interrupt");
            } finally {
                // An interrupt that comes after process() returned lands here; it must not hide the assertion.
                while (interrupter.isAlive()) {
                    try {
                        interrupter.join();
                    } catch (InterruptedException late) {
                        // meant for process(); the assertion above has already said what happened
                    }
                }
                Thread.interrupted();
            }
        }
    }

    private static final double AMPLITUDE = 0.9;

    private static float[] tone(double frequency, int rate, double seconds) {
        int n = (int) Math.round(rate * seconds);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (AMPLITUDE * Math.sin(2 * Math.PI * frequency * i / rate));
        }
        return x;
    }

    /** A linear chirp from 200 Hz to 7 kHz with raised-cosine ends, sampled at {@code rate}. */
    private static float[] chirp(int rate, double seconds) {
        int n = (int) Math.round(rate * seconds);
        float[] x = new float[n];
        double f0 = 200;
        double f1 = 7_000;
        for (int i = 0; i < n; i++) {
            double t = (double) i / rate;
            double envelope = Math.sin(Math.PI * t / seconds);
            x[i] = (float) (0.5 * envelope * envelope * Math.sin(2 * Math.PI * (f0 * t + (f1 - f0) * t * t / (2 * seconds))));
        }
        return x;
    }

    /** Where a tone of {@code frequency} lands when sampled at {@code rate}. */
    private static double folded(double frequency, int rate) {
        double f = frequency % rate;
        return Math.min(f, rate - f);
    }

    /**
     * The level, relative to the input tone, of the component at {@code frequency} in the middle half
     * of {@code y} (16 kHz), by a least-squares fit of a sine and a cosine at that frequency.
     */
    private static double gainDb(float[] y, double frequency) {
        int from = y.length / 4;
        int to = 3 * y.length / 4;
        double ss = 0, sc = 0, cc = 0, ys = 0, yc = 0;
        for (int n = from; n < to; n++) {
            double phase = 2 * Math.PI * frequency * n / OUT;
            double s = Math.sin(phase);
            double c = Math.cos(phase);
            ss += s * s;
            sc += s * c;
            cc += c * c;
            ys += y[n] * s;
            yc += y[n] * c;
        }
        double det = ss * cc - sc * sc;
        double a = (ys * cc - yc * sc) / det;
        double b = (yc * ss - ys * sc) / det;
        return 20 * Math.log10(Math.hypot(a, b) / AMPLITUDE);
    }

    private static double rms(float[] x) {
        int from = x.length / 4;
        int to = 3 * x.length / 4;
        double s = 0;
        for (int i = from; i < to; i++) {
            s += (double) x[i] * x[i];
        }
        return Math.sqrt(s / (to - from));
    }

    /** The lag of b behind a, in samples, from the peak of their cross-correlation (parabolic interpolation). */
    private static double subsampleLag(float[] a, float[] b) {
        int maxLag = 20;
        double[] c = new double[2 * maxLag + 1];
        for (int lag = -maxLag; lag <= maxLag; lag++) {
            double s = 0;
            for (int n = Math.max(0, -lag); n < a.length && n + lag < b.length; n++) {
                s += (double) a[n] * b[n + lag];
            }
            c[lag + maxLag] = s;
        }
        int best = 1;
        for (int i = 1; i < c.length - 1; i++) {
            best = c[i] > c[best] ? i : best;
        }
        double offset = 0.5 * (c[best - 1] - c[best + 1]) / (c[best - 1] - 2 * c[best] + c[best + 1]);
        return best - maxLag + offset;
    }
}
