package org.layeranchor.training;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pooling: attentive} was removed (issue 17: it trained models that benchmark, predict, serve
 * and export-onnx could not use). A model folder that asks for it is refused on load with a message
 * saying so, instead of half-working.
 */
class AttentivePoolingRemovedTest {
    private static final EncoderIdentity ENCODER =
            EncoderIdentity.of(Map.of("family", "synthetic-committed", "weights", "tiny1"));

    @Test
    void aModelFolderAskingForAttentivePoolingIsRefusedByName(@TempDir Path dir) throws Exception {
        Path committed = Path.of(AttentivePoolingRemovedTest.class.getResource("/models/format-1-lam").toURI());
        Path folder = dir.resolve("attentive");
        try (var files = Files.walk(committed)) {
            for (Path f : files.toList()) {
                Files.copy(f, folder.resolve(committed.relativize(f).toString()));
            }
        }
        Path json = folder.resolve("model.json");
        String text = Files.readString(json);
        assertTrue(text.contains("\"pooling\" : \"statistics\""), "the committed folder changed");
        Files.writeString(json, text.replace("\"pooling\" : \"statistics\"", "\"pooling\" : \"attentive\""));
        ModelJsonSignature.sign(folder);

        Exception e = assertThrows(Exception.class, () -> TrainedModel.load(folder, ENCODER));
        // Naming model.json in load errors is ModelFolder's validation (another branch), so not asserted here.
        assertTrue(e.getMessage().contains("'pooling: attentive' is no longer supported"), e.getMessage());
        // The unchanged folder still loads: only the removed choice is refused.
        TrainedModel.load(committed, ENCODER);
    }
}
