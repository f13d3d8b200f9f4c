package org.layeranchor.serve;

import static org.layeranchor.onnx.GraphBuilder.attr;
import static org.layeranchor.onnx.GraphBuilder.in;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.layeranchor.encoder.EncoderException;
import org.layeranchor.encoder.EncoderInfo;
import org.layeranchor.encoder.weights.WeightSource;
import org.layeranchor.encoder.weights.WeightSources;
import org.layeranchor.encoder.whisper.MelFilterBank;
import org.layeranchor.encoder.whisper.WhisperConfig;
import org.layeranchor.encoder.whisper.WhisperEncoder;
import org.layeranchor.encoder.whisper.WhisperGraph;
import org.layeranchor.encoder.whisper.WhisperLogMel;
import org.layeranchor.encoder.whisper.WhisperLogMelGraph;
import org.layeranchor.onnx.GraphBuilder;
import org.layeranchor.training.EncoderIdentity;
import org.layeranchor.training.ModelDescription;
import org.layeranchor.training.TrainedModel;
import org.layeranchor.training.linear.LinearMember;

/**
 * A trained model and its Whisper encoder as ONE ONNX file, audio in, class probabilities out, for
 * running anywhere ONNX Runtime runs:
 *
 * <pre>
 * waveform [1, S] (16 kHz mono, S ≤ 30 s)          or   mel [1, mels, T] + frames int64 [1]
 *   → padding and log-mel ({@link WhisperLogMelGraph})       (already done by the caller)
 *   → Whisper encoder, every layer ({@link WhisperGraph#addEncoder})                 hidden_l [1, F, d]
 *   → keep the first min(ceil(S / 320), F) frames (the frames that cover the audio); a model of
 *     speech-pooled features keeps [from, min(to, that)) of them, speech_frames int64 [2] given by the
 *     caller's detector ({@link org.layeranchor.features.Pooling#frames(org.layeranchor.audio.Audio, int, double)})
 *   → per used layer: mean and population std over those frames ‖ → [1, 2d]        ({@code PooledStatistics})
 *   → (x − centre_b) / scale_b                                                      (per layer)
 *   → linear head (the default): per member, its layers' inputs side by side → softmax(x W_m + b_m),
 *     the mean over the members                                                      probabilities [1, C]
 *     or mlp head: z_b = ReLU(x P_b + c_b), f = Σ_b w_b z_b, h = ReLU(f W1 + b1), softmax(h W2 + b2)
 * </pre>
 * exactly what {@link EmotionPredictor} computes for one segment, in float32 (it agrees with
 * {@code predict} to ~1e-5, see the tests). The front-end mode (faithful: pad to 30 s; fast) is the
 * model's own, fixed in the graph. Longer recordings are cut into ≤ 30-s segments by the caller, as
 * {@link EmotionPredictor} does. The model's metadata holds the class names ({@value #CLASSES_KEY},
 * a JSON list in output order), the encoder identity and the input convention.
 */
public final class OnnxExport {
    public static final String WAVEFORM = "waveform";
    public static final String MEL = "mel";
    public static final String FRAMES = "frames";
    /** Speech-pooled models only: int64 [2], the frames [from, to) the statistics are pooled over. */
    public static final String SPEECH_FRAMES = "speech_frames";
    public static final String PROBABILITIES = "probabilities";
    public static final String CLASSES_KEY = "layeranchor.classes";

    /** What the exported model takes. */
    public enum Input {
        /** 16 kHz mono samples; the graph pads and computes the log-mel itself. */
        WAVEFORM,
        /** Whisper's log-mel, already padded as the mode says, and the count of encoder frames to pool. */
        LOGMEL;

