package org.layeranchor.corpus;

import java.nio.file.Path;
import java.util.Comparator;

/**
 * One thing wrong with a corpus, located like a compiler error.
 *
 * @param file    the manifest (or, for a missing corpus, the folder)
 * @param line    1-based manifest line, or 0 when the problem is not about one row
 * @param message what is wrong; about an audio file it starts with the path from the manifest
 */
public record CorpusProblem(Path file, int line, String message) {
    /** Manifest order: file, then line; stable for the same input on every machine. */
    public static final Comparator<CorpusProblem> ORDER = Comparator.comparing((CorpusProblem p) -> p.file().toString())
            .thenComparingInt(CorpusProblem::line);

    /** A manifest value fit for one line: control characters as '?', at most 80 characters. */
    static String printable(String value) {
        String t = value.replaceAll("\\p{Cntrl}", "?");
        return t.length() > 80 ? t.substring(0, 80) + "…" : t;
    }

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
    }
}
