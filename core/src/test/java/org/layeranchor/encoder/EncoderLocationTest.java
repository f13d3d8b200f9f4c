package org.layeranchor.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncoderLocationTest {
    @Test
    void theRecordedPathWinsWhereItExistsElseTheHubId(@TempDir Path tmp) throws IOException {
        Path weights = Files.createDirectories(tmp.resolve("snapshot"));
        Path store = Files.createDirectories(tmp.resolve("store"));
        Path model = Files.createDirectories(tmp.resolve("model"));
        new EncoderLocation(weights, Optional.of("org/tiny@0123456789abcdef0123456789abcdef01234567")).writeTo(store);
        EncoderLocation.copy(store, model);

        EncoderLocation read = EncoderLocation.read(model).orElseThrow();
        assertEquals(weights.toAbsolutePath(), read.path());
        assertEquals(weights.toAbsolutePath().toString(), read.reference());
        Files.delete(weights); // e.g. the model was copied to another machine
        assertEquals("org/tiny@0123456789abcdef0123456789abcdef01234567", read.reference());

        EncoderLocation.write(store, weights); // no Hub id: the path, for the opener to report as missing
        assertEquals(weights.toAbsolutePath().toString(), EncoderLocation.read(store).orElseThrow().reference());
        assertTrue(EncoderLocation.read(tmp).isEmpty());

        Files.writeString(store.resolve(EncoderLocation.FILE), "{\"hub_model\": \"org/tiny\"}");
        IOException e = assertThrows(IOException.class, () -> EncoderLocation.read(store));
        assertTrue(e.getMessage().contains(store.resolve(EncoderLocation.FILE).toString()), e.getMessage());
    }

    /**
     * A model folder records where its encoder is relative to itself too, so a repository that ships a
     * model next to its data (../shared) finds the weights in any clone, wherever the clone lies.
     */
    @Test
    void aModelMovedTogetherWithItsWeightsFindsThemRelativeToItself(@TempDir Path tmp) throws IOException {
        Path machineA = tmp.resolve("a");
        Path weights = Files.createDirectories(machineA.resolve("shared/models/whisper-base"));
        Path store = Files.createDirectories(machineA.resolve("repo/store"));
        Path model = Files.createDirectories(machineA.resolve("repo/models/default"));
        EncoderLocation.write(store, weights);
        EncoderLocation.copy(store, model);
        assertTrue(Files.readString(model.resolve(EncoderLocation.FILE)).contains("\"relative_path\" : \"../../../shared/models/whisper-base\""),
                Files.readString(model.resolve(EncoderLocation.FILE)));

        Path machineB = tmp.resolve("elsewhere/b"); // a fresh clone: the same layout, another absolute path
        Files.createDirectories(machineB.resolve("shared/models"));
        Files.createDirectories(machineB.resolve("repo/models"));
        Files.move(weights, machineB.resolve("shared/models/whisper-base"));
        Files.move(model, machineB.resolve("repo/models/default"));
        EncoderLocation read = EncoderLocation.read(machineB.resolve("repo/models/default")).orElseThrow();
        assertEquals(machineB.resolve("shared/models/whisper-base").toAbsolutePath().normalize().toString(), read.reference());
    }

    /**
     * A clone next to its own data uses that data even where the absolute path recorded by the machine
     * that trained the model exists too (CI clones the repository beside a second copy of ../shared).
     */
    @Test
    void theWeightsNextToTheModelWinOverTheRecordedAbsolutePath(@TempDir Path tmp) throws IOException {
        Path original = Files.createDirectories(tmp.resolve("a/shared/models/whisper-base"));
        Path store = Files.createDirectories(tmp.resolve("a/repo/store"));
        EncoderLocation.write(store, original);
        Path cloneShared = Files.createDirectories(tmp.resolve("check/shared/models/whisper-base"));
        Path cloneModel = Files.createDirectories(tmp.resolve("check/repo/models/default"));
        Path model = Files.createDirectories(tmp.resolve("a/repo/models/default"));
        EncoderLocation.copy(store, model);
        Files.copy(model.resolve(EncoderLocation.FILE), cloneModel.resolve(EncoderLocation.FILE));
        EncoderLocation read = EncoderLocation.read(cloneModel).orElseThrow();
        assertTrue(Files.exists(read.path()), "the recorded absolute path exists too");
        assertEquals(cloneShared.toAbsolutePath().normalize().toString(), read.reference());
    }
}
