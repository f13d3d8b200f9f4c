package org.layeranchor.training.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.layeranchor.training.nn.FiniteDifferences.assertMatches;
import static org.layeranchor.training.nn.FiniteDifferences.dot;
import static org.layeranchor.training.nn.FiniteDifferences.gaussian;
import static org.layeranchor.training.nn.FiniteDifferences.gradient;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * Every module's backward pass against central finite differences of its forward pass. Modules
 * with a matrix output are reduced to a scalar with a fixed random matrix r: L = ⟨r, y⟩, so that
 * ∂L/∂y = r is what backward receives.
 */
class ModuleGradientTest {
    private static final double TOL = 1e-6;

    @Test
    void linearWeightBiasAndInputGradients() {
        SplittableRandom r = new SplittableRandom(11);
        int n = 5, in = 6, out = 3;
        Linear layer = new Linear("lin", in, out);
        layer.initUniform(1.0, r);
        layer.bias().value()[0] = gaussian(r, 1, out, 0.5)[0];
        double[][] x = gaussian(r, n, in, 1);
        double[][] upstream = gaussian(r, n, out, 1);
        double[][] y = new double[n][out];
        DoubleSupplier loss = () -> {
            layer.forward(x, n, y);
            return dot(upstream, y, n);
        };

        double[][] dx = new double[n][in];
        layer.weight().zeroGrad();
        layer.bias().zeroGrad();
        layer.backward(x, upstream, n, dx);

        assertMatches("dW", layer.weight().grad(), gradient(layer.weight().value(), loss), TOL);
        assertMatches("db", layer.bias().grad(), gradient(layer.bias().value(), loss), TOL);
        assertMatches("dx", dx, gradient(x, loss), TOL);
    }

    @Test
    void reluPassesGradientOnlyWherePositive() {
        SplittableRandom r = new SplittableRandom(12);
        int n = 8, w = 5;
        double[][] x = gaussian(r, n, w, 1);
        double[][] upstream = gaussian(r, n, w, 1);
        double[][] y = new double[n][w];
        DoubleSupplier loss = () -> {
            for (int i = 0; i < n; i++) {
                System.arraycopy(x[i], 0, y[i], 0, w);
            }
            Relu.forwardInPlace(y, n);
            return dot(upstream, y, n);
        };
        loss.getAsDouble();
        double[][] dx = FiniteDifferences.copy(upstream);
        Relu.backwardInPlace(y, dx, n);
        assertMatches("relu dx", dx, gradient(x, loss), TOL);
    }

    @Test
    void learnedSoftmaxFusionGradientsForLogitsAndInputs() {
        SplittableRandom r = new SplittableRandom(13);
        int branches = 4, n = 3, dim = 5;
        LayerFusion fusion = new LayerFusion("fusion", branches, true);
        fusion.logits().value()[0] = gaussian(r, 1, branches, 1)[0];
        double[][][] z = new double[branches][][];
        for (int b = 0; b < branches; b++) {
            z[b] = gaussian(r, n, dim, 1);
        }
        double[][] upstream = gaussian(r, n, dim, 1);
        double[][] f = new double[n][dim];
        DoubleSupplier loss = () -> {
            fusion.forward(z, n, f);
            return dot(upstream, f, n);
        };
        loss.getAsDouble();
        double[][][] dz = new double[branches][n][dim];
        fusion.logits().zeroGrad();
        fusion.backward(z, upstream, n, dz);

        assertMatches("d logits", fusion.logits().grad(), gradient(fusion.logits().value(), loss), TOL);
        for (int b = 0; b < branches; b++) {
            assertMatches("dz" + b, dz[b], gradient(z[b], loss), TOL);
        }
    }

    @Test
    void meanFusionIsTheAverageAndTrainsNothing() {
        LayerFusion fusion = new LayerFusion("fusion", 2, false);
        double[][] f = new double[1][1];
        double[][][] z = {{{1.0}}, {{3.0}}};
        fusion.forward(z, 1, f);
        assertEquals(2.0, f[0][0], 1e-15);
        double[][][] dz = new double[2][1][1];
        fusion.backward(z, new double[][] {{1.0}}, 1, dz);
        assertArrayEquals(new double[] {0, 0}, fusion.logits().grad()[0]);
        assertEquals(0.5, dz[0][0][0], 1e-15);
    }

