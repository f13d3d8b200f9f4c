package org.layeranchor.training.nn;

/**
 * The three dense products the network needs, on flat row-major arrays.
 *
 * <p>Every loop runs over the contiguous last index innermost (an "axpy" form the JIT turns into
 * SIMD code) and adds four terms per pass to halve the traffic on the output row. The summation
 * order of each output element depends only on the shapes, never on which rows share a call, so a
 * row's result is the same alone or in a batch, and reruns are bit-identical.
 */
public final class RowMajorMatmul {
    private RowMajorMatmul() {
    }

    /** out[n×q] += a[n×m] · b[m×q]. */
    public static void multiplyAdd(double[] a, int n, int m, double[] b, int q, double[] out) {
        for (int i = 0; i < n; i++) {
            int ao = i * m;
            int oo = i * q;
            int k = 0;
            for (; k + 4 <= m; k += 4) {
                double a0 = a[ao + k], a1 = a[ao + k + 1], a2 = a[ao + k + 2], a3 = a[ao + k + 3];
                int b0 = k * q, b1 = b0 + q, b2 = b1 + q, b3 = b2 + q;
                for (int j = 0; j < q; j++) {
                    out[oo + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
                }
            }
            for (; k < m; k++) {
                double a0 = a[ao + k];
                int b0 = k * q;
                for (int j = 0; j < q; j++) {
                    out[oo + j] += a0 * b[b0 + j];
                }
            }
        }
    }

    /** out[m×q] += a[n×m]ᵀ · b[n×q] (the weight gradient of a linear layer, and covariances). */
    public static void transposeMultiplyAdd(double[] a, int n, int m, double[] b, int q, double[] out) {
        for (int k = 0; k < m; k++) {
            int oo = k * q;
            int i = 0;
            for (; i + 4 <= n; i += 4) {
                double a0 = a[i * m + k], a1 = a[(i + 1) * m + k], a2 = a[(i + 2) * m + k], a3 = a[(i + 3) * m + k];
                int b0 = i * q, b1 = b0 + q, b2 = b1 + q, b3 = b2 + q;
                for (int j = 0; j < q; j++) {
                    out[oo + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
                }
            }
            for (; i < n; i++) {
                double a0 = a[i * m + k];
                int b0 = i * q;
                for (int j = 0; j < q; j++) {
                    out[oo + j] += a0 * b[b0 + j];
                }
            }
        }
    }

    /** out[n×m] += a[n×q] · b[m×q]ᵀ (the input gradient of a linear layer). */
    public static void multiplyTransposedAdd(double[] a, int n, int q, double[] b, int m, double[] out) {
        for (int i = 0; i < n; i++) {
            int ao = i * q;
            int oo = i * m;
            for (int k = 0; k < m; k++) {
                int bo = k * q;
                double s = 0;
                for (int j = 0; j < q; j++) {
                    s += a[ao + j] * b[bo + j];
                }
                out[oo + k] += s;
            }
        }
    }
}
