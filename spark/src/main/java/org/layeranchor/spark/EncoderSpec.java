package org.layeranchor.spark;

import java.nio.file.Path;
import org.layeranchor.encoder.EncoderException;
import org.layeranchor.encoder.EncoderInfo;
import org.layeranchor.encoder.Encoders;
import org.layeranchor.encoder.ExecutionDevice;
import org.layeranchor.encoder.SpeechEncoder;
import org.layeranchor.encoder.whisper.WhisperEncoder;

/**
 * The encoder as the command line names it: a model path every executor can read (a shared mount),
 * the front-end mode, ONNX Runtime's intra-op threads, and the device to run on.
 *
 * @param model   Whisper weights folder or exported .onnx file, as a path on the executors
 * @param mode    faithful or fast (see {@link WhisperEncoder})
 * @param threads ONNX Runtime intra-op threads of the executor's encoder (at least 1)
 * @param device  "cpu", or "cuda" / "cuda:N" for ONNX Runtime's CUDA provider
 */
public record EncoderSpec(String model, WhisperEncoder.Mode mode, int threads, String device) implements EncoderOpener {
    private static final long serialVersionUID = 1L;

    @Override
    public SpeechEncoder open() throws EncoderException {
        return Encoders.open(Path.of(model), settings());
    }

    @Override
    public EncoderInfo describe() throws EncoderException {
        return Encoders.describe(Path.of(model), settings());
    }

    private Encoders.Settings settings() {
        return new Encoders.Settings(mode, threads, ExecutionDevice.parse(device));
    }
}
