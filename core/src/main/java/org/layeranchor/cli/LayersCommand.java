package org.layeranchor.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.layeranchor.audio.Audio;
import org.layeranchor.audio.AudioReader;
import org.layeranchor.audio.FailureMessage;
import org.layeranchor.encoder.Encoders;
import org.layeranchor.encoder.HiddenStates;
import org.layeranchor.encoder.SpeechEncoder;
import org.layeranchor.encoder.whisper.WhisperEncoder;
import org.layeranchor.io.Npy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code layeranchor layers}: every layer's hidden states of one audio file, as .npy. */
@Command(name = "layers", mixinStandardHelpOptions = true,
        description = "Encode one audio file and write every layer's hidden states to OUT/hidden_states.npy "
                + "(float32, shape [layers, frames, dim]).")
final class LayersCommand implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true,
            description = "Model folder, .onnx file, or Hugging Face model id (openai/whisper-base, org/name@revision).")
    Path model;

    @Option(names = "--audio", required = true, description = "WAV, FLAC or MP3 file.")
    Path audio;

    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Option(names = "--mode", defaultValue = "faithful",
            description = "faithful (pad to 30 s as Whisper was trained; default) or fast (encode the audio's own length).")
    String mode;

    @Option(names = "--threads", defaultValue = "0", description = "ONNX Runtime threads (0 = all cores).")
    int threads;

    @Option(names = "--precision", defaultValue = "fp32", converter = PrecisionConverter.class,
            description = "The encoder's linear layers in fp32 (default) or int8 (faster on CPUs with VNNI; "
                    + "features differ slightly and are stored under their own key; see docs/BENCHMARK.md).")
    org.layeranchor.encoder.whisper.Precision precision;


    @Override
    public Integer call() throws Exception {
        Audio a;
        try {
            a = AudioReader.read(audio);
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            return failed(e);
        }
        Path modelPath = ModelArguments.locate(model, spec.commandLine()).path();
        try (SpeechEncoder enc = Encoders.open(modelPath, new Encoders.Settings(parseMode(mode), threads).withPrecision(precision))) {
            HiddenStates hs;
            try {
                hs = enc.encode(a);
            } catch (Exception | OutOfMemoryError | StackOverflowError e) {
                return failed(e);
            }
            int l = hs.layerCount();
            int f = hs.frameCount();
            int d = hs.dim();
            if ((long) l * f * d > Integer.MAX_VALUE - 8) {
                return failed(new IllegalArgumentException(String.format(Locale.ROOT,
                        "too long for one .npy array: %d layers x %,d frames x %d dims", l, f, d)));
            }
            float[] flat = new float[l * f * d];
            for (int i = 0; i < l; i++) {
                for (int j = 0; j < f; j++) {
                    System.arraycopy(hs.layers()[i][j], 0, flat, (i * f + j) * d, d);
                }
            }
            Files.createDirectories(out);
            Path file = out.resolve("hidden_states.npy");
            Npy.writeFloat32(file, flat, l, f, d);
            spec.commandLine().getOut().printf("%s: %.2f s of audio -> %d layers x %d frames x %d dims -> %s%n",
                    audio, a.durationSeconds(), l, f, d, file);
        }
        return 0;
    }

    /** The audio file's failure as one line naming it (the stack trace only with -Dlayeranchor.debug=true). */
    private int failed(Throwable e) {
        spec.commandLine().getErr().println("error: " + FailureMessage.line(audio.toString(), e));
        FailureMessage.debugTrace(e, spec.commandLine().getErr());
        return LayerAnchorCli.EXIT_FAILURE;
    }

    static WhisperEncoder.Mode parseMode(String mode) {
        return switch (mode.toLowerCase(Locale.ROOT)) {
            case "faithful" -> WhisperEncoder.Mode.FAITHFUL;
            case "fast" -> WhisperEncoder.Mode.FAST;
            default -> throw new IllegalArgumentException("unknown --mode '" + mode + "' (use faithful or fast)");
        };
    }
}
