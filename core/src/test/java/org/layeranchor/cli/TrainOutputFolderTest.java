package org.layeranchor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 25 row 10: train with out: an existing folder holding the user's config.yaml and model.json (or
 * the feature store itself) replaced them silently. It is now refused before any work, naming the run
 * file and the folder, unless --overwrite.
 */
class TrainOutputFolderTest {
    @Test
    void anExistingNonEmptyOutFolderOrTheStoreIsRefusedUnlessOverwrite(@TempDir Path tmp) throws Exception {
        Path store = Files.createDirectories(tmp.resolve("store"));
        Path mine = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(mine.resolve("config.yaml"), "my own settings\n");
        Files.writeString(mine.resolve("model.json"), "{\"mine\": true}\n");
        Path run = tmp.resolve("run.yaml");
        Files.writeString(run, "store: " + store + "\nsource: alpha\ntarget: beta\nout: " + mine + "\n");

        LayerAnchorCliTest.Run refused = LayerAnchorCliTest.run("train", "--config", run.toString());
        assertEquals(1, refused.code(), refused.err());
        assertTrue(refused.err().contains(run + ": out: " + mine + " exists and is not empty"), refused.err());
        assertEquals("my own settings\n", Files.readString(mine.resolve("config.yaml")));
        assertEquals("{\"mine\": true}\n", Files.readString(mine.resolve("model.json")));

        Files.writeString(run, "store: " + store + "\nsource: alpha\ntarget: beta\nout: " + store.resolve("models/x") + "\n");
        LayerAnchorCliTest.Run inStore = LayerAnchorCliTest.run("train", "--config", run.toString());
        assertEquals(1, inStore.code());
        assertTrue(inStore.err().contains("is inside the feature store " + store), inStore.err());
        assertFalse(Files.exists(store.resolve("models")), "nothing written into the store");

        // --overwrite lets the run go on (here to the next check: the store holds no features).
        LayerAnchorCliTest.Run overwrite = LayerAnchorCliTest.run("train", "--config", run.toString(), "--overwrite");
        assertEquals(1, overwrite.code());
        assertFalse(overwrite.err().contains("inside the feature store"), overwrite.err());
    }
}
