package org.layeranchor.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The environment variables are read as huggingface_hub reads them. */
class HubSettingsTest {
    @TempDir
    Path home;

    @Test
    void theCacheIsHfHubCacheElseHfHomeElseTheXdgOrHomeCache() {
        assertEquals(home.resolve(".cache/huggingface/hub"), settings(Map.of()).cacheRoot());
        assertEquals(Path.of("/xdg/huggingface/hub"), settings(Map.of("XDG_CACHE_HOME", "/xdg")).cacheRoot());
        assertEquals(Path.of("/hf/hub"), settings(Map.of("HF_HOME", "/hf", "XDG_CACHE_HOME", "/xdg")).cacheRoot());
        assertEquals(Path.of("/c"), settings(Map.of("HF_HUB_CACHE", "/c", "HF_HOME", "/hf")).cacheRoot());
        assertEquals(Path.of("/old"), settings(Map.of("HUGGINGFACE_HUB_CACHE", "/old", "HF_HOME", "/hf")).cacheRoot());
    }

    @Test
    void endpointTokenAndOffline() throws Exception {
        HubSettings defaults = settings(Map.of());
        assertEquals("https://huggingface.co", defaults.endpoint().toString());
        assertEquals(Optional.empty(), defaults.token());
        assertFalse(defaults.offline());

        assertEquals("http://127.0.0.1:9/mirror", settings(Map.of("HF_ENDPOINT", "http://127.0.0.1:9/mirror/")).endpoint().toString());
        for (String yes : new String[] {"1", "true", "ON", "yes"}) {
            assertTrue(settings(Map.of("HF_HUB_OFFLINE", yes)).offline(), yes);
        }
        assertFalse(settings(Map.of("HF_HUB_OFFLINE", "0")).offline());

        // `huggingface-cli login` writes HF_HOME/token; HF_TOKEN wins over it.
        Files.createDirectories(home.resolve(".cache/huggingface"));
        Files.writeString(home.resolve(".cache/huggingface/token"), "hf_from_file\n");
        assertEquals(Optional.of("hf_from_file"), settings(Map.of()).token());
        assertEquals(Optional.of("hf_env"), settings(Map.of("HF_TOKEN", "hf_env")).token());
    }

    private HubSettings settings(Map<String, String> env) {
        return HubSettings.fromEnvironment(env, home);
    }
}
