import ai.onnx.proto.OnnxMl.*;
import ai.onnxruntime.*;
import java.io.*;
import java.nio.*;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;
import org.layeranchor.audio.*;
import org.layeranchor.encoder.weights.*;
import org.layeranchor.encoder.whisper.*;
import org.layeranchor.features.Pooling;
/**
 * Features from inside Whisper's blocks for round16_ffn.py: the reference encoder graph (faithful mode) with each
 * block's feed-forward activations (GELU's output, 2,048 dimensions) added as graph outputs, pooled over the speech
 * frames exactly as the store pools the hidden states (Pooling.SPEECH), means only. Writes OUT.hidden.f32 (N x 7 x 512,
 * the hidden states pooled the same way, to check against the store), OUT.ffn.f32 (N x 6 x 2048) and OUT.csv (corpus,
 * path per row), little-endian float32, rows in the order of the store's index. Run with the product's jar:
 *   java -cp core/target/layeranchor.jar scripts/numpy-reference/FfnTaps.java ../shared/models/whisper-base STORE_KEY_DIR/index.csv OUT emodb emovo ravdess urdu
 */
public class FfnTaps {
    public static void main(String[] a) throws Exception {
        WhisperConfig cfg; byte[] graph; List<String> taps;
        try (WeightSource w = WeightSources.open(Path.of(a[0]))) {
            cfg = WhisperConfig.of(w);
            ModelProto m = WhisperGraph.build(cfg, w);
            List<String> gelus = m.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Gelu")).map(n -> n.getOutput(0)).toList();
            taps = gelus.subList(gelus.size() - cfg.blocks(), gelus.size()); // the first two are the convolutions'
            GraphProto.Builder g = m.getGraph().toBuilder();
            for (String t : taps) {
                g.addOutput(ValueInfoProto.newBuilder().setName(t).setType(TypeProto.newBuilder().setTensorType(
                        TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE))));
            }
            graph = m.toBuilder().setGraph(g).build().toByteArray();
        }
        List<String> lines = Files.readAllLines(Path.of(a[1]));
        List<String> h = Arrays.asList(lines.get(0).split(","));
        int corpus = h.indexOf("corpus"), dir = h.indexOf("corpus_dir"), path = h.indexOf("path");
        Set<String> keep = new HashSet<>(Arrays.asList(a).subList(3, a.length));
        List<String[]> rows = lines.subList(1, lines.size()).stream().map(l -> l.split(",", -1)).filter(f -> keep.contains(f[corpus])).toList();
        int n = rows.size(), layers = cfg.blocks() + 1, d = cfg.dModel(), ffn = cfg.ffnDim(), workers = 2;
        float[][] hidden = new float[n][], inner = new float[n][];
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setIntraOpNumThreads(1);
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession session = env.createSession(graph, so)) {
                ExecutorService pool = Executors.newFixedThreadPool(workers);
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    int row = i;
                    done.add(pool.submit(() -> {
                        String[] f = rows.get(row);
                        Audio audio = AudioReader.read(Path.of(f[dir]).resolve(f[path]));
                        float[] x = audio.samples(); int len = Math.min(x.length, WhisperLogMel.WINDOW_SAMPLES);
                        float[] window = Arrays.copyOf(Arrays.copyOf(x, len), WhisperLogMel.WINDOW_SAMPLES);
                        float[] mel = new WhisperLogMel(cfg.melBins()).compute(window);
                        int kept = WhisperEncoder.framesCovering(len);
                        int[] span = Pooling.SPEECH.frames(new Audio(Arrays.copyOf(x, len), audio.sampleRate(), f[path]), kept, 50.0);
                        try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(mel), new long[] {1, cfg.melBins(), mel.length / cfg.melBins()});
                             OrtSession.Result r = session.run(Map.of("mel", in))) {
                            float[] hs = new float[layers * d], fs = new float[cfg.blocks() * ffn];
                            for (int l = 0; l < layers; l++) meanInto(((OnnxTensor) r.get(WhisperGraph.outputName(l)).orElseThrow()).getFloatBuffer(), d, span, hs, l * d);
                            for (int b = 0; b < cfg.blocks(); b++) meanInto(((OnnxTensor) r.get(taps.get(b)).orElseThrow()).getFloatBuffer(), ffn, span, fs, b * ffn);
                            hidden[row] = hs; inner[row] = fs;
                        }
                        if (row % 200 == 0) System.err.println(row + " / " + n);
                        return null;
                    }));
                }
                for (Future<?> f : done) f.get();
                pool.shutdown();
            }
        }
        write(Path.of(a[2] + ".hidden.f32"), hidden); write(Path.of(a[2] + ".ffn.f32"), inner);
        try (PrintWriter w = new PrintWriter(a[2] + ".csv")) { w.println("corpus,path"); for (String[] f : rows) w.println(f[corpus] + "," + f[path]); }
        System.err.println("wrote " + n + " rows to " + a[2] + ".*");
    }

    /** Mean over frames [span[0], span[1]) of a [1][frames][dim] tensor into out[at .. at + dim). */
    static void meanInto(FloatBuffer t, int dim, int[] span, float[] out, int at) {
        double[] s = new double[dim];
        for (int fr = span[0]; fr < span[1]; fr++) for (int j = 0; j < dim; j++) s[j] += t.get(fr * dim + j);
        for (int j = 0; j < dim; j++) out[at + j] = (float) (s[j] / (span[1] - span[0]));
    }

    static void write(Path p, float[][] rows) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(rows.length * rows[0].length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] r : rows) for (float v : r) b.putFloat(v);
        Files.write(p, b.array());
    }
}
