package org.layeranchor.corpus;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Sizes a manifest may have, checked before it is parsed: a 100-MB line of commas became 100 million
 * fields and ran out of memory without naming the manifest (issue 25). The largest real manifest here
 * (RAVDESS, 1,440 rows) is under 200 kB with lines under 200 bytes.
 */
final class ManifestLimits {
    /** The largest manifest read. */
    static final long MAX_BYTES = 256L << 20;
    /** The longest line read. */
    static final int MAX_LINE_BYTES = 1 << 20;

    private ManifestLimits() {
    }

    /** The problem with {@code manifest}'s size or longest line, or empty when it may be parsed. */
    static Optional<CorpusProblem> check(Path manifest) throws IOException {
        org.layeranchor.io.RegularFiles.require(manifest);
        long size = Files.size(manifest);
        if (size > MAX_BYTES) {
            return Optional.of(new CorpusProblem(manifest, 0, String.format(
                    "manifest of %,d bytes is too large (at most %,d are read)", size, MAX_BYTES)));
        }
        // One streaming pass over the bytes: nothing is held but counters.
        try (InputStream in = new BufferedInputStream(Files.newInputStream(manifest), 1 << 16)) {
            int line = 1;
            long length = 0;
            for (int b; (b = in.read()) >= 0; ) {
                if (b == '\n') {
                    line++;
                    length = 0;
                } else if (++length > MAX_LINE_BYTES) {
                    return Optional.of(new CorpusProblem(manifest, line, String.format(
                            "line is longer than %,d bytes (1 MiB); not parsed", MAX_LINE_BYTES)));
                }
            }
        }
        return Optional.empty();
    }
}
