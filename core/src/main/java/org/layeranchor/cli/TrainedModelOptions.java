package org.layeranchor.cli;

import java.nio.file.Path;
import org.layeranchor.encoder.EncoderLocation;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --model} and {@code --encoder}, shared by the commands that use a trained model. */
final class TrainedModelOptions {
    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "Trained model folder (model.json, weights/, normalizer/).")
    Path model;

    @Option(names = "--encoder", paramLabel = "PATH",
            description = "The speech encoder the model's features were extracted with: a Whisper weights folder or an "
                    + ".onnx file (default: the location recorded in the model folder). Checked against the identity "
                    + "recorded in the model.")
    Path encoder;

    /**
     * The encoder to open: --encoder, else the location recorded in the model folder by 'train'
     * (see {@link EncoderLocation}). Either way the identity check catches a wrong one.
     */
    Path encoder(CommandLine commandLine) {
        if (encoder != null) {
            return encoder;
        }
        if (!java.nio.file.Files.isRegularFile(model.resolve("model.json"))) {
            throw new CommandLine.ParameterException(commandLine, model + " is not a model folder (no model.json)");
        }
        try {
            return EncoderLocation.read(model).orElseThrow(() -> new CommandLine.ParameterException(commandLine,
                    "the model folder " + model + " records which encoder it needs but not where it is: give it with "
                            + "--encoder PATH (e.g. --encoder ../shared/models/whisper-base)"));
        } catch (java.io.IOException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
    }
}
