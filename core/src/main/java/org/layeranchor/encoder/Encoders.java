package org.layeranchor.encoder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.layeranchor.encoder.onnx.OnnxLayerTapEncoder;
import org.layeranchor.encoder.onnx.OnnxLayerTapSettings;
import org.layeranchor.encoder.weights.WeightSources;
import org.layeranchor.encoder.whisper.Precision;
import org.layeranchor.encoder.whisper.WhisperEncoder;

/**
 * Opens the speech encoder a user points at: a Whisper weights folder (per-tensor .npy files or a
 * Hugging Face checkpoint with config.json + model.safetensors), or an exported {@code .onnx} speech
 * model whose every transformer layer is tapped (see {@link OnnxLayerTapEncoder}).
 */
public final class Encoders {
    private Encoders() {
    }

    /** How to run the encoder; the precision applies to Whisper weights folders (float32 unless asked). */
    public record Settings(WhisperEncoder.Mode mode, int threads, ExecutionDevice device, Precision precision) {
        public Settings {
            precision = precision == null ? Precision.FP32 : precision;
        }

        public Settings(WhisperEncoder.Mode mode, int threads, ExecutionDevice device) {
            this(mode, threads, device, Precision.FP32);
        }

        public Settings(WhisperEncoder.Mode mode, int threads) {
            this(mode, threads, ExecutionDevice.CPU);
        }

        public Settings withPrecision(Precision p) {
            return new Settings(mode, threads, device, p);
        }

        public static Settings defaults() {
            return new Settings(WhisperEncoder.Mode.FAITHFUL, 0);
        }
    }

    public static SpeechEncoder open(Path model, Settings settings) throws EncoderException {
        requireExists(model);
        if (Files.isDirectory(model)) {
            // The weights are copied into the graph while it is built: the files are closed once it is open.
            try (var weights = WeightSources.open(model)) {
                return WhisperEncoder.load(weights,
                        new WhisperEncoder.Options(settings.mode(), settings.threads(), settings.device(), settings.precision()));
            } catch (IOException e) {
                throw new EncoderException(e.getMessage(), e);
            }
        }
        if (model.getFileName().toString().endsWith(".onnx")) {
            if (settings.device().isCuda()) {
                throw new EncoderException(model + ": " + settings.device() + " is supported for Whisper weights folders only; "
                        + "exported .onnx encoders run on the CPU");
            }
            if (settings.precision() != Precision.FP32) {
                throw new EncoderException(model + ": --precision " + settings.precision().label()
                        + " is supported for Whisper weights folders only; exported .onnx encoders run as exported");
            }
            // Frame-level encoders in ONNX have no padding convention: the mode does not apply.
            return OnnxLayerTapEncoder.open(model, OnnxLayerTapSettings.defaults().withIntraOpThreads(settings.threads()));
        }
        throw notAModel(model);
    }

    /**
     * What {@link #open} would give as the encoder's {@link SpeechEncoder#info()} (identity, layers,
     * width, settings), keeping no encoder open: for a driver that only needs to know which store
     * folder the features go to while other processes encode. A Whisper weights folder is described
     * from the hash of its graph, with no ONNX Runtime session (which would hold hundreds of MB); an
     * exported .onnx encoder is opened and closed again, since its width is learnt by running it.
     * The device does not change the description: it runs the same graph.
     */
    public static EncoderInfo describe(Path model, Settings settings) throws EncoderException {
        requireExists(model);
        if (Files.isDirectory(model)) {
            try (var weights = WeightSources.open(model)) {
                return WhisperEncoder.describe(weights, settings.mode(), settings.precision());
            } catch (IOException e) {
                throw new EncoderException(e.getMessage(), e);
            }
        }
        if (model.getFileName().toString().endsWith(".onnx")) {
            try (SpeechEncoder encoder = open(model, new Settings(settings.mode(), 1, ExecutionDevice.CPU,
                    settings.precision()))) {
                return encoder.info();
            }
        }
        throw notAModel(model);
    }

    private static void requireExists(Path model) throws EncoderException {
        if (!Files.exists(model)) {
            throw new EncoderException(model + ": no such model file or folder");
        }
    }

    private static EncoderException notAModel(Path model) {
        return new EncoderException(model + ": not a model (expected a folder of Whisper weights: *_fp16.npy files or "
                + "config.json + model.safetensors; or an exported .onnx file)");
    }
}
