package org.layeranchor.encoder;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import java.io.Serializable;
import java.util.Locale;

/**
 * Where ONNX Runtime runs an encoder's graph: the CPU (default), or an NVIDIA GPU through ONNX
 * Runtime's CUDA provider. The graph is the same; only the execution provider differs, so outputs
 * agree with the CPU's to float tolerance (not bit for bit).
 *
 * <p>The CUDA provider exists only in the {@code onnxruntime_gpu} package, which the default build
 * leaves out (it is hundreds of MB and needs CUDA 12 and cuDNN 9); {@code ./mvnw -Pgpu} builds with it.
 *
 * @param kind  CPU or CUDA
 * @param index the CUDA device number (0 for the CPU)
 */
public record ExecutionDevice(Kind kind, int index) implements Serializable {
    private static final long serialVersionUID = 1L;

    public enum Kind { CPU, CUDA }

    public static final ExecutionDevice CPU = new ExecutionDevice(Kind.CPU, 0);

    public ExecutionDevice {
        if (index < 0) {
            throw new IllegalArgumentException("device number must be 0 or more, got " + index);
        }
    }

    /** Parses {@code cpu}, {@code cuda} (= {@code cuda:0}) or {@code cuda:N}. */
    public static ExecutionDevice parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("cpu")) {
            return CPU;
        }
        if (t.equals("cuda")) {
            return new ExecutionDevice(Kind.CUDA, 0);
        }
        if (t.startsWith("cuda:")) {
            try {
                return new ExecutionDevice(Kind.CUDA, Integer.parseInt(t.substring(5)));
            } catch (IllegalArgumentException e) {
                // falls through to the message below
            }
        }
        throw new IllegalArgumentException("device '" + text + "': expected cpu, cuda or cuda:N (N = GPU number)");
    }

    public boolean isCuda() {
        return kind == Kind.CUDA;
    }

    /**
     * Adds this device's execution provider to {@code options}. Fails with one line naming the
     * device and what is missing when the CUDA provider is not in this ONNX Runtime or cannot start.
     */
    public void configure(OrtSession.SessionOptions options) throws EncoderException {
        if (!isCuda()) {
            return;
        }
        if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
            throw new EncoderException(this + ": this build has the CPU-only ONNX Runtime, without the CUDA provider; "
                    + "build with './mvnw -Pgpu ...' (onnxruntime_gpu) on a machine with an NVIDIA driver, CUDA 12 and cuDNN 9");
        }
        try {
            options.addCUDA(index);
        } catch (OrtException e) {
            throw unavailable(e);
        }
    }

    /** The one-line error for a CUDA provider that is present but cannot run (no GPU, driver or libraries). */
    public EncoderException unavailable(Exception cause) {
        return new EncoderException(this + ": ONNX Runtime's CUDA provider could not start (" + firstLine(cause.getMessage())
                + "); it needs an NVIDIA GPU with its driver, CUDA 12 and cuDNN 9", cause);
    }

    private static String firstLine(String s) {
        if (s == null || s.isBlank()) {
            return "no message";
        }
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    @Override
    public String toString() {
        return isCuda() ? "cuda:" + index : "cpu";
    }
}
