package org.layeranchor.hub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Finds the model a user names on the command line: a local file or folder when one exists by that
 * name (as {@code transformers} does, a local folder wins), else a Hugging Face Hub id such as
 * {@code openai/whisper-base} or {@code org/name@revision}, found in the cache or downloaded.
 */
public final class ModelLocator {
    private final Supplier<HubCheckpoints> hub;

    /** @param hub made only when a Hub id is actually met, so local paths never read Hub settings */
    public ModelLocator(Supplier<HubCheckpoints> hub) {
        this.hub = hub;
    }

    /** A model's local path, and the Hub id (pinned to its commit) when it came from the Hub. */
    public record Located(Path path, Optional<HubModelId> hubId) {
    }

    /**
     * Where the named model is. A name that is neither an existing path nor a Hub id comes back as
     * its path, for the opener to report as missing.
     */
    public Located locate(String reference) throws IOException {
        if (existsLocally(reference)) {
            return new Located(Path.of(reference), Optional.empty());
        }
        Optional<HubModelId> id = HubModelId.parse(reference);
        if (id.isEmpty()) {
            return new Located(Path.of(reference), Optional.empty());
        }
        try {
            HubCheckpoints.Checkpoint c = hub.get().resolve(id.get());
            return new Located(c.folder(), Optional.of(c.pinned()));
        } catch (HubException e) {
            // The user may have meant a local folder and mistyped it: say both readings failed.
            throw new HubException("no local file or folder '" + reference + "'; as a Hugging Face model id: "
                    + e.getMessage(), e);
        }
    }

    private static boolean existsLocally(String reference) {
        try {
            return Files.exists(Path.of(reference));
        } catch (InvalidPathException e) {
            return false;
        }
    }
}
