package org.layeranchor.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.layeranchor.encoder.EncoderLocation;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code --model} and {@code --encoder}, shared by the commands that use a trained model. */
final class TrainedModelOptions {
    @Option(names = "--model", paramLabel = "DIR",
            description = "Trained model folder (model.json, weights/, normalizer/) (default: the model that ships with "
                    + "LayerAnchor, models/default: four corpora, four classes, adapted at use time).")
    Path model;

    /** True once {@link #model} chose the default model because no --model was given. */
    private boolean isDefault;

    /**
     * --model, else the default model (see {@link DefaultModel}); the chosen folder is remembered, so
     * that {@link #encoder} and the command read the same one. Saying on stderr which model is used
     * when it was not named.
     */
    Path model(CommandLine commandLine) {
        if (model == null) {
            model = DefaultModel.locate().orElseThrow(() -> new CommandLine.ParameterException(commandLine,
                    "no --model given, and the default model is not at " + DefaultModel.whereLookedFor()
                            + ": give a trained model folder with --model DIR"));
            isDefault = true;
            commandLine.getErr().println("model: the default model, " + model);
            commandLine.getErr().flush();
        }
        return model;
    }

    /** How the model is named to people: "the default model (models/default)", or the folder given. */
    String shownName(CommandLine commandLine) {
        Path m = model(commandLine);
        return isDefault ? "the default model (" + DefaultModel.IN_REPOSITORY + ")" : m.toString();
    }

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
        model(commandLine);
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
        String reference = recorded.reference();
        if (recorded.hubModel().isEmpty() && !Files.exists(Path.of(reference))) {
            // The usual case on a fresh machine: say where it was looked for and how to name it.
            throw new CommandLine.ParameterException(commandLine, "the encoder the model " + model + " needs is not at "
                    + recorded.path() + recorded.besideFolder().map(p -> " nor at " + p).orElse("")
                    + ": give it with --encoder PATH (e.g. --encoder ../shared/models/whisper-base) or a Hugging Face id");
        }
        return ModelArguments.locate(reference, commandLine).path();
    }
}
