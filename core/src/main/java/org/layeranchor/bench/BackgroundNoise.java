package org.layeranchor.bench;

import java.util.Locale;
import java.util.Random;
import org.layeranchor.evaluation.TimelineScore;

/**
 * Noise laid over a whole made recording (utterances and pauses alike) at a chosen signal-to-noise
 * ratio, to see how the voice-activity detectors and the timeline hold up in a noisier room than the
 * quiet pauses of {@link ConcatenatedRecordings}. The ratio is to the mean power of the recording's
 * utterances (their samples as joined, quiet ends included), so "10 dB" means the same for a loud and
 * a soft corpus.
 */
public final class BackgroundNoise {
    /** The noise's spectrum. */
    public enum Colour {
        /** Flat: hiss. */
        WHITE,
        /** Power falling 3 dB per octave, like most room and crowd noise: more of it where speech is loud. */
        PINK;

        /** {@code white} or {@code pink}, any case; anything else is refused naming the choices. */
        public static Colour parse(String text) {
            for (Colour c : values()) {
                if (c.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
                    return c;
                }
            }
            throw new IllegalArgumentException("unknown noise colour '" + text + "' (choose white or pink)");
        }

        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private BackgroundNoise() {
    }

    /**
     * @param snrDb  the utterances' mean power over the noise's, in dB
     * @param seed   the noise derives from it
     */
    public static ConcatenatedRecordings.Recording add(ConcatenatedRecordings.Recording r, double snrDb, Colour colour,
                                                       long seed) {
        if (!Double.isFinite(snrDb)) {
            throw new IllegalArgumentException("the signal-to-noise ratio must be a number of dB, got " + snrDb);
        }
        float[] x = r.audio().samples().clone();
        double speechPower = utterancePower(r);
        double[] noise = colour == Colour.WHITE ? white(x.length, new Random(seed)) : pink(x.length, new Random(seed));
        double scale = Math.sqrt(speechPower / Math.pow(10, snrDb / 10) / meanSquare(noise));
        for (int i = 0; i < x.length; i++) {
            x[i] += (float) (scale * noise[i]);
        }
        return r.withSamples(x);
    }

    /** Mean square of the samples inside the recording's utterances. */
    static double utterancePower(ConcatenatedRecordings.Recording r) {
        float[] x = r.audio().samples();
        int rate = r.audio().sampleRate();
        double sum = 0;
        long n = 0;
        for (TimelineScore.TruthSpan t : r.truth()) {
            int from = (int) Math.round(t.startSeconds() * rate);
            int to = Math.min(x.length, (int) Math.round(t.endSeconds() * rate));
            for (int i = from; i < to; i++) {
                sum += (double) x[i] * x[i];
            }
            n += Math.max(0, to - from);
        }
        if (n == 0 || sum == 0) {
            throw new IllegalArgumentException(r.audio().source() + ": no utterance power to set a signal-to-noise ratio against");
        }
        return sum / n;
    }

    private static double[] white(int n, Random random) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = random.nextGaussian();
        }
        return out;
    }

    /**
     * White noise through Paul Kellet's "refined" pink filter (seven first-order sections; within
     * ±0.05 dB of -3 dB/octave above 9 Hz at 44.1 kHz, and close enough for a background at 16 kHz).
     */
    private static double[] pink(int n, Random random) {
        double b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double w = random.nextGaussian();
            b0 = 0.99886 * b0 + w * 0.0555179;
            b1 = 0.99332 * b1 + w * 0.0750759;
            b2 = 0.96900 * b2 + w * 0.1538520;
            b3 = 0.86650 * b3 + w * 0.3104856;
            b4 = 0.55000 * b4 + w * 0.5329522;
            b5 = -0.7616 * b5 - w * 0.0168980;
            out[i] = b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362;
            b6 = w * 0.115926;
        }
        return out;
    }

    private static double meanSquare(double[] x) {
        double sum = 0;
        for (double v : x) {
            sum += v * v;
        }
        return x.length == 0 ? 1 : sum / x.length;
    }
}
