package org.layeranchor.training.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.layeranchor.training.nn.FiniteDifferences.assertMatches;
import static org.layeranchor.training.nn.FiniteDifferences.gaussian;
import static org.layeranchor.training.nn.FiniteDifferences.gradient;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** {@link AttentivePooling}'s backward pass against central finite differences, for several T. */
class AttentivePoolingTest {
    private static final double TOL = 1e-6;

    @ParameterizedTest(name = "T = {0}")
    @ValueSource(ints = {1, 2, 5, 13})
    void everyParameterAndInputGradientMatchesFiniteDifferences(int frames) {
        SplittableRandom r = new SplittableRandom(31 + frames);
        int p = 6, a = 4;
        AttentivePooling pool = new AttentivePooling("att", p, a);
        pool.initialise(r);
        pool.scoreBias().value()[0] = gaussian(r, 1, a, 0.5)[0];
        // Larger v so the attention is far from uniform and its gradient is not trivially small.
        double[] v = pool.vector().vector();
        for (int j = 0; j < a; j++) {
            v[j] *= 3;
        }
        double[][] x = gaussian(r, frames, p, 1);
        double[] upstream = gaussian(r, 1, p, 1)[0];
        double[] y = new double[p];
        DoubleSupplier loss = () -> {
            pool.forward(x, frames, y);
            double s = 0;
            for (int k = 0; k < p; k++) {
                s += upstream[k] * y[k];
            }
            return s;
        };
        loss.getAsDouble();
        double[][] dx = new double[frames][p];
        pool.scoreWeight().zeroGrad();
        pool.scoreBias().zeroGrad();
        pool.vector().zeroGrad();
        pool.backward(x, frames, upstream, dx);
        double[][] dW = FiniteDifferences.copy(pool.scoreWeight().grad());
        double[][] db = FiniteDifferences.copy(pool.scoreBias().grad());
        double[][] dv = FiniteDifferences.copy(pool.vector().grad());

        assertMatches("dW", dW, gradient(pool.scoreWeight().value(), loss), TOL);
        assertMatches("db", db, gradient(pool.scoreBias().value(), loss), TOL);
        assertMatches("dv", dv, gradient(pool.vector().value(), loss), TOL);
        assertMatches("dx", dx, gradient(x, loss), TOL);
    }

    @Test
    void oneFrameIsPassedThroughAndWeightsSumToOne() {
        SplittableRandom r = new SplittableRandom(7);
        AttentivePooling pool = new AttentivePooling("att", 3, 2);
        pool.initialise(r);
        double[][] x = {{1.5, -2.0, 0.25}};
        double[] y = new double[3];
        pool.forward(x, 1, y);
        assertArrayEquals(x[0], y, 0.0);
        double[][] many = gaussian(r, 9, 3, 1);
        pool.forward(many, 9, y);
        double sum = 0;
        for (int t = 0; t < 9; t++) {
            sum += pool.lastWeights()[t];
        }
        assertEquals(1.0, sum, 1e-12);
    }
}
