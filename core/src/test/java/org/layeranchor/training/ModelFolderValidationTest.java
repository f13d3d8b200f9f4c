package org.layeranchor.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.io.Npy;
import org.layeranchor.io.NpyArray;

/**
 * Damaged model folders are refused on load with one message naming the file and what is wrong,
 * instead of predicting NaN probabilities, dropping a layer or merging two classes. Each case
 * damages a copy of a committed folder (format 1: network head, format 2: linear head).
 */
class ModelFolderValidationTest {
    @TempDir
    Path tmp;

    private Path copyOf(String committed) throws Exception {
        Path from = Path.of(getClass().getResource("/models/" + committed).toURI());
        Path to = tmp.resolve(committed);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        return to;
    }

    /** The committed folder as `train` writes it today: loaded and saved again, so with checksums. */
    private Path resaved(String committed) throws Exception {
        Path out = tmp.resolve(committed + "-resaved");
        TrainedModel.load(Path.of(getClass().getResource("/models/" + committed).toURI())).save(out);
        return out;
    }

    private static void setValue(Path npy, int index, float value) throws IOException {
        NpyArray a = Npy.read(npy);
        float[] data = a.data().clone();
        data[index] = value;
        Npy.writeFloat32(npy, data, a.shape());
    }

    private static String refusal(Path folder) {
        return assertThrows(IOException.class, () -> TrainedModel.load(folder)).getMessage();
    }

    private static void editClasses(Path folder, List<String> classes) throws IOException {
        ObjectNode root = (ObjectNode) TrainingConfigFiles.JSON.readTree(folder.resolve("model.json").toFile());
        ArrayNode c = root.putArray("classes");
        classes.forEach(c::add);
        Files.writeString(folder.resolve("model.json"), TrainingConfigFiles.JSON.writeValueAsString(root));
        ModelJsonSignature.sign(folder); // edited on purpose: what the checks below the signature see
    }

    private static void edit(Path folder, java.util.function.Consumer<ObjectNode> change) throws IOException {
        ObjectNode root = (ObjectNode) TrainingConfigFiles.JSON.readTree(folder.resolve("model.json").toFile());
        change.accept(root);
        Files.writeString(folder.resolve("model.json"), TrainingConfigFiles.JSON.writeValueAsString(root));
        ModelJsonSignature.sign(folder); // edited on purpose: what the checks below the signature see
    }

    /**
     * Issue 25 row 8: model.json is under its own checksum. Two class names swapped (which would relabel
     * every prediction) are refused, naming model.json and the command that signs an edit made on
     * purpose; signed, the folder loads with the swapped names; a checksummed folder without a
     * signature is refused; a folder from before checksums loads without one.
     */
    @Test
    void anEditedModelJsonIsRefusedUntilSignedOnPurpose() throws Exception {
        Path folder = copyOf("format-2-lam-linear");
        Path json = folder.resolve("model.json");
        ObjectNode root = (ObjectNode) TrainingConfigFiles.JSON.readTree(json.toFile());
        List<String> classes = new java.util.ArrayList<>();
        root.get("classes").forEach(c -> classes.add(c.asText()));
        java.util.Collections.swap(classes, 0, 1);
        ArrayNode c = root.putArray("classes");
        classes.forEach(c::add);
        Files.writeString(json, TrainingConfigFiles.JSON.writeValueAsString(root));
        String edited = refusal(folder);
        assertTrue(edited.startsWith(json + ": SHA-256 ") && edited.contains("model.json was changed after training")
                && edited.contains("layeranchor model sign --model " + folder), edited);
        ModelJsonSignature.sign(folder);
        assertEquals(classes, TrainedModel.load(folder).classes());

        Path saved = resaved("format-2-lam-linear"); // written by this version: its model.json records array checksums
        Files.delete(saved.resolve(ModelJsonSignature.FILE));
        String unsigned = refusal(saved);
        assertTrue(unsigned.contains("no model.json.sha256") && unsigned.contains("model sign"), unsigned);

        Path old = copyOf("format-1-lam");
        Files.delete(old.resolve(ModelJsonSignature.FILE));
        TrainedModel.load(old); // written before checksums: nothing to tell an edit by, loads as before
    }

