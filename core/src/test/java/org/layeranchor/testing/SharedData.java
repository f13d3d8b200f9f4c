package org.layeranchor.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates {@code ../shared} (real corpora and the whisper-base weights) for tests.
 *
 * <p>The path comes from the system property {@code layeranchor.shared} (set by the pom). Locally a
 * missing folder skips the test with a message; under CI (env {@code CI=true}) it fails, so that a
 * misplaced checkout can never turn the real-data tests into silent skips.
 */
public final class SharedData {
    private SharedData() {
    }

    public static Path root() {
        Path p = Path.of(System.getProperty("layeranchor.shared", "../shared")).toAbsolutePath().normalize();
        if (!Files.isDirectory(p)) {
            String msg = "shared data folder not found at " + p + " (set -Dlayeranchor.shared=...)";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(msg);
            }
            Assumptions.abort(msg);
        }
        return p;
    }

    public static Path whisperBase() {
        return root().resolve("models/whisper-base");
    }

    public static Path corpus(String name) {
        return root().resolve("corpora").resolve(name);
    }
}
