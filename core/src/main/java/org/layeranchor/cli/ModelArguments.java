package org.layeranchor.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.layeranchor.encoder.EncoderLocation;
import org.layeranchor.hub.HubCheckpoints;
import org.layeranchor.hub.HubModelId;
import org.layeranchor.hub.HubSettings;
import org.layeranchor.hub.ModelLocator;
import picocli.CommandLine;

/**
 * The one place where an encoder named by {@code --model} or {@code --encoder} becomes a local
 * path: a file or folder, or a Hugging Face model id ({@code openai/whisper-base},
 * {@code org/name@revision}) found in the Hugging Face cache or downloaded into it, with progress
 * on stderr.
 */
final class ModelArguments {
    private ModelArguments() {
    }

    static ModelLocator.Located locate(Path given, CommandLine commandLine) throws IOException {
        return locate(given.toString(), commandLine);
    }

    static ModelLocator.Located locate(String given, CommandLine commandLine) throws IOException {
        ModelLocator locator = new ModelLocator(() -> new HubCheckpoints(HubSettings.fromEnvironment(),
                new DownloadProgressPrinter(commandLine.getErr(), System.console() != null)));
        return locator.locate(given);
    }

    /** Where the encoder was found: its folder, and its Hub id pinned to a commit when it came from the Hub. */
    static EncoderLocation location(ModelLocator.Located encoder) {
        return new EncoderLocation(encoder.path(), encoder.hubId().map(HubModelId::toString));
    }

    /** How to show a model to the user: the Hub id with the folder it was found in, or the path. */
    static String describe(ModelLocator.Located model) {
        return model.hubId().map(id -> id + " (" + model.path() + ")").orElse(model.path().toString());
    }
}
