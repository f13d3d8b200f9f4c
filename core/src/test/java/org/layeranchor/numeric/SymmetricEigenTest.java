package org.layeranchor.numeric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SymmetricEigenTest {

    static double[][] randomSymmetric(int n, long seed) {
        Random r = new Random(seed);
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                a[i][j] = a[j][i] = r.nextGaussian();
            }
        }
        return a;
    }

    /** max |A − V Λ Vᵀ| relative to max |A|. */
    static double reconstructionError(double[][] a, SymmetricEigen.Decomposition e) {
        int n = a.length;
        double worst = 0;
        double scale = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += e.vectors()[k][i] * e.values()[k] * e.vectors()[k][j];
                }
                worst = Math.max(worst, Math.abs(s - a[i][j]));
                scale = Math.max(scale, Math.abs(a[i][j]));
            }
        }
        return worst / scale;
    }

    @Test
    void reconstructsRandomSymmetricMatricesOfSeveralSizes() {
        for (int n : new int[] {1, 2, 3, 5, 17, 64}) {
            double[][] a = randomSymmetric(n, n);
            SymmetricEigen.Decomposition e = SymmetricEigen.decompose(a);
            assertTrue(reconstructionError(a, e) < 1e-12, "n=" + n + " error " + reconstructionError(a, e));
            for (int i = 1; i < n; i++) {
                assertTrue(e.values()[i - 1] <= e.values()[i], "ascending");
            }
        }
    }

    @Test
    void eigenvectorsAreOrthonormal() {
        int n = 40;
        SymmetricEigen.Decomposition e = SymmetricEigen.decompose(randomSymmetric(n, 7));
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(i == j ? 1 : 0, AllocatingProducts.dot(e.vectors()[i], e.vectors()[j]), 1e-12);
            }
        }
    }

    @Test
    void knownTwoByTwo() {
        // [[2,1],[1,2]] has eigenvalues 1 and 3 with vectors (1,-1)/√2 and (1,1)/√2.
        SymmetricEigen.Decomposition e = SymmetricEigen.decompose(new double[][] {{2, 1}, {1, 2}});
        assertArrayEquals(new double[] {1, 3}, e.values(), 1e-14);
        assertEquals(1 / Math.sqrt(2), Math.abs(e.vectors()[1][0]), 1e-14);
        assertEquals(e.vectors()[1][0], e.vectors()[1][1], 1e-14);
        assertEquals(-e.vectors()[0][0], e.vectors()[0][1], 1e-14);
    }

    @Test
    void diagonalAndRepeatedEigenvalues() {
        double[][] a = {{3, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 3, 0}, {0, 0, 0, 2}};
        assertArrayEquals(new double[] {1, 2, 3, 3}, SymmetricEigen.eigenvalues(a), 1e-14);
        SymmetricEigen.Decomposition e = SymmetricEigen.decompose(a);
        assertTrue(reconstructionError(a, e) < 1e-14);
        // Identity: every vector is an eigenvector.
        double[][] id = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        assertArrayEquals(new double[] {1, 1, 1}, SymmetricEigen.eigenvalues(id), 1e-15);
    }

    @Test
    void eigenvaluesOnlyAgreesWithFullDecomposition() {
        double[][] a = randomSymmetric(50, 3);
        assertArrayEquals(SymmetricEigen.decompose(a).values(), SymmetricEigen.eigenvalues(a), 1e-11);
    }

    @Test
    void squareRootOfAPsdMatrixSquaresBack() {
        // A = B Bᵀ with B 30×10: PSD of rank 10, so 20 eigenvalues are round-off around 0.
        Random r = new Random(11);
        double[][] b = new double[10][30];
        for (double[] row : b) {
            for (int j = 0; j < row.length; j++) {
                row[j] = r.nextGaussian();
            }
        }
        double[][] a = AllocatingProducts.transposeTimesSelf(b);
        double[][] s = SymmetricEigen.psdSquareRoot(a);
        double[][] ss = AllocatingProducts.multiply(s, s);
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], ss[i], 1e-9);
        }
    }

    @Test
    void dimension512TakesAboutASecondOrLess() {
        double[][] a = randomSymmetric(512, 5);
        SymmetricEigen.decompose(randomSymmetric(128, 1)); // warm the JIT a little
        long t0 = System.nanoTime();
        SymmetricEigen.Decomposition e = SymmetricEigen.decompose(a);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("SymmetricEigen n=512 with vectors: %.3f s%n", seconds);
        assertTrue(seconds < 3, "took " + seconds + " s");
        // Spot-check A v = λ v for a few pairs instead of the O(n³) full reconstruction.
        for (int k : new int[] {0, 100, 511}) {
            double[] v = e.vectors()[k];
            for (int i = 0; i < 512; i++) {
                assertEquals(e.values()[k] * v[i], AllocatingProducts.dot(a[i], v), 1e-9);
            }
        }
    }
}
