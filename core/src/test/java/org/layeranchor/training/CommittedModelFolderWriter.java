package org.layeranchor.training;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.layeranchor.features.FeatureSet;
import org.layeranchor.io.Npy;

/**
 * Writes the committed model folder that {@link CommittedModelFolderTest} reads, with its inputs and
 * expected probabilities. Not part of the default test run (the name does not end in "Test"); only
 * run it to add a folder for a new format version, never to make CommittedModelFolderTest pass again:
 *
 * <pre>./mvnw -q test -Dtest=CommittedModelFolderWriter</pre>
 *
 * It writes, relative to the project root (Maven's working directory for tests):
 * <pre>
 *   src/test/resources/models/format-V-lam/        the model folder, exactly as TrainedModel.save writes it
 *   src/test/resources/models/format-V-lam.check/  mean.npy, std.npy [layers, rows, dim] float32 inputs;
 *                                                 expected.json: classes and predictProba of those inputs
 * </pre>
 * where V is {@link ModelDescription#FORMAT_VERSION}. A tiny lam model: 3 layers of dim 4,
 * projectionDim 4, hiddenDim 4, 4 classes, 3 epochs. {@link CommittedLinearModelFolderWriter} writes
 * the linear-head folder (format-V-lam-linear) the same way.
 */
class CommittedModelFolderWriter {
    static final Map<String, String> ENCODER = Map.of("family", "synthetic-committed", "weights", "tiny1");

    @Test
    void write() throws IOException {
        String name = "format-" + ModelDescription.FORMAT_VERSION + "-lam";
        Path models = Path.of("src/test/resources/models");
        Path folder = models.resolve(name);
        Path check = models.resolve(name + ".check");
        deleteRecursively(folder);
        deleteRecursively(check);

        SyntheticCorpus structure = new SyntheticCorpus(4, new double[] {0.6, 1.2, 0.8}, 3);
        FeatureSet source = structure.sample("src", "en", 48, 6, 1);
        FeatureSet target = structure.sample("tgt", "zh", 32, 4, 2);
        TrainingConfig cfg = TrainingConfig.defaults().withHead(TrainingConfig.Head.MLP).withStandardisation(TrainingConfig.Standardisation.SOURCE).withStrategy(Strategy.LAM).withSeed(5).withOverrides(Map.of(
                "projectionDim", 4, "hiddenDim", 4, "anchorCount", 2, "maxEpochs", 3, "batchSize", 16,
                "learningRate", 0.01));
        TrainedModel m = Trainer.train(cfg, source, UnlabelledFeatures.withoutLabels(target),
                AnchorInputs.none().withSimilarityRanking(1, 2, 0), EncoderIdentity.of(ENCODER));
        m.save(folder);

        writeCheck(check, name, m, structure.sample("probe", "de", 6, 2, 3));
        System.out.println("wrote " + folder.toAbsolutePath() + " and " + check.toAbsolutePath());
    }

    /** mean.npy, std.npy and expected.json (classes and predictProba of {@code inputs}) into {@code check}. */
    static void writeCheck(Path check, String name, TrainedModel m, FeatureSet inputs) throws IOException {
        Files.createDirectories(check);
        Npy.writeFloat32(check.resolve("mean.npy"), flatten(inputs.mean()), inputs.layers(), inputs.rows(), inputs.dim());
        Npy.writeFloat32(check.resolve("std.npy"), flatten(inputs.std()), inputs.layers(), inputs.rows(), inputs.dim());
        ObjectNode expected = TrainingConfigFiles.JSON.createObjectNode();
        expected.put("model", name);
        ArrayNode classes = expected.putArray("classes");
        m.classes().forEach(classes::add);
        ArrayNode probabilities = expected.putArray("probabilities");
        for (double[] row : m.predictProba(inputs)) {
            ArrayNode r = probabilities.addArray();
            for (double p : row) {
                r.add(p);
            }
        }
        Files.writeString(check.resolve("expected.json"), TrainingConfigFiles.JSON.writeValueAsString(expected) + "\n");
    }

    private static float[] flatten(float[][][] a) {
        int rows = a[0].length;
        int dim = a[0][0].length;
        float[] out = new float[a.length * rows * dim];
        for (int l = 0; l < a.length; l++) {
            for (int i = 0; i < rows; i++) {
                System.arraycopy(a[l][i], 0, out, (l * rows + i) * dim, dim);
            }
        }
        return out;
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