    /** Issue 25 rows 8 and 9: every field of model.json that sizes or indexes something is checked on load. */
    @Test
    void layerIndicesSizesMissingKeysAndDuplicateKeysAreRefusedNamingModelJson() throws Exception {
        Path folder = copyOf("format-2-lam-linear");
        Path json = folder.resolve("model.json");
        String original = Files.readString(json);

        edit(folder, root -> root.putArray("usedLayers").add(99));
        assertEquals(json + ": usedLayers [99] holds 99, not a layer of the 3 (0 to 2) the features have", refusal(folder));

        Files.writeString(json, original);

        ModelJsonSignature.sign(folder);
        edit(folder, root -> root.put("featureLayers", 2_000_000_000));
        assertEquals(json + ": featureLayers is 2000000000 (expected 1 to 1024)", refusal(folder));

        Files.writeString(json, original);

        ModelJsonSignature.sign(folder);
        edit(folder, root -> root.remove("featureDim"));
        assertEquals(json + ": missing key 'featureDim' (the model folder is damaged or incomplete)", refusal(folder));

        Files.writeString(json, original.replaceFirst("\\{", "{\"featureDim\":1,"));

        ModelJsonSignature.sign(folder);
        String duplicate = refusal(folder);
        assertTrue(duplicate.startsWith(json + ": invalid model description (line ")
                && duplicate.contains("Duplicate field 'featureDim'") && !duplicate.contains("\n"), duplicate);

        Files.writeString(json, original);

        ModelJsonSignature.sign(folder);
        edit(folder, root -> root.put("featureLayers", "many"));
        String wrongType = refusal(folder);
        assertTrue(wrongType.startsWith(json + ": invalid model description at .featureLayers") && !wrongType.contains("\n")
                && !wrongType.contains("through reference chain"), wrongType);

        Files.writeString(json, original);

        ModelJsonSignature.sign(folder);
        editClasses(folder, List.of("angry", "happy\u001b[31m", "neutral", "sad"));
        assertEquals(json + ": class 1 has a name with control characters: happy?[31m", refusal(folder));
    }

    /** Issue 25 row 16: the inside-the-folder check follows links, not just names. */
    @Test
    void anArraySymlinkedFromOutsideTheFolderIsRefused() throws Exception {
        Path folder = copyOf("format-2-lam-linear");
        Path outside = tmp.resolve("elsewhere.npy");
        Path bias = folder.resolve("weights/linear.0.bias.npy");
        Files.move(bias, outside);
        Files.createSymbolicLink(bias, outside);
        assertEquals(bias + ": a link to " + outside.toRealPath() + ", outside the model folder (listed by "
                + folder.resolve("model.json") + "); copy the file into the folder instead", refusal(folder));
        // A link inside the folder is fine.
        Files.delete(bias);
        Files.move(outside, folder.resolve("weights/real-bias.npy"));
        Files.createSymbolicLink(bias, folder.resolve("weights/real-bias.npy"));
        TrainedModel.load(folder);
    }

    @Test
    void anInfiniteOutputBiasIsRefusedNamingTheFile() throws Exception {
        Path folder = copyOf("format-2-lam-linear");
        setValue(folder.resolve("weights/linear.1.bias.npy"), 2, Float.POSITIVE_INFINITY);
        String message = refusal(folder);
        assertTrue(message.startsWith(folder.resolve("weights/linear.1.bias.npy").toString()), message);
        assertTrue(message.contains("1 of 4 values are not finite (first: Infinity at flat index 2)"), message);
    }

    @Test
    void anAllNanProjectionIsRefusedRatherThanSilentlyIgnored() throws Exception {
        Path folder = copyOf("format-1-lam");
        Path projection = folder.resolve("weights/projection.layer1.weight.npy");
        NpyArray a = Npy.read(projection);
        float[] nan = new float[a.data().length];
        Arrays.fill(nan, Float.NaN);
        Npy.writeFloat32(projection, nan, a.shape());
        String message = refusal(folder);
        assertTrue(message.startsWith(projection.toString()), message);
        assertTrue(message.contains(nan.length + " of " + nan.length + " values are not finite"), message);
    }

    @Test
    void aZeroStandardisationScaleIsRefused() throws Exception {
        Path folder = copyOf("format-2-lam-linear");
        setValue(folder.resolve("normalizer/scale.npy"), 5, 0f);
        String message = refusal(folder);
        assertTrue(message.startsWith(folder.resolve("normalizer/scale.npy") + ": value 5 is 0.0"), message);
    }

