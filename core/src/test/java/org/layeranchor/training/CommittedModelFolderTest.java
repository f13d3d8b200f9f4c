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
import org.layeranchor.io.Npy;
import org.layeranchor.io.NpyArray;

/**
 * A model folder of format version 1, committed under src/test/resources/models/format-1-lam (written
 * once by {@link CommittedModelFolderWriter}), and one of format version 2 with the default linear
 * head, committed under src/test/resources/models/format-2-lam-linear (written once by
 * {@link CommittedLinearModelFolderWriter}), must keep loading and predicting the committed
 * probabilities for the committed inputs. This test reads only committed files; if it fails, the
 * code no longer reads those folders as it did: fix the code, or bump FORMAT_VERSION and add a
 * folder for the new version, keeping these for as long as their versions are still read.
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

        assertPredictsTheCommittedProbabilities(m, check);
    }

    @Test
    void resavingTheLoadedFolderWritesTheSameArrays(@TempDir Path dir) throws Exception {
        assertResavingWritesTheSameArrays(resource("format-1-lam"), dir);
    }

    @Test
    void formatTwoLinearLamFolderLoadsAndPredictsTheCommittedProbabilities() throws Exception {
        Path folder = resource("format-2-lam-linear");
        Path check = resource("format-2-lam-linear.check");
        TrainedModel m = TrainedModel.load(folder, ENCODER);

        ModelDescription d = m.description();
        assertEquals(2, d.formatVersion());
        assertEquals(Strategy.LAM, d.strategy());
        assertEquals(TrainingConfig.Head.LINEAR, d.config().head());
        assertEquals(TrainingConfig.Standardisation.PER_DOMAIN, d.config().standardisation());
        assertEquals(ModelDescription.STANDARDISED_WITH_TARGET, d.standardisedWith());
        // Written before rankingInputs: its anchors were ranked on [mean ‖ std], and its config says so.
        assertEquals(TrainingConfig.RankingInputs.MEAN_STD, d.config().rankingInputs());
        assertEquals(List.of("angry", "happy", "neutral", "sad"), d.classes());
        assertEquals(List.of(0, 1, 2), d.usedLayers());
        assertEquals(List.of(Anchor.ofLayers(1), Anchor.ofLayers(2), Anchor.ofLayers(0)), d.anchors());
        assertEquals(List.of(List.of(1), List.of(2), List.of(0)), d.linearMembers());
        assertEquals(List.of(3, 4, 8), List.of(d.featureLayers(), d.featureDim(), d.inputDim()));
        assertEquals(3, m.linearHead().members().size());

        assertPredictsTheCommittedProbabilities(m, check);
    }

    @Test
    void resavingTheLoadedLinearFolderWritesTheSameArrays(@TempDir Path dir) throws Exception {
        assertResavingWritesTheSameArrays(resource("format-2-lam-linear"), dir);
    }

    private static void assertPredictsTheCommittedProbabilities(TrainedModel m, Path check) throws Exception {
        float[][][] mean = cube(Npy.read(check.resolve("mean.npy")));
        float[][][] std = cube(Npy.read(check.resolve("std.npy")));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < mean[0].length; i++) {
            ids.add("probe-" + i);
        }
        JsonNode expected = TrainingConfigFiles.JSON.readTree(check.resolve("expected.json").toFile());
        assertEquals(m.classes(), TrainingConfigFiles.JSON.convertValue(expected.get("classes"), List.class));
        double[][] want = TrainingConfigFiles.JSON.convertValue(expected.get("probabilities"), double[][].class);

        double[][] got = m.predictProba(new UnlabelledFeatures(ids, mean, std));
        assertEquals(want.length, got.length);
        for (int i = 0; i < want.length; i++) {
            // Bit-identical on the machine that wrote them; the tolerance only allows for another platform's exp().
            assertArrayEquals(want[i], got[i], 1e-12, "row " + i);
        }
    }

    private static void assertResavingWritesTheSameArrays(Path folder, Path dir) throws Exception {
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
