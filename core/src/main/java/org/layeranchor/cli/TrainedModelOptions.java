package org.layeranchor.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.layeranchor.encoder.EncoderLocation;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code --model} and {@code --encoder}, shared by the commands that use a trained model. */
final class TrainedModelOptions {
    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "Trained model folder (model.json, weights/, normalizer/).")
    Path model;

    @Option(names = "--encoder", paramLabel = "PATH",
            description = "The speech encoder the model's features were extracted with: a Whisper weights folder, an "
                    + ".onnx file or a Hugging Face model id such as openai/whisper-base (default: the location recorded "
                    + "in the model folder). Checked against the identity recorded in the model.")
    String encoder;

    /**
     * The encoder to open: --encoder, else the location recorded in the model folder by 'train'
     * (see {@link EncoderLocation}: its path, or its Hub id where the path does not exist). Either way
     * the identity check catches a wrong one.
     */
    Path encoder(CommandLine commandLine) throws IOException {
        if (encoder != null) {
            return ModelArguments.locate(encoder, commandLine).path();
        }
        if (!Files.isRegularFile(model.resolve("model.json"))) {
            throw new CommandLine.ParameterException(commandLine, model + " is not a model folder (no model.json)");
        }
        EncoderLocation recorded;
        try {
            recorded = EncoderLocation.read(model).orElseThrow(() -> new CommandLine.ParameterException(commandLine,
                    "the model folder " + model + " records which encoder it needs but not where it is: give it with "
                            + "--encoder PATH (e.g. --encoder ../shared/models/whisper-base or --encoder openai/whisper-base)"));
        } catch (IOException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
        return ModelArguments.locate(recorded.reference(), commandLine).path();
    }
}
