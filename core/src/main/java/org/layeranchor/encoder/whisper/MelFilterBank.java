package org.layeranchor.encoder.whisper;

/**
 * Triangular mel filters on the Slaney mel scale with Slaney area normalisation: the filterbank of
 * librosa {@code filters.mel(htk=False, norm="slaney")}, which OpenAI ships as {@code mel_filters.npz}
 * and Hugging Face rebuilds with {@code mel_filter_bank(norm="slaney", mel_scale="slaney")}.
 */
public final class MelFilterBank {
    private final double[][] weights; // [mel][frequency bin]
    private final int[] firstBin;     // per filter, first non-zero bin (filters are sparse)
    private final int[] endBin;       // per filter, one past the last non-zero bin

    /**
     * @param melBins number of filters (80 for Whisper up to large-v2, 128 for large-v3)
     * @param nFft    FFT size (400 for Whisper); filters cover bins 0..nFft/2
     * @param rate    sample rate in Hz; filters span 0..rate/2
     */
    public MelFilterBank(int melBins, int nFft, int rate) {
        int bins = nFft / 2 + 1;
        double fMax = rate / 2.0;
        // Filter edges: melBins + 2 points equally spaced on the mel scale from 0 Hz to Nyquist.
        double melMax = hzToMel(fMax);
        double[] edgesHz = new double[melBins + 2];
        for (int i = 0; i < edgesHz.length; i++) {
            edgesHz[i] = melToHz(melMax * i / (melBins + 1));
        }
        weights = new double[melBins][bins];
        firstBin = new int[melBins];
        endBin = new int[melBins];
        for (int m = 0; m < melBins; m++) {
            double lower = edgesHz[m];
            double centre = edgesHz[m + 1];
            double upper = edgesHz[m + 2];
            double areaNorm = 2.0 / (upper - lower); // Slaney: each filter has unit area in Hz
            firstBin[m] = bins;
            for (int k = 0; k < bins; k++) {
                double f = k * fMax / (bins - 1);
                double rising = (f - lower) / (centre - lower);
                double falling = (upper - f) / (upper - centre);
                double w = Math.max(0, Math.min(rising, falling)) * areaNorm;
                weights[m][k] = w;
                if (w > 0) {
                    firstBin[m] = Math.min(firstBin[m], k);
                    endBin[m] = k + 1;
                }
            }
            if (endBin[m] == 0) {
                firstBin[m] = 0; // an empty filter (possible with many bins and a short FFT)
            }
        }
    }

    /** Slaney mel scale: linear (3 mels per 200 Hz) below 1 kHz, logarithmic above. */
    public static double hzToMel(double hz) {
        double fSp = 200.0 / 3;
        double minLogHz = 1000.0;
        double minLogMel = minLogHz / fSp;
        double logStep = Math.log(6.4) / 27.0;
        return hz < minLogHz ? hz / fSp : minLogMel + Math.log(hz / minLogHz) / logStep;
    }

    public static double melToHz(double mel) {
        double fSp = 200.0 / 3;
        double minLogHz = 1000.0;
        double minLogMel = minLogHz / fSp;
        double logStep = Math.log(6.4) / 27.0;
        return mel < minLogMel ? mel * fSp : minLogHz * Math.exp(logStep * (mel - minLogMel));
    }

    public int melBins() {
        return weights.length;
    }

    public int frequencyBins() {
        return weights[0].length;
    }

    public double weight(int mel, int bin) {
        return weights[mel][bin];
    }

    /** mel energy of filter {@code m} applied to a power spectrum. */
    double apply(int m, double[] power) {
        double[] w = weights[m];
        double s = 0;
        for (int k = firstBin[m]; k < endBin[m]; k++) {
            s += w[k] * power[k];
        }
        return s;
    }
}
