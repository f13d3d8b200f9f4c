package org.layeranchor.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.npy.Npy;
import org.layeranchor.npy.NpyArray;

/**
 * A model folder of format version 1, committed under src/test/resources/models/format-1-lam (written
 * once by {@link CommittedModelFolderWriter}), must keep loading and predicting the committed
 * probabilities for the committed inputs. This test reads only committed files; if it fails, the
 * code no longer reads format-1 folders as it did: fix the code, or bump FORMAT_VERSION and add a
 * folder for the new version, keeping this one for as long as version 1 is still read.
 */
class CommittedModelFolderTest {
    private static final EncoderIdentity ENCODER =
            EncoderIdentity.of(Map.of("family", "synthetic-committed", "weights", "tiny1"));

    private static Path resource(String name) throws Exception {
        return Path.of(CommittedModelFolderTest.class.getResource("/models/" + name).toURI());
    }

    @Test
    void formatOneLamFolderLoadsAndPredictsTheCommittedProbabilities() throws Exception {
        Path folder = resource("format-1-lam");
        Path check = resource("format-1-lam.check");
        TrainedModel m = TrainedModel.load(folder, ENCODER);

        ModelDescription d = m.description();
        assertEquals(1, d.formatVersion());
        assertEquals(Strategy.LAM, d.strategy());
        assertEquals(List.of("angry", "happy", "neutral", "sad"), d.classes());
        assertEquals(List.of(0, 1, 2), d.usedLayers());
        assertEquals(List.of(Anchor.ofLayers(1), Anchor.ofLayers(2)), d.anchors());
        assertEquals(List.of(3, 4, 8, 4, 4), List.of(d.featureLayers(), d.featureDim(), d.inputDim(), d.projectionDim(),
                d.hiddenDim()));

        float[][][] mean = cube(Npy.read(check.resolve("mean.npy")));
        float[][][] std = cube(Npy.read(check.resolve("std.npy")));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < mean[0].length; i++) {
            ids.add("probe-" + i);
        }
        JsonNode expected = TrainingConfigFiles.JSON.readTree(check.resolve("expected.json").toFile());
        assertEquals(d.classes(), TrainingConfigFiles.JSON.convertValue(expected.get("classes"), List.class));
        double[][] want = TrainingConfigFiles.JSON.convertValue(expected.get("probabilities"), double[][].class);

        double[][] got = m.predictProba(new UnlabelledFeatures(ids, mean, std));
        assertEquals(want.length, got.length);
        for (int i = 0; i < want.length; i++) {
            // Bit-identical on the machine that wrote them; the tolerance only allows for another platform's exp().
            assertArrayEquals(want[i], got[i], 1e-12, "row " + i);
        }
    }

    @Test
    void resavingTheLoadedFolderWritesTheSameArrays(@TempDir Path dir) throws Exception {
        Path folder = resource("format-1-lam");
        TrainedModel.load(folder, ENCODER).save(dir);
        List<Path> committed = TrainingPinTest.numericFiles(folder);
        List<Path> resaved = TrainingPinTest.numericFiles(dir);
        assertEquals(committed.stream().map(folder::relativize).toList(), resaved.stream().map(dir::relativize).toList());
        for (int i = 0; i < committed.size(); i++) {
            assertArrayEquals(Files.readAllBytes(committed.get(i)), Files.readAllBytes(resaved.get(i)),
                    committed.get(i).toString());
        }
    }

    private static float[][][] cube(NpyArray a) {
        int layers = (int) a.shape()[0];
        int rows = (int) a.shape()[1];
        int dim = (int) a.shape()[2];
        float[][][] out = new float[layers][rows][dim];
        for (int l = 0; l < layers; l++) {
            for (int i = 0; i < rows; i++) {
                System.arraycopy(a.data(), (l * rows + i) * dim, out[l][i], 0, dim);
            }
        }
        return out;
    }
}
