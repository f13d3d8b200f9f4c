package org.layeranchor.serve;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.layeranchor.audio.Audio;
import org.layeranchor.audio.AudioException;
import org.layeranchor.audio.AudioLimits;
import org.layeranchor.audio.AudioReader;
import org.layeranchor.audio.AudioTooShortException;
import org.layeranchor.audio.FailureMessage;
import org.layeranchor.corpus.Utterance;
import org.layeranchor.encoder.EncoderException;
import org.layeranchor.encoder.EncoderInfo;
import org.layeranchor.encoder.Encoders;
import org.layeranchor.encoder.HiddenStates;
import org.layeranchor.encoder.SpeechEncoder;
import org.layeranchor.encoder.whisper.WhisperEncoder;
import org.layeranchor.features.FeatureSet;
import org.layeranchor.features.PooledStatistics;
import org.layeranchor.training.EncoderIdentity;
import org.layeranchor.training.TrainedModel;

/**
 * A trained model together with the encoder it was trained on: audio in, emotion out.
 *
 * <p>Each segment is treated as one utterance exactly as the feature store treats a corpus file:
 * encoded on its own, every layer pooled with {@link PooledStatistics#of} (mean and population
 * standard deviation over frames), then classified by {@link TrainedModel#predictProba}. Segments
 * are consecutive pieces of {@link Options#segmentSeconds()} (30 s by default, Whisper's window, so
 * that a clip as long as the training utterances is one segment); a last piece shorter than
 * {@link #MIN_TAIL_SECONDS} joins the one before it rather than being judged on its own. The overall
 * prediction is described in {@link Prediction}.
 *
 * <p>Thread-safe: encoders may run from several threads, and the model serialises its own
 * predictions (they take microseconds next to the encoder's milliseconds).
 */
public final class EmotionPredictor implements AutoCloseable {
    /** Whisper's window: audio up to this long is one segment unless a shorter segment is asked for. */
    public static final double DEFAULT_SEGMENT_SECONDS = 30.0;
    /** A final piece shorter than this is merged into the previous segment. */
    public static final double MIN_TAIL_SECONDS = 1.0;

    /**
     * @param segmentSeconds length of a segment, &gt; 0 [30]
     * @param threads        ONNX Runtime threads per encoder call (0 = all cores) [0]
     */
    public record Options(double segmentSeconds, int threads) {
        public Options {
            if (!(segmentSeconds > 0) || !Double.isFinite(segmentSeconds)) {
                throw new IllegalArgumentException("the segment length must be a positive number of seconds, got "
                        + segmentSeconds);
            }
            if (threads < 0) {
                throw new IllegalArgumentException("threads must be >= 0, got " + threads);
            }
        }

        public static Options defaults() {
            return new Options(DEFAULT_SEGMENT_SECONDS, 0);
        }

        public Options withSegmentSeconds(double s) {
            return new Options(s, threads);
        }

        public Options withThreads(int t) {
            return new Options(segmentSeconds, t);
        }
    }

    private volatile TrainedModel model;
    private final SpeechEncoder encoder;
    private final boolean ownsEncoder;
    private final Options options;

    private EmotionPredictor(TrainedModel model, SpeechEncoder encoder, boolean ownsEncoder, Options options) {
        this.model = model;
        this.encoder = encoder;
        this.ownsEncoder = ownsEncoder;
        this.options = options;
    }

    /**
     * Loads the model folder and opens the encoder at {@code encoderPath} in the front-end mode the
     * model was trained with (its encoder identity's {@code mode}), then checks that the encoder is
     * the one the model expects.
     */
    public static EmotionPredictor open(Path modelDir, Path encoderPath, Options options) throws IOException, EncoderException {
        TrainedModel model = TrainedModel.load(modelDir);
        Encoders.Settings settings = new Encoders.Settings(modeOf(model.description().encoder()), options.threads());
        SpeechEncoder encoder = Encoders.open(encoderPath, settings);
        try {
            requireExpectedEncoder(model, encoder.info(), modelDir + " was trained on another encoder than " + encoderPath);
        } catch (EncoderException e) {
            encoder.close();
            throw e;
        }
        return new EmotionPredictor(model, encoder, true, options);
    }