    @Test
    void classBalancedCrossEntropyGradientAndWeights() {
        SplittableRandom r = new SplittableRandom(14);
        int n = 6, k = 4;
        int[] labels = {0, 1, 1, 1, 2, 3};
        double[] w = ClassBalancedCrossEntropy.inverseFrequencyWeights(labels, k);
        // 6 rows over 4 present classes: N/(K n_c) = 6/4, 6/12, 6/4, 6/4.
        assertArrayEquals(new double[] {1.5, 0.5, 1.5, 1.5}, w, 1e-15);
        ClassBalancedCrossEntropy ce = new ClassBalancedCrossEntropy(w, n);
        double[][] logits = gaussian(r, n, k, 1);
        double[][] dLogits = new double[n][k];
        ce.lossAndGradient(logits, labels, 0, n, dLogits);
        assertMatches("d logits", dLogits,
                gradient(logits, () -> ce.lossAndGradient(logits, labels, 0, n, null)), TOL);
    }

    @Test
    void crossEntropyValueByHand() {
        // Two rows, two classes; class 1 is twice as frequent in the weights' data so weighs half.
        ClassBalancedCrossEntropy ce = new ClassBalancedCrossEntropy(new double[] {2.0, 1.0}, 2);
        double[][] logits = {{0, Math.log(3)}, {Math.log(3), 0}}; // p(row0)=(1/4,3/4), p(row1)=(3/4,1/4)
        double loss = ce.lossAndGradient(logits, new int[] {0, 1}, 0, 2, null);
        double expected = (2.0 * -Math.log(0.25) + 1.0 * -Math.log(0.25)) / 3.0;
        assertEquals(expected, loss, 1e-12);
    }

    @Test
    void coralGradientsForSourceAndTarget() {
        SplittableRandom r = new SplittableRandom(15);
        int ns = 7, nt = 5, q = 4;
        CoralLoss coral = new CoralLoss(q, 8);
        double[][] xs = gaussian(r, ns, q, 1);
        double[][] xt = gaussian(r, nt, q, 2);
        double scale = 3.0;
        double[][] dxs = new double[ns][q];
        double[][] dxt = new double[nt][q];
        coral.lossAndGradients(xs, ns, xt, nt, scale, dxs, dxt);
        DoubleSupplier loss = () -> scale * coral.loss(xs, ns, xt, nt);
        assertMatches("CORAL d source", dxs, gradient(xs, loss), TOL);
        assertMatches("CORAL d target", dxt, gradient(xt, loss), TOL);
    }

    @Test
    void coralValueMatchesItsDefinition() {
        SplittableRandom r = new SplittableRandom(16);
        int ns = 9, nt = 6, q = 3;
        double[][] xs = gaussian(r, ns, q, 1);
        double[][] xt = gaussian(r, nt, q, 1);
        double[][] cs = naiveCovariance(xs, ns, q);
        double[][] ct = naiveCovariance(xt, nt, q);
        double sq = 0;
        for (int a = 0; a < q; a++) {
            for (int b = 0; b < q; b++) {
                sq += (cs[a][b] - ct[a][b]) * (cs[a][b] - ct[a][b]);
            }
        }
        assertEquals(sq / (4.0 * q * q), new CoralLoss(q, 9).loss(xs, ns, xt, nt), 1e-12);
        assertEquals(0.0, new CoralLoss(q, 9).loss(xs, ns, xs, ns), 0.0);
    }

    private static double[][] naiveCovariance(double[][] x, int n, int q) {
        double[] mean = new double[q];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < q; j++) {
                mean[j] += x[i][j] / n;
            }
        }
        double[][] c = new double[q][q];
        for (int a = 0; a < q; a++) {
            for (int b = 0; b < q; b++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += (x[i][a] - mean[a]) * (x[i][b] - mean[b]);
                }
                c[a][b] = s / (n - 1);
            }
        }
        return c;
    }
}