        public static Input parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "waveform" -> WAVEFORM;
                case "logmel", "log-mel" -> LOGMEL;
                default -> throw new IllegalArgumentException("unknown input '" + s + "' (use waveform or logmel)");
            };
        }
    }

    /**
     * @param model   the ONNX model
     * @param input   its input kind
     * @param mode    the Whisper front-end mode built in
     * @param classes output order of the probabilities
     * @param encoder the encoder that was checked against the model and built in
     */
    public record Exported(ModelProto model, Input input, WhisperEncoder.Mode mode, List<String> classes,
                           EncoderInfo encoder) {
        /** Writes the file under a temporary name and renames it into place. */
        public void write(Path file) throws IOException {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            // A plain new file (not createTempFile, which is owner-only) so the export is as readable as any output.
            Path tmp = parent.resolve(file.getFileName() + ".tmp-" + UUID.randomUUID());
            try {
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    model.writeTo(out);
                }
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }

    private OnnxExport() {
    }

    /**
     * Builds the graph. The encoder at {@code encoderPath} must be the Whisper checkpoint the model
     * was trained on (checked as {@link EmotionPredictor#open} checks it).
     */
    public static Exported build(Path modelDir, Path encoderPath, Input input) throws IOException, EncoderException {
        // One load of the model folder (checked there: checksums, shapes, finite values); the head's
        // numbers come from it, and the encoder's identity is checked without opening a session.
        TrainedModel trained = TrainedModel.load(modelDir);
        ModelDescription d = trained.description();
        WhisperEncoder.Mode mode = EmotionPredictor.modeOf(d.encoder());
        org.layeranchor.encoder.whisper.Precision precision = EmotionPredictor.precisionOf(d.encoder());
        org.layeranchor.features.Pooling pooling = EmotionPredictor.poolingOf(d.encoder());
        if (!Files.isDirectory(encoderPath)) {
            throw new EncoderException(encoderPath + (Files.exists(encoderPath)
                    ? ": export-onnx builds Whisper encoders only (a folder of Whisper weights), not an ONNX encoder file"
                    : ": no such model file or folder"));
        }
        // The weights are copied into the graph while it is built: the files are closed once it is.
        try (WeightSource weights = WeightSources.open(encoderPath)) {
            EncoderInfo info = pooling.describe(WhisperEncoder.describe(weights, mode, precision));
            try {
                trained.requireEncoder(EncoderIdentity.of(info.identityProperties()));
            } catch (IllegalArgumentException e) {
                throw new EncoderException(modelDir + " was trained on another encoder than " + encoderPath + ": "
                        + e.getMessage(), e);
            }
            WhisperConfig cfg = WhisperConfig.of(weights);
            HeadWeights head = HeadWeights.of(trained);

            GraphBuilder g = new GraphBuilder("layeranchor_emotion");
            String mel;
            String covered;
            if (input == Input.WAVEFORM) {
                String wave = g.input(WAVEFORM, 1L, "samples");
                mel = WhisperLogMelGraph.addLogMel(g, new MelFilterBank(cfg.melBins(), WhisperLogMel.N_FFT, WhisperLogMel.SAMPLE_RATE),
                        wave, mode);
                covered = WhisperLogMelGraph.addCoveredFrames(g, wave);
            } else {
                mel = g.input(MEL, 1L, (long) cfg.melBins(), "mel_frames");
                covered = g.int64Input(FRAMES, 1L);
            }
            List<String> hidden = WhisperGraph.addEncoder(g, cfg, weights, mel, precision);
            if (hidden.size() != d.featureLayers()) {
                throw new EncoderException(encoderPath + " has " + hidden.size() + " layers, the model expects " + d.featureLayers());
            }
            // Frames that cover the audio, as WhisperEncoder crops them: min(covered, F).
            String available = g.op("Slice", in(g.op("Shape", in(hidden.get(0))), g.longs("head.axis_1", 1), g.longs("head.two", 2)));
            String keep = g.op("Min", in(covered, available));
            String from = g.longs("head.zero", 0);
            if (pooling == org.layeranchor.features.Pooling.SPEECH) {
                // The speech span [from, to) comes from the caller's detector (the graph has none): the
                // model's features were pooled over it (Pooling.frames gives it in Java).
                String span = g.int64Input(SPEECH_FRAMES, 2L);
                from = g.op("Slice", in(span, g.longs("head.zero", 0), g.longs("head.one", 1)));
                keep = g.op("Min", in(keep, g.op("Slice", in(span, g.longs("head.one", 1), g.longs("head.two", 2)))));
            }

            // Each used layer: [mean ‖ std] over the covered frames, standardised with the model's statistics.
            String[] standardised = new String[head.usedLayers().length];
            for (int b = 0; b < head.usedLayers().length; b++) {
                String pooled = pooled(g, hidden.get(head.usedLayers()[b]), from, keep);                     // [1, 2d]
                standardised[b] = g.op("Div", in(g.op("Sub", in(pooled, g.floats("head.centre." + b, head.centre()[b],
                        head.inputDim()))), g.floats("head.scale." + b, head.scale()[b], head.inputDim())));
            }
            if (head.linear() != null) {
                addLinearHead(g, head, standardised);
            } else {
                addNetworkHead(g, head, standardised);
            }
            g.output(PROBABILITIES, 1L, (long) head.classes());

            ModelProto.Builder model = g.build(WhisperGraph.OPSET, "layeranchor").toBuilder()
                    .setDocString("LayerAnchor emotion model: " + (input == Input.WAVEFORM
                            ? "waveform [1, samples] float32, 16 kHz mono, at most 30 s"
                            : "mel [1, " + cfg.melBins() + ", frames] Whisper log-mel (" + mode.name().toLowerCase(Locale.ROOT)
                            + " padding) and frames int64 [1] = ceil(samples / 320)")
                            + (pooling == org.layeranchor.features.Pooling.SPEECH ? ", and " + SPEECH_FRAMES
                            + " int64 [2] = the first and the end (exclusive) frame of the speech, 50 frames/s "
                            + "(LayerAnchor's energy detector: Pooling.frames; [0, frames) pools every frame)" : "")
                            + " -> probabilities [1, " + head.classes() + "] in the order of metadata " + CLASSES_KEY);
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put(CLASSES_KEY, json(d.classes()));
            meta.put("layeranchor.encoder", json(info.identityProperties()));
            meta.put("layeranchor.mode", mode.name().toLowerCase(Locale.ROOT));
            meta.put("layeranchor.input", input.name().toLowerCase(Locale.ROOT));
            meta.put("layeranchor.pooling", pooling.label());
            meta.put("layeranchor.strategy", d.strategy().key());
            meta.put("layeranchor.used_layers", json(d.usedLayers()));
            meta.forEach((k, v) -> model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
            return new Exported(model.build(), input, mode, d.classes(), info);
        }
    }

    /** The mlp head: projection + ReLU per layer, weighted fusion, hidden layer + ReLU, output, softmax. */
    private static void addNetworkHead(GraphBuilder g, HeadWeights head, String[] standardised) {
        String fused = null;
        for (int b = 0; b < standardised.length; b++) {
            String z = g.op("Relu", in(g.op("Add", in(
                    g.op("MatMul", in(standardised[b], g.floats("head.projection." + b + ".weight", head.projectionWeights()[b],
                            head.inputDim(), head.projectionDim()))),
                    g.floats("head.projection." + b + ".bias", head.projectionBiases()[b], head.projectionDim())))));
            String weighted = g.op("Mul", in(z, g.floats("head.fusion." + b, new float[] {(float) head.fusionWeights()[b]})));
            fused = fused == null ? weighted : g.op("Add", in(fused, weighted));
        }
        String h = g.op("Relu", in(g.op("Add", in(g.op("MatMul", in(fused,
                g.floats("head.hidden.weight", head.hiddenWeight(), head.projectionDim(), head.hiddenDim()))),
                g.floats("head.hidden.bias", head.hiddenBias(), head.hiddenDim())))));
        String logits = g.op("Add", in(g.op("MatMul", in(h, g.floats("head.output.weight", head.outputWeight(),
                head.hiddenDim(), head.classes()))), g.floats("head.output.bias", head.outputBias(), head.classes())));
        g.opNamed("Softmax", PROBABILITIES, in(logits), attr("axis", -1L));
    }

    /** The linear head: per member, its layers' inputs concatenated, logistic regression, softmax; the mean of those. */
    private static void addLinearHead(GraphBuilder g, HeadWeights head, String[] standardised) {
        List<LinearMember> members = head.linear().members();
        String sum = null;
        for (int i = 0; i < members.size(); i++) {
            LinearMember m = members.get(i);
            String x;
            if (m.layers().length == 1) {
                x = standardised[branchOf(head, m.layers()[0])];
            } else {
                List<String> parts = new ArrayList<>();
                for (int l : m.layers()) {
                    parts.add(standardised[branchOf(head, l)]);
                }
                x = g.op("Concat", parts.toArray(new String[0]), attr("axis", 1L));
            }
            float[] w = new float[m.inputWidth() * m.classes()];
            for (int j = 0; j < m.inputWidth(); j++) {
                System.arraycopy(m.weights()[j], 0, w, j * m.classes(), m.classes());
            }
            String logits = g.op("Add", in(g.op("MatMul", in(x, g.floats("head.linear." + i + ".weight", w,
                    m.inputWidth(), m.classes()))), g.floats("head.linear." + i + ".bias", m.bias(), m.classes())));
            String p = g.op("Softmax", in(logits), attr("axis", -1L));
            sum = sum == null ? p : g.op("Add", in(sum, p));
        }
        g.opNamed("Mul", PROBABILITIES, in(sum, g.floats("head.linear.mean", new float[] {1f / members.size()})));
    }

    private static int branchOf(HeadWeights head, int layer) {
        for (int b = 0; b < head.usedLayers().length; b++) {
            if (head.usedLayers()[b] == layer) {
                return b;
            }
        }
        throw new IllegalArgumentException("layer " + layer + " is not among the model's used layers");
    }

    /**
     * [mean ‖ std] over frames [from, keep) of a [1, F, d] hidden state: the mean, then the
     * mean squared deviation from it (population variance, two passes as PooledStatistics does).
     */
    private static String pooled(GraphBuilder g, String hidden, String from, String keep) {
        String frames = g.op("Slice", in(hidden, from, keep, g.longs("head.axis_1", 1)));
        String mean = g.op("ReduceMean", in(frames, g.longs("head.axis_1", 1)), attr("keepdims", 1L));    // [1, 1, d]
        String deviation = g.op("Sub", in(frames, mean));
        String std = g.op("Sqrt", in(g.op("ReduceMean", in(g.op("Mul", in(deviation, deviation)),
                g.longs("head.axis_1", 1)), attr("keepdims", 0L))));                                      // [1, d]
        String meanRow = g.op("Squeeze", in(mean, g.longs("head.axis_1", 1)));                             // [1, d]
        return g.op("Concat", in(meanRow, std), attr("axis", 1L));
    }

    private static String json(Object o) {
        try {
            return PredictionJson.JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