    @Test
    void repeatedOrEmptyClassNamesAreRefused() throws Exception {
        Path folder = copyOf("format-2-lam-linear");
        editClasses(folder, List.of("angry", "happy", "happy", "sad"));
        String message = refusal(folder);
        assertTrue(message.startsWith(folder.resolve("model.json").toString()), message);
        assertTrue(message.contains("class name 'happy' appears twice"), message);

        editClasses(folder, List.of("angry", "happy", " ", "sad"));
        assertTrue(refusal(folder).contains("class 2 of [angry, happy,  , sad] has an empty name"));
    }

    @Test
    void anArrayOfTheWrongShapeIsRefusedNamingTheFileAndBothShapes() throws Exception {
        Path folder = copyOf("format-2-lam-linear");
        Npy.writeFloat32(folder.resolve("weights/linear.0.bias.npy"), new float[3], 3);
        String message = refusal(folder);
        assertTrue(message.startsWith(folder.resolve("weights/linear.0.bias.npy").toString()), message);
        assertTrue(message.contains("stored shape [3], model.json implies [4]"), message);
    }

    @Test
    void saveRecordsAChecksumForEveryArray() throws Exception {
        for (String committed : List.of("format-1-lam", "format-2-lam-linear")) {
            Path folder = resaved(committed);
            JsonNode root = TrainingConfigFiles.JSON.readTree(folder.resolve("model.json").toFile());
            assertTrue(root.get("weights").size() > 0);
            for (JsonNode w : root.get("weights")) {
                assertEquals(ModelArrays.sha256(folder.resolve(w.get("file").asText())), w.get("sha256").asText(),
                        committed + " " + w);
            }
            assertEquals(ModelArrays.sha256(folder.resolve("normalizer/centre.npy")),
                    root.at("/normalizer/sha256/centre").asText());
            assertEquals(ModelArrays.sha256(folder.resolve("normalizer/scale.npy")),
                    root.at("/normalizer/sha256/scale").asText());
            assertTrue(ModelArrays.of(folder, root).hasChecksums());
        }
    }

    @Test
    void aChangedButFiniteArrayIsCaughtByItsChecksum() throws Exception {
        for (String committed : List.of("format-1-lam", "format-2-lam-linear")) {
            Path folder = resaved(committed);
            TrainedModel.load(folder); // intact: loads
            Path centre = folder.resolve("normalizer/centre.npy");
            setValue(centre, 0, Npy.read(centre).data()[0] + 0.25f); // plausible, finite, wrong
            String message = refusal(folder);
            assertTrue(message.startsWith(centre.toString()), message);
            assertTrue(message.contains("differs from the") && message.contains("recorded in " + folder.resolve("model.json")),
                    message);
        }
    }

    @Test
    void aDroppedChecksumEntryIsRefusedOnceAFolderHasChecksums() throws Exception {
        Path folder = resaved("format-2-lam-linear");
        ObjectNode root = (ObjectNode) TrainingConfigFiles.JSON.readTree(folder.resolve("model.json").toFile());
        ((ObjectNode) root.get("weights").get(3)).remove("sha256");
        Files.writeString(folder.resolve("model.json"), TrainingConfigFiles.JSON.writeValueAsString(root));
        ModelJsonSignature.sign(folder);
        String message = refusal(folder);
        assertTrue(message.contains("records checksums but none for weights/linear.1.bias.npy"), message);
    }

    @Test
    void foldersWithoutChecksumsStillLoadAndResavedOnesPredictTheSame() throws Exception {
        for (String committed : List.of("format-1-lam", "format-2-lam-linear")) {
            Path old = copyOf(committed);
            JsonNode root = TrainingConfigFiles.JSON.readTree(old.resolve("model.json").toFile());
            assertTrue(!ModelArrays.of(old, root).hasChecksums(), "the committed pins predate checksums");
            TrainedModel a = TrainedModel.load(old);
            TrainedModel b = TrainedModel.load(resaved(committed));
            float[][][] mean = new float[3][2][4];
            float[][][] std = new float[3][2][4];
            for (int l = 0; l < 3; l++) {
                for (int k = 0; k < 4; k++) {
                    mean[l][0][k] = 0.1f * (l + k);
                    mean[l][1][k] = -0.2f * k;
                    std[l][0][k] = 0.5f + 0.1f * l;
                    std[l][1][k] = 1f;
                }
            }
            UnlabelledFeatures x = new UnlabelledFeatures(List.of("a", "b"), mean, std);
            double[][] pa = a.predictProba(x);
            double[][] pb = b.predictProba(x);
            for (int i = 0; i < pa.length; i++) {
                assertArrayEquals(pa[i], pb[i], 0.0, committed);
            }
        }
    }
}
