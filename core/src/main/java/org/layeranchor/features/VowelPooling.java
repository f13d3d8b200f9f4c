package org.layeranchor.features;

/**
 * Utterance statistics of one layer over the vowel frames only (the vowel-based variant): the mean and
 * standard deviation over the frames a vowel mask marks, on the encoder's frame grid (see
 * {@code org.layeranchor.audio.VowelDetector#encoderMask}).
 *
 * <p>When the mask marks no frame (a whispered or very short utterance) the statistics fall back to
 * all frames so that the utterance keeps a row, and {@link Pooled#fellBack()} says so: a caller that
 * prefers to drop such utterances can.
 */
public final class VowelPooling {

    /**
     * @param mean        per-dimension mean over the pooled frames
     * @param std         per-dimension standard deviation (divisor n, 0 for a single frame)
     * @param framesUsed  how many frames were pooled
     * @param fellBack    true when the mask marked nothing and all frames were used
     */
    public record Pooled(float[] mean, float[] std, int framesUsed, boolean fellBack) {
    }

    private VowelPooling() {
    }

    /**
     * @param frames    [frame][dim] hidden states of one layer
     * @param vowelMask one flag per frame (same length as {@code frames})
     */
    public static Pooled pool(float[][] frames, boolean[] vowelMask) {
        if (frames.length != vowelMask.length) {
            throw new IllegalArgumentException(frames.length + " frames but a mask of " + vowelMask.length
                    + ": build the mask for the encoder's frame count");
        }
        if (frames.length == 0) {
            throw new IllegalArgumentException("no frames to pool");
        }
        int marked = 0;
        for (boolean v : vowelMask) {
            if (v) {
                marked++;
            }
        }
        boolean fellBack = marked == 0;
        int d = frames[0].length;
        double[] sum = new double[d];
        int n = 0;
        for (int f = 0; f < frames.length; f++) {
            if (fellBack || vowelMask[f]) {
                for (int j = 0; j < d; j++) {
                    sum[j] += frames[f][j];
                }
                n++;
            }
        }
        double[] mean = new double[d];
        for (int j = 0; j < d; j++) {
            mean[j] = sum[j] / n;
        }
        // Two passes (mean first, then squared deviations) avoid the cancellation of E[x²] − E[x]².
        double[] squares = new double[d];
        for (int f = 0; f < frames.length; f++) {
            if (fellBack || vowelMask[f]) {
                for (int j = 0; j < d; j++) {
                    double c = frames[f][j] - mean[j];
                    squares[j] += c * c;
                }
            }
        }
        float[] meanOut = new float[d];
        float[] stdOut = new float[d];
        for (int j = 0; j < d; j++) {
            meanOut[j] = (float) mean[j];
            stdOut[j] = (float) Math.sqrt(squares[j] / n);
        }
        return new Pooled(meanOut, stdOut, n, fellBack);
    }
}
