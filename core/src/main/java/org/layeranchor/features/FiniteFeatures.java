package org.layeranchor.features;

import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import org.layeranchor.encoder.HiddenStates;
import org.layeranchor.io.NpyArray;

/**
 * Features are finite numbers, or they are not features. One NaN in one entry changed the label-free
 * layer ranking (a CORAL distance of null) and moved trained weights by up to 0.14 without a word
 * (issue 25), so: extract refuses to store non-finite values, and every reader of the store (store
 * verify, and the loading behind analyze, train, evaluate) names an entry that holds one.
 */
public final class FiniteFeatures {
    /** The largest magnitude float16 holds: frame features beyond it would be stored as infinity. */
    static final float FLOAT16_MAX = 65504f;

    private FiniteFeatures() {
    }

    /** Raised for an encoder output that cannot be stored; the file's failure, never the run's. */
    public static final class NonFiniteException extends IOException {
        private static final long serialVersionUID = 1L;

        NonFiniteException(String message) {
            super(message);
        }
    }

    /**
     * Refuses hidden states with NaN or infinity (and, when frames are stored as float16, values beyond
     * its range), naming how many and where the first is.
     */
    static void requireStorable(HiddenStates hs, boolean withFrames) throws NonFiniteException {
        float limit = withFrames ? FLOAT16_MAX : Float.MAX_VALUE;
        long bad = 0;
        String first = null;
        float[][][] layers = hs.layers();
        for (int l = 0; l < layers.length; l++) {
            for (int f = 0; f < layers[l].length; f++) {
                float[] v = layers[l][f];
                for (int d = 0; d < v.length; d++) {
                    if (!(Math.abs(v[d]) <= limit)) {
                        if (bad++ == 0) {
                            first = "layer " + l + ", frame " + f + ", dimension " + d + ": " + v[d];
                        }
                    }
                }
            }
        }
        if (bad > 0) {
            throw new NonFiniteException("the encoder produced " + bad + " value(s) that are NaN, infinite"
                    + (withFrames ? " or beyond float16's ±65504" : "") + " (first at " + first
                    + "); not stored");
        }
    }

    /** "N value(s) are NaN or infinite (first at index [i, j, k]: NaN)", or empty when all are finite. */
    public static Optional<String> describeNonFinite(NpyArray a) {
        float[] data = a.data();
        long bad = 0;
        int first = -1;
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                if (bad++ == 0) {
                    first = i;
                }
            }
        }
        if (bad == 0) {
            return Optional.empty();
        }
        return Optional.of(bad + " value(s) are NaN or infinite (first at index " + Arrays.toString(unravel(first, a.shape()))
                + ": " + data[first] + ")");
    }

    private static long[] unravel(long index, long[] shape) {
        long[] at = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            long size = Math.max(1, shape[d]);
            at[d] = index % size;
            index /= size;
        }
        return at;
    }
}
