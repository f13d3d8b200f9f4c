package org.layeranchor.cli;

import java.util.ArrayList;
import java.util.List;
import org.layeranchor.corpus.ClassSet;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --classes} and {@code --merge}, shared by every command that selects emotion classes. */
final class ClassSetOptions {
    @Option(names = "--classes", paramLabel = "LIST", defaultValue = "neutral,happy,sad,angry",
            description = "Emotion classes, comma-separated, in index order (default: ${DEFAULT-VALUE}).")
    String classes;

    @Option(names = "--merge", paramLabel = "FROM=CLASS",
            description = "Count label FROM as CLASS, e.g. calm=neutral (repeatable; nothing is merged unless asked).")
    List<String> merges = new ArrayList<>();

    /** The class set, or a usage error (exit 2) that says what is wrong with the options. */
    ClassSet classSet(CommandLine commandLine) {
        try {
            return ClassSet.parse(classes).withMerges(merges);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, "invalid class set: " + e.getMessage());
        }
    }
}
