package org.layeranchor.numeric;

import java.util.Arrays;

/**
 * The three dense products the network needs, on matrices held as arrays of rows, that
 * <b>accumulate into the caller's buffers</b> ({@code out += …}, nothing allocated per step) with a
 * <b>fixed summation order</b>: the contract for training, where reruns must be bit-identical. For
 * products that return a fresh matrix, use {@link AllocatingProducts}.
 *
 * <p>Why rows: the innermost loop always runs over one contiguous row with the same index in every
 * array it touches ({@code t[j] += a0·w0[j] + …}), the form HotSpot's C2 turns into SIMD code; with
 * offsets into flat arrays it cannot rule out overlap and stays scalar (measured: about half the
 * speed). Four terms are added per pass to cut the traffic on the output row.
 *
 * <p>Summation order: every output element sums its terms in a fixed order that depends only on the
 * shapes, never on which other rows share the call, so a row's result is the same alone or in a
 * batch, and reruns are bit-identical.
 */
public final class AccumulatingProducts {
    private AccumulatingProducts() {
    }

    /** out[i] += a[i] · b for i &lt; n: out[n×q] += a[n×m] · b[m×q]. */
    public static void multiplyAdd(double[][] a, int n, int m, double[][] b, int q, double[][] out) {
        for (int i = 0; i < n; i++) {
            double[] t = out[i];
            double[] ai = a[i];
            int k = 0;
            for (; k + 4 <= m; k += 4) {
                double a0 = ai[k], a1 = ai[k + 1], a2 = ai[k + 2], a3 = ai[k + 3];
                double[] w0 = b[k], w1 = b[k + 1], w2 = b[k + 2], w3 = b[k + 3];
                for (int j = 0; j < q; j++) {
                    t[j] += a0 * w0[j] + a1 * w1[j] + a2 * w2[j] + a3 * w3[j];
                }
            }
            for (; k < m; k++) {
                double a0 = ai[k];
                double[] w0 = b[k];
                for (int j = 0; j < q; j++) {
                    t[j] += a0 * w0[j];
                }
            }
        }
    }

    /**
     * out[m×q] += a[n×m]ᵀ · b[n×q]: the weight gradient of a linear layer (a = inputs, b = output
     * gradients) and covariances (a = b = centred data).
     */
    public static void transposeMultiplyAdd(double[][] a, int n, int m, double[][] b, int q, double[][] out) {
        for (int k = 0; k < m; k++) {
            double[] t = out[k];
            int i = 0;
            for (; i + 4 <= n; i += 4) {
                double a0 = a[i][k], a1 = a[i + 1][k], a2 = a[i + 2][k], a3 = a[i + 3][k];
                double[] v0 = b[i], v1 = b[i + 1], v2 = b[i + 2], v3 = b[i + 3];
                for (int j = 0; j < q; j++) {
                    t[j] += a0 * v0[j] + a1 * v1[j] + a2 * v2[j] + a3 * v3[j];
                }
            }
            for (; i < n; i++) {
                double a0 = a[i][k];
                double[] v0 = b[i];
                for (int j = 0; j < q; j++) {
                    t[j] += a0 * v0[j];
                }
            }
        }
    }

    /** out[n×m] += a[n×q] · b[m×q]ᵀ: the input gradient of a linear layer (dot products of rows). */
    public static void multiplyTransposedAdd(double[][] a, int n, int q, double[][] b, int m, double[][] out) {
        for (int i = 0; i < n; i++) {
            double[] ai = a[i];
            double[] o = out[i];
            for (int k = 0; k < m; k++) {
                double[] bk = b[k];
                double s = 0;
                for (int j = 0; j < q; j++) {
                    s += ai[j] * bk[j];
                }
                o[k] += s;
            }
        }
    }

    /** Sets rows 0..n of {@code m} to zero. */
    public static void zeroRows(double[][] m, int n) {
        for (int i = 0; i < n; i++) {
            Arrays.fill(m[i], 0);
        }
    }
}
