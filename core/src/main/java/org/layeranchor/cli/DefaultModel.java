package org.layeranchor.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The model that ships with LayerAnchor ({@code models/default} in the repository, trained by
 * {@code ./layeranchor train --config models/default.yaml}): what {@code predict}, {@code serve} and
 * {@code export-onnx} use when no {@code --model} is given, so that a new user can start from a
 * recording instead of from a training run.
 */
final class DefaultModel {
    /** Overrides where the default model is (a model folder), e.g. for an installation outside the repository. */
    static final String PROPERTY = "layeranchor.defaultModel";
    static final Path IN_REPOSITORY = Path.of("models", "default");
    /** The jar (core/target/*.jar) and the classes (core/target/classes) lie this far below the repository root. */
    private static final int LEVELS_ABOVE_CODE = 4;

    private DefaultModel() {
    }

    /** The default model folder, where there is one (a folder with a model.json). */
    static Optional<Path> locate() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return Optional.of(Path.of(property));
        }
        Path code;
        try {
            code = Path.of(DefaultModel.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return Optional.empty();
        }
        Path d = code.toAbsolutePath();
        for (int i = 0; i <= LEVELS_ABOVE_CODE && d != null; i++, d = d.getParent()) {
            Path candidate = d.resolve(IN_REPOSITORY);
            if (Files.isRegularFile(candidate.resolve("model.json"))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Where the default model was looked for, for the message when it is not there. */
    static String whereLookedFor() {
        String property = System.getProperty(PROPERTY);
        return property != null && !property.isBlank() ? property + " (-D" + PROPERTY + ")"
                : IN_REPOSITORY + " in the LayerAnchor repository";
    }
}
