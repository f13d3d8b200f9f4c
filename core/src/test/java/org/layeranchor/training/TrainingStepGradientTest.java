package org.layeranchor.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.layeranchor.training.nn.FiniteDifferences;
import org.layeranchor.training.nn.Parameter;

/**
 * The whole training loss — projections, ReLU, softmax fusion, MLP, class-balanced CE and CORAL on
 * a single layer, a layer group and the final embedding — against central finite differences, for
 * every parameter.
 */
class TrainingStepGradientTest {
    @ParameterizedTest(name = "groups as {0}")
    @ValueSource(strings = {"mean", "concat"})
    void everyParameterGradientMatchesFiniteDifferences(String groupRepresentation) {
        SplittableRandom r = new SplittableRandom(21);
        int[] used = {0, 1, 2};
        int inputDim = 6, p = 4, hidden = 5, classes = 3, n = 7;
        EmotionClassifierNetwork net = new EmotionClassifierNetwork(used, inputDim, p, hidden, classes, true);
        net.initialise(r);
        // Non-zero biases and fusion logits so that no gradient is trivially symmetric.
        for (Parameter param : net.trainableParameters()) {
            if (!param.decays()) {
                double[] v = param.vector();
                for (int i = 0; i < v.length; i++) {
                    v[i] = 0.3 * (2 * r.nextDouble() - 1);
                }
            }
        }
        LayerInputs source = randomInputs(r, used.length, n, inputDim, 1.0);
        LayerInputs target = randomInputs(r, used.length, n, inputDim, 2.0);
        int[] labels = {0, 1, 2, 1, 1, 0, 2};
        int[] targetRows = {6, 5, 4, 3, 2, 1, 0};
        List<Anchor> anchors = List.of(Anchor.ofLayers(0, 1), Anchor.ofLayers(2), Anchor.ofFinalEmbedding());
        double[] classWeights = {1.2, 0.7, 1.2};
        TrainingStep step = new TrainingStep(net, classWeights, anchors, groupRepresentation.equals("concat"), n);
        double lambda = 50; // large enough that CORAL's share of each gradient is visible

        for (Parameter param : net.trainableParameters()) {
            param.zeroGrad();
        }
        step.lossAndGradients(source, null, 0, n, labels, target, targetRows, lambda);
        assertTrue(step.lastCoral() > 0);

        // Copy every analytic gradient first: the finite-difference calls accumulate into grad().
        Map<Parameter, double[][]> analytic = new IdentityHashMap<>();
        for (Parameter param : net.trainableParameters()) {
            analytic.put(param, FiniteDifferences.copy(param.grad()));
        }
        DoubleSupplier loss = () -> step.lossAndGradients(source, null, 0, n, labels, target, targetRows, lambda);
        for (Parameter param : net.trainableParameters()) {
            FiniteDifferences.assertMatches(param.name(), analytic.get(param), FiniteDifferences.gradient(param.value(), loss), 1e-5);
        }
    }

    private static LayerInputs randomInputs(SplittableRandom r, int branches, int rows, int dim, double scale) {
        double[][][] b = new double[branches][][];
        for (int i = 0; i < branches; i++) {
            b[i] = FiniteDifferences.gaussian(r, rows, dim, scale);
        }
        return new LayerInputs(rows, dim, b);
    }
}
