package org.layeranchor.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The commit of the code that trained a model, for provenance: {@code git rev-parse HEAD}, or "unknown". */
public final class GitCommit {
    private GitCommit() {
    }

    public static String current() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroy();
                return "unknown";
            }
            String commit = new String(out, StandardCharsets.US_ASCII).trim();
            return commit.matches("[0-9a-f]{40}") ? commit : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
