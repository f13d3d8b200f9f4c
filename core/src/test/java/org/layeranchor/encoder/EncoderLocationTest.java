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
}
