package org.layeranchor.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.layeranchor.encoder.EncoderInfo;
import org.layeranchor.encoder.Encoders;
import org.layeranchor.encoder.SpeechEncoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code layeranchor model info}: what a model is. */
@Command(name = "model", mixinStandardHelpOptions = true, description = "Inspect speech models.",
        subcommands = {ModelCommand.Info.class})
final class ModelCommand {
    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Print layers, hidden size, frame rate and parameter count of a model.")
    static final class Info implements Callable<Integer> {
        @Option(names = "--model", required = true, description = "Model folder (Whisper .npy weights or a Hugging Face checkpoint).")
        Path model;

        @Override
        public Integer call() throws Exception {
            try (SpeechEncoder enc = Encoders.open(model, Encoders.Settings.defaults())) {
                EncoderInfo i = enc.info();
                System.out.printf("model:       %s%n", model);
                System.out.printf("family:      %s%n", i.family());
                System.out.printf("identity:    %s%n", i.identity());
                System.out.printf("layers:      %d hidden states (%d transformer blocks + the block input)%n", i.layers(), i.layers() - 1);
                System.out.printf("dim:         %d%n", i.dim());
                System.out.printf("frame rate:  %.1f frames/s (%.0f ms per frame)%n", i.frameRateHz(), 1000 / i.frameRateHz());
                System.out.printf("parameters:  %,d%n", i.parameters());
                System.out.printf("settings:    %s%n", i.settings());
            }
            return 0;
        }
    }
}
