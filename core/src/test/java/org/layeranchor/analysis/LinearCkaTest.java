package org.layeranchor.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.layeranchor.numeric.SymmetricEigen;

class LinearCkaTest {

    private static double[][] randomOrthogonal(int d, long seed) {
        // The eigenvectors of a random symmetric matrix form an orthogonal matrix.
        Random r = new Random(seed);
        double[][] a = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                a[i][j] = a[j][i] = r.nextGaussian();
            }
        }
        return SymmetricEigen.decompose(a).vectors();
    }

    @Test
    void aRepresentationHasCkaOneWithItself() {
        double[][] x = Samples.gaussian(50, 10, 1);
        assertEquals(1.0, LinearCka.ckaFeatureForm(x, x), 1e-12);
        assertEquals(1.0, LinearCka.cka(x, x), 1e-12);
    }

    @Test
    void invariantToOrthogonalTransformsIsotropicScalingAndShifts() {
        double[][] x = Samples.gaussian(40, 8, 2);
        double[][] y = Samples.gaussian(40, 8, 3);
        double base = LinearCka.cka(x, y);
        double[][] rotated = Samples.times(Samples.scaled(x, 3.7), randomOrthogonal(8, 4));
        double[][] moved = Samples.shifted(rotated, new double[] {5, -1, 0, 0, 2, 0, 0, 9});
        assertEquals(base, LinearCka.cka(moved, y), 1e-12);
        assertEquals(1.0, LinearCka.cka(x, moved), 1e-12);
    }

    @Test
    void notInvariantToAnArbitraryLinearMap() {
        double[][] x = Samples.gaussian(40, 8, 5);
        double[][] stretch = new double[8][8];
        for (int i = 0; i < 8; i++) {
            stretch[i][i] = Math.pow(4, i); // anisotropic: dimension 7 dominates
        }
        double value = LinearCka.cka(x, Samples.times(x, stretch));
        assertTrue(value < 0.9, "CKA after an anisotropic map should drop below 1, got " + value);
    }

    @Test
    void gramAndFeatureFormsAgree() {
        double[][] x = Samples.gaussian(20, 30, 6); // n < d: Gram form inside layerMatrix
        double[][] y = Samples.times(x, Samples.gaussian(30, 25, 7));
        double[][] m = LinearCka.layerMatrix(List.of(x, y));
        assertEquals(LinearCka.ckaFeatureForm(x, y), m[0][1], 1e-12);
        double[][] tall = Samples.gaussian(60, 5, 8); // n > d: feature form
        double[][] tall2 = Samples.gaussian(60, 4, 9);
        assertEquals(LinearCka.ckaFeatureForm(tall, tall2), LinearCka.cka(tall, tall2), 1e-12);
    }

    @Test
    void independentRepresentationsHaveLowCka() {
        // E[CKA] of independent Gaussians is about d/(n) scale-free noise; well below 1.
        assertTrue(LinearCka.cka(Samples.gaussian(500, 5, 10), Samples.gaussian(500, 5, 11)) < 0.05);
    }
}
