package org.layeranchor.features;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a temporary file left in the store may be removed. Several writers (processes, Spark
 * executors) share a store, and a temporary of a live writer is about to be renamed into place:
 * removing it makes that writer fail. So a temporary is removed only when it is <em>provably</em>
 * stale: its writer ran on this host and that process is gone, and the file is older than
 * {@code deadWriterAge}; or (another host, or a name without a writer, from an older version)
 * it is older than {@code unknownWriterAge}, far longer than any single write takes.
 *
 * @param deadWriterAge    minimum age of a temporary whose writer is known to be gone
 * @param unknownWriterAge minimum age of a temporary whose writer cannot be checked
 */
public record StaleFilePolicy(Duration deadWriterAge, Duration unknownWriterAge) {
    /** 10 minutes for a dead local writer (a guard against pid reuse races), a day otherwise. */
    public static final StaleFilePolicy DEFAULT = new StaleFilePolicy(Duration.ofMinutes(10), Duration.ofDays(1));

    /** Whether the temporary {@code file} (its writer named after {@code marker}) may be removed now. */
    public boolean isStale(Path file, String marker, Instant now) throws IOException {
        Duration age = Duration.between(Files.getLastModifiedTime(file).toInstant(), now);
        Optional<WriterId> writer = WriterId.ofFileName(file.getFileName().toString(), marker);
        if (writer.isPresent() && writer.get().onThisHost()) {
            return writer.get().provablyGone() && age.compareTo(deadWriterAge) >= 0;
        }
        return age.compareTo(unknownWriterAge) >= 0;
    }
}
