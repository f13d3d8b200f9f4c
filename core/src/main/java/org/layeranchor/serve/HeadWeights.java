package org.layeranchor.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.layeranchor.npy.Npy;
import org.layeranchor.npy.NpyArray;
import org.layeranchor.training.ModelDescription;
import org.layeranchor.training.TrainedModel;
import org.layeranchor.training.linear.LinearEnsemble;

/**
 * The trained classifier head's numbers, read from a model folder's documented files
 * ({@code model.json}'s "weights" list and {@code normalizer/*.npy}), for rebuilding the head
 * outside Java (ONNX export). Matrices are row-major {@code [in][out]}, as stored.
 *
 * @param usedLayers        encoder layer of each branch
 * @param centre            [branch][2·dim] normaliser centre of [mean ‖ std]
 * @param scale             [branch][2·dim] normaliser scale
 * @param projectionWeights [branch] → [2·dim × p]
 * @param projectionBiases  [branch] → [p]
 * @param fusionWeights     one per branch: softmax of the stored fusion logits, in double as the
 *                          network computes them
 * @param hiddenWeight      [p × H]
 * @param hiddenBias        [H]
 * @param outputWeight      [H × C]
 * @param outputBias        [C]
 * @param linear            {@code head: linear}: the members (then every network field is null)
 */
public record HeadWeights(int[] usedLayers, float[][] centre, float[][] scale, float[][] projectionWeights,
                          float[][] projectionBiases, double[] fusionWeights, float[] hiddenWeight, float[] hiddenBias,
                          float[] outputWeight, float[] outputBias, LinearEnsemble linear) {

    public static HeadWeights read(Path modelDir, TrainedModel trained) throws IOException {
        ModelDescription d = trained.description();
        if (trained.linearHead() != null) {
            int b = d.usedLayers().size();
            int in = d.inputDim();
            return new HeadWeights(d.usedLayers().stream().mapToInt(Integer::intValue).toArray(),
                    matrix(Npy.read(modelDir.resolve("normalizer/centre.npy")), b, in, "normalizer centre"),
                    matrix(Npy.read(modelDir.resolve("normalizer/scale.npy")), b, in, "normalizer scale"),
                    null, null, null, null, null, null, null, trained.linearHead());
        }
        JsonNode root = new ObjectMapper().readTree(modelDir.resolve("model.json").toFile());
        Map<String, NpyArray> arrays = new HashMap<>();
        for (JsonNode w : root.path("weights")) {
            arrays.put(w.get("name").asText(), Npy.read(inside(modelDir, w.get("file").asText())));
        }
        int b = d.usedLayers().size();
        int in = d.inputDim();
        int p = d.projectionDim();
        int h = d.hiddenDim();
        int c = d.classes().size();
        int[] used = d.usedLayers().stream().mapToInt(Integer::intValue).toArray();
        float[][] projW = new float[b][];
        float[][] projB = new float[b][];
        for (int i = 0; i < b; i++) {
            projW[i] = array(arrays, "projection.layer" + used[i] + ".weight", in, p);
            projB[i] = array(arrays, "projection.layer" + used[i] + ".bias", p);
        }
        float[] logits = array(arrays, "fusion.logits", b);
        float[][] centre = matrix(Npy.read(modelDir.resolve("normalizer/centre.npy")), b, in, "normalizer centre");
        float[][] scale = matrix(Npy.read(modelDir.resolve("normalizer/scale.npy")), b, in, "normalizer scale");
        return new HeadWeights(used, centre, scale, projW, projB, softmax(logits),
                array(arrays, "hidden.weight", p, h), array(arrays, "hidden.bias", h),
                array(arrays, "output.weight", h, c), array(arrays, "output.bias", c), null);
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


    /** softmax with the maximum subtracted, as the network's layer fusion computes it. */
    static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double[] w = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.exp(logits[i] - max);
            sum += w[i];
        }
        for (int i = 0; i < w.length; i++) {
            w[i] /= sum;
        }
        return w;
    }

    private static Path inside(Path dir, String file) throws IOException {
        Path p = dir.resolve(file).normalize();
        if (!p.startsWith(dir.normalize())) {
            throw new IOException(dir + "/model.json: weight file '" + file + "' is outside the model folder");
        }
        return p;
    }

    private static float[] array(Map<String, NpyArray> arrays, String name, long... shape) throws IOException {
        NpyArray a = arrays.get(name);
        if (a == null) {
            throw new IOException("model.json lists no weight '" + name + "' (it has " + arrays.keySet() + ")");
        }
        if (!Arrays.equals(a.shape(), shape)) {
            throw new IOException(name + ": stored shape " + Arrays.toString(a.shape()) + ", the model needs "
                    + Arrays.toString(shape));
        }
        return a.data();
    }

    private static float[][] matrix(NpyArray a, int rows, int cols, String what) throws IOException {
        if (!Arrays.equals(a.shape(), new long[] {rows, cols})) {
            throw new IOException(what + ": stored shape " + Arrays.toString(a.shape()) + ", expected [" + rows + ", "
                    + cols + "]");
        }
        float[][] m = new float[rows][];
        for (int r = 0; r < rows; r++) {
            m[r] = Arrays.copyOfRange(a.data(), r * cols, (r + 1) * cols);
        }
        return m;
    }
}
