package org.layeranchor.numeric;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AccumulatingProductsTest {
    // Odd sizes exercise the remainder loops of the four-way unrolling.
    private static final int N = 11, M = 11, Q = 5;

    @Test
    void productsMatchTheTextbookTripleLoop() {
        SplittableRandom r = new SplittableRandom(1);
        double[][] a = gaussian(r, N, M, 1);
        double[][] b = gaussian(r, M, Q, 1);
        double[][] c = gaussian(r, N, Q, 1);

        double[][] ab = new double[N][Q];
        AccumulatingProducts.multiplyAdd(a, N, M, b, Q, ab);
        double[][] atc = new double[M][Q];
        AccumulatingProducts.transposeMultiplyAdd(a, N, M, c, Q, atc);
        double[][] cbt = new double[N][M];
        AccumulatingProducts.multiplyTransposedAdd(c, N, Q, b, M, cbt);

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
        double[][] a = gaussian(r, N, M, 1);
        double[][] b = gaussian(r, M, Q, 1);
        double[][] all = gaussian(r, N, Q, 1);
        double[][] start = Arrays.stream(all).map(double[]::clone).toArray(double[][]::new);
        AccumulatingProducts.multiplyAdd(a, N, M, b, Q, all);
        for (int i = 0; i < N; i++) {
            double[][] row = {start[i].clone()};
            AccumulatingProducts.multiplyAdd(new double[][] {a[i]}, 1, M, b, Q, row);
            for (int j = 0; j < Q; j++) {
                assertEquals(Double.doubleToRawLongBits(all[i][j]), Double.doubleToRawLongBits(row[0][j]), "row " + i);
            }
        }
    }

    private static double[][] gaussian(SplittableRandom r, int rows, int cols, double scale) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = scale * r.nextGaussian();
            }
        }
        return m;
    }
}
