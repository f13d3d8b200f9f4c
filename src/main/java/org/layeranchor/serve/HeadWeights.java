package org.layeranchor.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.layeranchor.npy.NpyArray;
import org.layeranchor.training.ModelArrays;
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

    /**
     * Reads the head of {@code modelDir}, whose loaded form is {@code trained}, with the same checks
     * as loading it ({@link ModelArrays}: checksums, shapes, finite values), since the files are read
     * a second time here.
     */
    public static HeadWeights read(Path modelDir, TrainedModel trained) throws IOException {
        ModelDescription d = trained.description();
        JsonNode root = new ObjectMapper().readTree(modelDir.resolve("model.json").toFile());
        ModelArrays files = ModelArrays.of(modelDir, root);
        int b = d.usedLayers().size();
        int in = d.inputDim();
        float[][] centre = matrix(files.read("normalizer/centre.npy", "normalizer centre", b, in), b, in);
        float[][] scale = matrix(files.read("normalizer/scale.npy", "normalizer scale", b, in), b, in);
        int[] used = d.usedLayers().stream().mapToInt(Integer::intValue).toArray();
        if (trained.linearHead() != null) {
            return new HeadWeights(used, centre, scale, null, null, null, null, null, null, null, trained.linearHead());
        }
        Map<String, String> fileByName = new HashMap<>();
        for (JsonNode w : root.path("weights")) {
            fileByName.put(w.get("name").asText(), w.get("file").asText());
        }
        int p = d.projectionDim();
        int h = d.hiddenDim();
        int c = d.classes().size();
        float[][] projW = new float[b][];
        float[][] projB = new float[b][];
        for (int i = 0; i < b; i++) {
            projW[i] = array(files, fileByName, "projection.layer" + used[i] + ".weight", in, p);
            projB[i] = array(files, fileByName, "projection.layer" + used[i] + ".bias", p);
        }
        float[] logits = array(files, fileByName, "fusion.logits", b);
        return new HeadWeights(used, centre, scale, projW, projB, softmax(logits),
                array(files, fileByName, "hidden.weight", p, h), array(files, fileByName, "hidden.bias", h),
                array(files, fileByName, "output.weight", h, c), array(files, fileByName, "output.bias", c), null);
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

    private static float[] array(ModelArrays files, Map<String, String> fileByName, String name, long... shape)
            throws IOException {
        String file = fileByName.get(name);
        if (file == null) {
            throw new IOException("model.json lists no weight '" + name + "' (it has " + fileByName.keySet() + ")");
        }
        return files.read(file, name, shape).data();
    }

    private static float[][] matrix(NpyArray a, int rows, int cols) {
        float[][] m = new float[rows][];
        for (int r = 0; r < rows; r++) {
            m[r] = Arrays.copyOfRange(a.data(), r * cols, (r + 1) * cols);
        }
        return m;
    }
}
