package org.layeranchor.serve;

import java.util.Map;
import org.layeranchor.training.ModelDescription;
import org.layeranchor.training.TrainedModel;
import org.layeranchor.training.linear.LinearEnsemble;

/**
 * The trained classifier head's numbers, taken from the loaded model, for rebuilding the head
 * outside Java (ONNX export). Matrices are row-major {@code [in][out]}, as a model folder stores them.
 *
 * @param usedLayers        encoder layer of each branch
 * @param centre            [branch][2·dim] normalizer centre of [mean ‖ std]
 * @param scale             [branch][2·dim] normalizer scale
 * @param projectionWeights [branch] → [2·dim × p]
 * @param projectionBiases  [branch] → [p]
 * @param fusionWeights     one per branch, as the network computes them
 * @param hiddenWeight      [p × H]
 * @param hiddenBias        [H]
 * @param outputWeight      [H × C]
 * @param outputBias        [C]
 * @param linear            {@code head: linear}: the members (then every network field is null)
 */
public record HeadWeights(int[] usedLayers, float[][] centre, float[][] scale, float[][] projectionWeights,
                          float[][] projectionBiases, double[] fusionWeights, float[] hiddenWeight, float[] hiddenBias,
                          float[] outputWeight, float[] outputBias, LinearEnsemble linear) {

    /**
     * The head of a loaded model: the numbers {@link TrainedModel#load} read and checked (checksums,
     * shapes, finite values) once, not the files a second time.
     */
    public static HeadWeights of(TrainedModel trained) {
        ModelDescription d = trained.description();
        float[][] centre = trained.normalizer().centre();
        float[][] scale = trained.normalizer().scale();
        int[] used = d.usedLayers().stream().mapToInt(Integer::intValue).toArray();
        if (trained.linearHead() != null) {
            return new HeadWeights(used, centre, scale, null, null, null, null, null, null, null, trained.linearHead());
        }
        Map<String, float[]> arrays = trained.networkArrays();
        float[][] projW = new float[used.length][];
        float[][] projB = new float[used.length][];
        for (int i = 0; i < used.length; i++) {
            projW[i] = array(arrays, "projection.layer" + used[i] + ".weight");
            projB[i] = array(arrays, "projection.layer" + used[i] + ".bias");
        }
        return new HeadWeights(used, centre, scale, projW, projB, trained.fusionWeights(),
                array(arrays, "hidden.weight"), array(arrays, "hidden.bias"),
                array(arrays, "output.weight"), array(arrays, "output.bias"), null);
    }

    public int inputDim() {
        return centre[0].length;
    }

    public int classes() {
        return linear != null ? linear.classes() : outputBias.length;
    }

    public int projectionDim() {
        return projectionBiases[0].length;
    }

    public int hiddenDim() {
        return hiddenBias.length;
    }


    private static float[] array(Map<String, float[]> arrays, String name) {
        float[] a = arrays.get(name);
        if (a == null) {
            throw new IllegalStateException("the loaded network has no array '" + name + "' (it has " + arrays.keySet() + ")");
        }
        return a;
    }
}
