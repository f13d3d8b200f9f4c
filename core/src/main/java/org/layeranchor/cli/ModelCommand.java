package org.layeranchor.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.layeranchor.encoder.EncoderInfo;
import org.layeranchor.encoder.Encoders;
import org.layeranchor.encoder.SpeechEncoder;
import org.layeranchor.hub.ModelLocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code layeranchor model info}: what a model is. */
@Command(name = "model", mixinStandardHelpOptions = true, description = "Inspect speech models; sign an edited emotion model folder.",
        subcommands = {ModelCommand.Info.class, ModelCommand.Sign.class})
final class ModelCommand {
    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Print layers, hidden size, frame rate and parameter count of a model.")
    static final class Info implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--model", required = true, description = "Model folder (Whisper .npy weights or a Hugging Face checkpoint), "
                + ".onnx file, or Hugging Face model id (openai/whisper-base, org/name@revision).")
        Path model;

        @Override
        public Integer call() throws Exception {
            ModelLocator.Located located = ModelArguments.locate(model, spec.commandLine());
            try (SpeechEncoder enc = Encoders.open(located.path(), Encoders.Settings.defaults())) {
                EncoderInfo i = enc.info();
                spec.commandLine().getOut().printf("model:       %s%n", ModelArguments.describe(located));
                spec.commandLine().getOut().printf("family:      %s%n", i.family());
                spec.commandLine().getOut().printf("identity:    %s%n", i.identity());
                spec.commandLine().getOut().printf("layers:      %d hidden states (%d transformer blocks + the block input)%n", i.layers(), i.layers() - 1);
                spec.commandLine().getOut().printf("dim:         %d%n", i.dim());
                spec.commandLine().getOut().printf("frame rate:  %.1f frames/s (%.0f ms per frame)%n", i.frameRateHz(), 1000 / i.frameRateHz());
                spec.commandLine().getOut().printf("parameters:  %,d%n", i.parameters());
                spec.commandLine().getOut().printf("settings:    %s%n", i.settings());
            }
            return 0;
        }
    }

    /**
     * {@code model sign --model DIR}: records the SHA-256 of an emotion model folder's model.json after an
     * edit made on purpose (loading refuses an edited, unsigned model.json), then loads the folder to
     * show that it is whole.
     */
    @Command(name = "sign", mixinStandardHelpOptions = true,
            description = "Sign an emotion model folder's model.json after editing it on purpose (writes model.json.sha256), "
                    + "then load the folder to check everything else.")
    static final class Sign implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--model", required = true, description = "Emotion model folder (written by train).")
        Path model;

        @Override
        public Integer call() throws Exception {
            org.layeranchor.training.ModelJsonSignature.sign(model);
            org.layeranchor.training.TrainedModel m = org.layeranchor.training.TrainedModel.load(model);
            spec.commandLine().getOut().printf("signed %s (%s, classes %s); it loads%n",
                    model.resolve(org.layeranchor.training.ModelJsonSignature.FILE), m.strategy(), m.classes());
            return 0;
        }
    }
}