    /** Wraps an encoder the caller keeps ownership of (it is not closed by {@link #close()}). */
    public static EmotionPredictor of(TrainedModel model, SpeechEncoder encoder, Options options) throws EncoderException {
        requireExpectedEncoder(model, encoder.info(), "the model was trained on another encoder");
        return new EmotionPredictor(model, encoder, false, options);
    }

    private static void requireExpectedEncoder(TrainedModel model, EncoderInfo info, String context) throws EncoderException {
        try {
            model.requireEncoder(EncoderIdentity.of(info.identityProperties()));
        } catch (IllegalArgumentException e) {
            throw new EncoderException(context + ": " + e.getMessage(), e);
        }
    }

    /** The Whisper front-end mode named in a model's encoder identity; faithful when it names none. */
    static WhisperEncoder.Mode modeOf(EncoderIdentity identity) {
        String mode = identity.properties().get("mode");
        if (mode == null) {
            return WhisperEncoder.Mode.FAITHFUL;
        }
        try {
            return WhisperEncoder.Mode.valueOf(mode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the model's encoder identity names an unknown mode '" + mode + "'", e);
        }
    }

    public TrainedModel model() {
        return model;
    }

    public EncoderInfo encoderInfo() {
        return encoder.info();
    }

    public Options options() {
        return options;
    }

    public List<String> classes() {
        return model.classes();
    }

    /**
     * Re-estimates the model's target statistics from unlabelled audio of the domain to be predicted
     * (per-domain standardisation, {@link TrainedModel#adaptedTo}): every file is read, cut into the
     * same segments as prediction uses, encoded and pooled; no label is involved. A file that cannot be
     * read or encoded is reported to {@code skipped} (naming it) and left out; the others still count.
     *
     * @return the number of segments the statistics were estimated from
     */
    public int adaptTo(List<Path> unlabelledAudio, Consumer<String> skipped) throws EncoderException {
        int layers = model.description().featureLayers();
        List<float[][]> means = new ArrayList<>();
        List<float[][]> stds = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Path f : unlabelledAudio) {
            try {
                Audio audio = AudioReader.read(f);
                AudioLimits.requirePredictableLength(audio); // the same floor as predict: no statistics of padding
                for (int[] b : segmentBounds(audio.samples().length, audio.sampleRate(), options.segmentSeconds())) {
                    HiddenStates hs = encoder.encode(new Audio(Arrays.copyOfRange(audio.samples(), b[0], b[1]),
                            audio.sampleRate(), audio.source()));
                    float[][] m = new float[layers][];
                    float[][] s = new float[layers][];
                    for (int l = 0; l < layers; l++) {
                        float[][] pooled = PooledStatistics.of(hs.layers()[l]);
                        m[l] = pooled[0];
                        s[l] = pooled[1];
                    }
                    means.add(m);
                    stds.add(s);
                    ids.add(f + "#" + b[0]);
                }
            } catch (AudioException | EncoderException | IllegalArgumentException | OutOfMemoryError | StackOverflowError e) {
                // One bad file of the domain costs that file only, as in predict (the JVM survives both
                // errors once the file's data is garbage): named once, skipped, the rest goes on.
                skipped.accept(FailureMessage.line(f.toString(), e));
            }
        }
        float[][][] mean = new float[layers][ids.size()][];
        float[][][] std = new float[layers][ids.size()][];
        for (int i = 0; i < ids.size(); i++) {
            for (int l = 0; l < layers; l++) {
                mean[l][i] = means.get(i)[l];
                std[l][i] = stds.get(i)[l];
            }
        }
        model = model.adaptedTo(new org.layeranchor.training.UnlabelledFeatures(ids, mean, std));
        return ids.size();
    }

    /** Reads a WAV, FLAC or MP3 file and predicts its emotion. */
    public Prediction predict(Path file) throws AudioException, EncoderException {
        return predict(AudioReader.read(file));
    }

