package org.layeranchor.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.layeranchor.serve.OnnxExport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code layeranchor export-onnx}: a trained model and its encoder as one ONNX file. */
@Command(name = "export-onnx", mixinStandardHelpOptions = true,
        description = {"Write a trained model and its Whisper encoder as ONE ONNX file: audio in, class probabilities out "
                + "(encoder, per-layer pooling, normalisation, then the model's head: the linear head's logistic "
                + "regressions averaged over its members, or the mlp head; softmax).",
                "--input waveform (default): float32 [1, samples], 16 kHz mono, at most 30 s; the graph pads and "
                        + "computes Whisper's log-mel itself.",
                "--input logmel: mel [1, mels, frames] (Whisper's log-mel, padded as the model's mode says) and "
                        + "frames int64 [1] = ceil(samples / 320).",
                "Output: probabilities [1, classes]; the class names are in the metadata entry layeranchor.classes."})
final class ExportOnnxCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    TrainedModelOptions modelOptions;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The .onnx file to write.")
    Path out;

    @Option(names = "--input", defaultValue = "waveform", paramLabel = "KIND",
            description = "waveform or logmel (default: ${DEFAULT-VALUE}).")
    String input;

    @Override
    public Integer call() throws Exception {
        OnnxExport.Input kind;
        try {
            kind = OnnxExport.Input.parse(input);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--input: " + e.getMessage());
        }
        OnnxExport.Exported e = OnnxExport.build(modelOptions.model(spec.commandLine()), modelOptions.encoder(spec.commandLine()), kind);
        e.write(out);
        PrintWriter p = spec.commandLine().getOut();
        p.printf("wrote %s (%.1f MB)%n", out, Files.size(out) / 1e6);
        p.printf("input:   %s%n", kind == OnnxExport.Input.WAVEFORM
                ? "waveform float32 [1, samples], 16 kHz mono, at most 30 s"
                : "mel float32 [1, mels, frames] + frames int64 [1] = ceil(samples / 320)");
        p.printf("output:  probabilities float32 [1, %d], classes %s%n", e.classes().size(), e.classes());
        p.printf("encoder: %s, %s mode%n", e.encoder().identity(), e.mode().name().toLowerCase(Locale.ROOT));
        return LayerAnchorCli.EXIT_OK;
    }
}
