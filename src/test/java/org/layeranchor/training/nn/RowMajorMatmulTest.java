package org.layeranchor.training.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RowMajorMatmulTest {
    // Odd sizes exercise the remainder loops of the four-way unrolling.
    private static final int N = 7, M = 11, Q = 5;

    @Test
    void productsMatchTheTextbookTripleLoop() {
        SplittableRandom r = new SplittableRandom(1);
        double[] a = FiniteDifferences.gaussian(r, N * M, 1);
        double[] b = FiniteDifferences.gaussian(r, M * Q, 1);
        double[] c = FiniteDifferences.gaussian(r, N * Q, 1);

        double[] ab = new double[N * Q];
        RowMajorMatmul.multiplyAdd(a, N, M, b, Q, ab);
        double[] atc = new double[M * Q];
        RowMajorMatmul.transposeMultiplyAdd(a, N, M, c, Q, atc);
        double[] cbt = new double[N * M];
        RowMajorMatmul.multiplyTransposedAdd(c, N, Q, b, M, cbt);

        for (int i = 0; i < N; i++) {
            for (int j = 0; j < Q; j++) {
                double s = 0;
                for (int k = 0; k < M; k++) {
                    s += a[i * M + k] * b[k * Q + j];
                }
                assertEquals(s, ab[i * Q + j], 1e-12);
            }
        }
        for (int k = 0; k < M; k++) {
            for (int j = 0; j < Q; j++) {
                double s = 0;
                for (int i = 0; i < N; i++) {
                    s += a[i * M + k] * c[i * Q + j];
                }
                assertEquals(s, atc[k * Q + j], 1e-12);
            }
        }
        for (int i = 0; i < N; i++) {
            for (int k = 0; k < M; k++) {
                double s = 0;
                for (int j = 0; j < Q; j++) {
                    s += c[i * Q + j] * b[k * Q + j];
                }
                assertEquals(s, cbt[i * M + k], 1e-12);
            }
        }
    }

    @Test
    void aRowGivesTheSameBitsAloneOrInABatch() {
        SplittableRandom r = new SplittableRandom(2);
        double[] a = FiniteDifferences.gaussian(r, N * M, 1);
        double[] b = FiniteDifferences.gaussian(r, M * Q, 1);
        double[] all = new double[N * Q];
        RowMajorMatmul.multiplyAdd(a, N, M, b, Q, all);
        double[] row = new double[Q];
        double[] a3 = new double[M];
        System.arraycopy(a, 3 * M, a3, 0, M);
        RowMajorMatmul.multiplyAdd(a3, 1, M, b, Q, row);
        for (int j = 0; j < Q; j++) {
            assertEquals(Double.doubleToRawLongBits(all[3 * Q + j]), Double.doubleToRawLongBits(row[j]));
        }
    }
}