    /**
     * Predicts the emotion of 16 kHz mono audio, segment by segment.
     *
     * @throws AudioTooShortException audio shorter than {@link AudioLimits#MIN_PREDICT_SECONDS}, which
     *                                would be judged on the encoder's padding (the service answers 400)
     */
    public Prediction predict(Audio audio) throws AudioTooShortException, EncoderException {
        if (audio.sampleRate() != Audio.TARGET_RATE) {
            throw new EncoderException(audio.source() + ": expected " + Audio.TARGET_RATE + " Hz audio, got "
                    + audio.sampleRate() + " Hz (read it with AudioReader)");
        }
        AudioLimits.requirePredictableLength(audio);
        List<int[]> bounds = segmentBounds(audio.samples().length, audio.sampleRate(), options.segmentSeconds());
        int layers = model.description().featureLayers();
        float[][][] mean = new float[layers][bounds.size()][];
        float[][][] std = new float[layers][bounds.size()][];
        List<Utterance> rows = new ArrayList<>();
        for (int s = 0; s < bounds.size(); s++) {
            int[] b = bounds.get(s);
            Audio piece = new Audio(Arrays.copyOfRange(audio.samples(), b[0], b[1]), audio.sampleRate(),
                    bounds.size() == 1 ? audio.source() : audio.source() + " [segment " + (s + 1) + "]");
            HiddenStates hs = encoder.encode(piece);
            if (hs.layerCount() != layers) {
                throw new EncoderException(audio.source() + ": the encoder returned " + hs.layerCount()
                        + " layers, the model expects " + layers);
            }
            for (int l = 0; l < layers; l++) {
                float[][] pooled = PooledStatistics.of(hs.layers()[l]);
                mean[l][s] = pooled[0];
                std[l][s] = pooled[1];
            }
            rows.add(new Utterance("predict", Path.of(""), piece.source(), "", "", "", "", "",
                    piece.durationSeconds(), Map.of(), 0));
        }
        double[][] p = model.predictProba(new FeatureSet(rows, mean, std));

        List<String> classes = model.classes();
        double total = audio.samples().length;
        double[] overall = new double[classes.size()];
        List<Prediction.Segment> segments = new ArrayList<>();
        for (int s = 0; s < bounds.size(); s++) {
            int[] b = bounds.get(s);
            double weight = (b[1] - b[0]) / total;
            for (int c = 0; c < overall.length; c++) {
                overall[c] += weight * p[s][c];
            }
            segments.add(new Prediction.Segment(b[0] / (double) audio.sampleRate(), b[1] / (double) audio.sampleRate(),
                    classes.get(Prediction.argmax(p[s])), p[s]));
        }
        if (bounds.size() == 1) {
            overall = p[0].clone(); // exactly the segment's values, not a product with 1.0
        }
        return new Prediction(audio.source(), audio.durationSeconds(), classes, classes.get(Prediction.argmax(overall)),
                overall, segments);
    }

    /**
     * Consecutive [start, end) sample ranges of {@code segmentSeconds}, covering all {@code samples};
     * a last range shorter than {@link #MIN_TAIL_SECONDS} is merged into the one before it.
     */
    static List<int[]> segmentBounds(int samples, int rate, double segmentSeconds) {
        if (samples <= 0) {
            throw new IllegalArgumentException("no samples to segment");
        }
        long length = Math.max(1, Math.round(segmentSeconds * rate));
        long minTail = Math.round(MIN_TAIL_SECONDS * rate);
        List<int[]> out = new ArrayList<>();
        for (long start = 0; start < samples; start += length) {
            int end = (int) Math.min(samples, start + length);
            boolean shortRemainder = end == samples && end - start < Math.min(minTail, length);
            if (!out.isEmpty() && shortRemainder) {
                out.get(out.size() - 1)[1] = end;
            } else {
                out.add(new int[] {(int) start, end});
            }
        }
        return out;
    }

    @Override
    public void close() {
        if (ownsEncoder) {
            encoder.close();
        }
    }
}
