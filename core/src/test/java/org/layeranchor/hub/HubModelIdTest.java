package org.layeranchor.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HubModelIdTest {
    @Test
    void readsOwnerNameAndRevision() {
        HubModelId base = HubModelId.parse("openai/whisper-base").orElseThrow();
        assertEquals("openai/whisper-base", base.repo());
        assertEquals("main", base.revision());
        assertEquals("openai/whisper-base", base.toString());
        assertFalse(base.pinnedToCommit());

        HubModelId pr = HubModelId.parse("org/My_model.v2@refs/pr/1").orElseThrow();
        assertEquals("My_model.v2", pr.name());
        assertEquals("refs/pr/1", pr.revision());

        String commit = "0123456789abcdef0123456789abcdef01234567";
        HubModelId pinned = base.atCommit(commit);
        assertTrue(pinned.pinnedToCommit());
        assertEquals("openai/whisper-base@" + commit, pinned.toString());
        assertEquals(pinned, HubModelId.parse(pinned.toString()).orElseThrow());
    }

    @Test
    void pathsAndSingleFileModelsAreNotIds() {
        for (String notAnId : new String[] {"../shared/models/whisper-base", "/abs/model", "./org/name", "whisper-base",
                "a/b/c", "org/model.onnx", "org/model.safetensors", "org--x/name", "org/na..me", "-org/name",
                "org/name@", "org/name@a b", "org/name@../x", ""}) {
            assertTrue(HubModelId.parse(notAnId).isEmpty(), notAnId);
        }
    }
}
