package org.layeranchor.cli;

import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --model} and {@code --encoder}, shared by the commands that use a trained model. */
final class TrainedModelOptions {
    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "Trained model folder (model.json, weights/, normalizer/).")
    Path model;

    @Option(names = "--encoder", paramLabel = "PATH",
            description = "The speech encoder the model's features were extracted with: a Whisper weights folder or an "
                    + ".onnx file. Checked against the identity recorded in the model.")
    Path encoder;

    /**
     * The encoder to open. Model folders do not yet record where their encoder lives (only what it
     * is), so until they do the path must be given; a wrong one is caught by the identity check.
     */
    Path encoder(CommandLine commandLine) {
        if (encoder == null) {
            throw new CommandLine.ParameterException(commandLine, "the model folder " + model + " records which encoder "
                    + "it needs but not where it is: give it with --encoder PATH (e.g. --encoder ../shared/models/whisper-base)");
        }
        return encoder;
    }
}
