package org.layeranchor.training.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MatrixProductsTest {
    // Odd sizes exercise the remainder loops of the four-way unrolling.
    private static final int N = 11, M = 11, Q = 5;

    @Test
    void productsMatchTheTextbookTripleLoop() {
        SplittableRandom r = new SplittableRandom(1);
        double[][] a = FiniteDifferences.gaussian(r, N, M, 1);
        double[][] b = FiniteDifferences.gaussian(r, M, Q, 1);
        double[][] c = FiniteDifferences.gaussian(r, N, Q, 1);

        double[][] ab = new double[N][Q];
        MatrixProducts.multiplyAdd(a, N, M, b, Q, ab);
        double[][] atc = new double[M][Q];
        MatrixProducts.transposeMultiplyAdd(a, N, M, c, Q, atc);
        double[][] cbt = new double[N][M];
        MatrixProducts.multiplyTransposedAdd(c, N, Q, b, M, cbt);

        for (int i = 0; i < N; i++) {
            for (int j = 0; j < Q; j++) {
                double s = 0;
                for (int k = 0; k < M; k++) {
                    s += a[i][k] * b[k][j];
                }
                assertEquals(s, ab[i][j], 1e-12);
            }
        }
        for (int k = 0; k < M; k++) {
            for (int j = 0; j < Q; j++) {
                double s = 0;
                for (int i = 0; i < N; i++) {
                    s += a[i][k] * c[i][j];
                }
                assertEquals(s, atc[k][j], 1e-12);
            }
        }
        for (int i = 0; i < N; i++) {
            for (int k = 0; k < M; k++) {
                double s = 0;
                for (int j = 0; j < Q; j++) {
                    s += c[i][j] * b[k][j];
                }
                assertEquals(s, cbt[i][k], 1e-12);
            }
        }
    }

    @Test
    void aRowGivesTheSameBitsAloneOrInABatch() {
        SplittableRandom r = new SplittableRandom(2);
        double[][] a = FiniteDifferences.gaussian(r, N, M, 1);
        double[][] b = FiniteDifferences.gaussian(r, M, Q, 1);
        double[][] all = FiniteDifferences.gaussian(r, N, Q, 1);
        double[][] start = FiniteDifferences.copy(all);
        MatrixProducts.multiplyAdd(a, N, M, b, Q, all);
        for (int i = 0; i < N; i++) {
            double[][] row = {start[i].clone()};
            MatrixProducts.multiplyAdd(new double[][] {a[i]}, 1, M, b, Q, row);
            for (int j = 0; j < Q; j++) {
                assertEquals(Double.doubleToRawLongBits(all[i][j]), Double.doubleToRawLongBits(row[0][j]), "row " + i);
            }
        }
    }
}
