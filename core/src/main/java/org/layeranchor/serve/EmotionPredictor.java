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
import org.layeranchor.features.Pooling;
import org.layeranchor.segmentation.NeighbourSmoothing;
import org.layeranchor.segmentation.SampleRange;
import org.layeranchor.segmentation.TimelineSpan;
import org.layeranchor.segmentation.UtteranceSegmenter;
import org.layeranchor.segmentation.SpeechDetector;
import org.layeranchor.segmentation.SpeechDetectorKind;
import org.layeranchor.training.EncoderIdentity;
import org.layeranchor.training.TrainedModel;

/**
 * A trained model together with the encoder it was trained on: audio in, emotion out.
 *
 * <p>Each speech segment is treated as one utterance exactly as the feature store treats a corpus
 * file: encoded on its own, every layer pooled with {@link PooledStatistics#of} (mean and population
 * standard deviation over frames), then classified by {@link TrainedModel#predictProba}.
 *
 * <p>How a recording is cut: one up to {@link Options#segmentSeconds()} long (8 s by default, as long
 * as the longest training utterances) is one segment, whole, as a corpus file is. A longer one is cut
 * where the speech pauses by an {@link UtteranceSegmenter} (a voice-activity detector, energy-based unless
 * {@link Options#vad()} says otherwise; segments of 1 s to {@link Options#segmentSeconds()}, longer speech split at its quietest point); the
 * silence between segments is reported as silence and not predicted. The overall prediction and the
 * optional smoothing are described in {@link Prediction} and {@link Options#smoothNeighbours()}.
 *
 * <p>Thread-safe: encoders may run from several threads, and the model serialises its own
 * predictions (they take microseconds next to the encoder's milliseconds).
 */
public final class EmotionPredictor implements AutoCloseable {
    /**
     * The longest segment by default, and so the longest recording predicted whole: as long as the
     * longest training utterances (the corpora's are 1–8 s), well inside Whisper's 30-s window.
     */
    public static final double DEFAULT_SEGMENT_SECONDS = UtteranceSegmenter.Settings.DEFAULT_MAX_SECONDS;

    /**
     * @param segmentSeconds   the longest segment, at least {@link AudioLimits#MIN_PREDICT_SECONDS}; recordings up
     *                         to this long are one segment [8]
     * @param threads          ONNX Runtime threads per encoder call (0 = all cores) [0]
     * @param smoothNeighbours speech segments on each side whose probabilities are averaged into a
     *                         segment's ({@link NeighbourSmoothing}); 0 = none [0]
     * @param vad              the voice-activity detector that finds the pauses of longer recordings [energy]
     */
    public record Options(double segmentSeconds, int threads, int smoothNeighbours, SpeechDetectorKind vad) {
        public Options {
            // Shorter segments would be predicted mostly from the encoder's padding (AudioLimits.MIN_PREDICT_SECONDS).
            if (!(segmentSeconds >= AudioLimits.MIN_PREDICT_SECONDS) || !Double.isFinite(segmentSeconds)) {
                throw new IllegalArgumentException("the segment length must be a number of seconds of at least "
                        + AudioLimits.MIN_PREDICT_SECONDS + ", got " + segmentSeconds);
            }
            if (threads < 0) {
                throw new IllegalArgumentException("threads must be >= 0, got " + threads);
            }
            if (smoothNeighbours < 0) {
                throw new IllegalArgumentException("the number of segments to smooth over must be >= 0, got "
                        + smoothNeighbours);
            }
            if (vad == null) {
                throw new IllegalArgumentException("no voice-activity detector chosen");
            }
        }

        public static Options defaults() {
            return new Options(DEFAULT_SEGMENT_SECONDS, 0, 0, SpeechDetectorKind.ENERGY);
        }

        public Options withSegmentSeconds(double s) {
            return new Options(s, threads, smoothNeighbours, vad);
        }

        public Options withThreads(int t) {
            return new Options(segmentSeconds, t, smoothNeighbours, vad);
        }

        public Options withSmoothNeighbours(int n) {
            return new Options(segmentSeconds, threads, n, vad);
        }

        public Options withVad(SpeechDetectorKind kind) {
            return new Options(segmentSeconds, threads, smoothNeighbours, kind);
        }
    }

    private volatile TrainedModel model;
    /** Told the pooled features of every prediction's segments (serve's adaptation to recent audio), or null. */
    private volatile Consumer<org.layeranchor.training.UnlabelledFeatures> encodedListener;
    /** What the statistics in use were estimated from, for /v1/model; empty until adapted. */
    private volatile Map<String, Object> adaptation = Map.of();
    /** Speech of the speakers heard by {@link #hearSpeakers}, keyed by speaker id (null: none heard). */
    private volatile FeatureSet speakerEvidence;
    /** What the model is called where it is shown (the service's page and /v1/model): its folder, or "the default model". */
    private volatile String name = "";
    /** The service's running statistics per speaker id (null: none kept; see {@link #rememberSpeakers}). */
    private volatile SpeakerMemory speakerMemory;
    private final SpeechEncoder encoder;
    private final boolean ownsEncoder;
    private final Options options;
    private final SpeechDetector detector;
    private final UtteranceSegmenter segmenter;

    private EmotionPredictor(TrainedModel model, SpeechEncoder encoder, boolean ownsEncoder, Options options)
            throws EncoderException {
        this.model = model;
        this.encoder = encoder;
        this.ownsEncoder = ownsEncoder;
        this.options = options;
        try {
            this.detector = options.vad().open();
        } catch (IOException e) {
            throw new EncoderException(e.getMessage(), e);
        }
        this.segmenter = new UtteranceSegmenter(detector,
                UtteranceSegmenter.Settings.defaults().withMaxSegmentSeconds(options.segmentSeconds()));
    }

    /**
     * Loads the model folder and opens the encoder at {@code encoderPath} in the front-end mode the
     * model was trained with (its encoder identity's {@code mode}), then checks that the encoder is
     * the one the model expects.
     */
    public static EmotionPredictor open(Path modelDir, Path encoderPath, Options options) throws IOException, EncoderException {
        TrainedModel model = TrainedModel.load(modelDir);
        Encoders.Settings settings = new Encoders.Settings(modeOf(model.description().encoder()), options.threads())
                .withPrecision(precisionOf(model.description().encoder()));
        SpeechEncoder encoder = Encoders.open(encoderPath, settings);
        try {
            requireExpectedEncoder(model, encoder.info(), modelDir + " was trained on another encoder than " + encoderPath);
        } catch (EncoderException e) {
            encoder.close();
            throw e;
        }
        EmotionPredictor p;
        try {
            p = new EmotionPredictor(model, encoder, true, options);
        } catch (EncoderException e) {
            encoder.close();
            throw e;
        }
        p.name = modelDir.toString();
        return p;
    }

    /** What the model is called where it is shown ("" when nobody said). */
    public String name() {
        return name;
    }

    /** Names the model for the page and /v1/model, e.g. "the default model (models/default)". */
    public void name(String shownAs) {
        this.name = shownAs == null ? "" : shownAs;
    }

    /** Wraps an encoder the caller keeps ownership of (it is not closed by {@link #close()}). */
    public static EmotionPredictor of(TrainedModel model, SpeechEncoder encoder, Options options) throws EncoderException {
        requireExpectedEncoder(model, encoder.info(), "the model was trained on another encoder");
        return new EmotionPredictor(model, encoder, false, options);
    }

    private static void requireExpectedEncoder(TrainedModel model, EncoderInfo info, String context) throws EncoderException {
        try {
            // The encoder knows nothing of pooling: the features it makes for this model are pooled as the model's were.
            EncoderInfo features = poolingOf(model.description().encoder()).describe(info);
            model.requireEncoder(EncoderIdentity.of(features.identityProperties()));
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

    /** The pooling named in a model's encoder identity; every frame when it names none (as models before pooling do). */
    static Pooling poolingOf(EncoderIdentity identity) {
        try {
            return Pooling.of(identity.properties());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the model's encoder identity names an " + e.getMessage(), e);
        }
    }

    /** The precision named in a model's encoder identity; float32 when it names none (as float32 encoders do). */
    static org.layeranchor.encoder.whisper.Precision precisionOf(EncoderIdentity identity) {
        String p = identity.properties().get(WhisperEncoder.PRECISION_SETTING);
        if (p == null) {
            return org.layeranchor.encoder.whisper.Precision.FP32;
        }
        try {
            return org.layeranchor.encoder.whisper.Precision.parse(p);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the model's encoder identity names an unknown precision '" + p + "'", e);
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
     * same speech segments as prediction uses (silence left out), encoded and pooled; no label is involved. A file that cannot be
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
            encodeSpeech(f, means, stds, ids, skipped);
        }
        model = model.adaptedTo(new org.layeranchor.training.UnlabelledFeatures(ids, byLayer(means, layers),
                byLayer(stds, layers)));
        adaptation = Map.of("statistics_from", "unlabelled files", "files", unlabelledAudio.size(), "segments", ids.size());
        return ids.size();
    }

    /**
     * Reads {@code f}, cuts it into the speech segments prediction uses, and adds each segment's pooled
     * [mean, std] per layer; a file that cannot be read or encoded is reported to {@code skipped} and adds nothing.
     */
    private void encodeSpeech(Path f, List<float[][]> means, List<float[][]> stds, List<String> ids,
                              Consumer<String> skipped) {
        int layers = model.description().featureLayers();
        try {
            Audio audio = AudioReader.read(f);
            AudioLimits.requirePredictableLength(audio); // the same floor as predict: no statistics of padding
            for (SampleRange b : speechSegments(timeline(audio))) {
                Audio piece = new Audio(Arrays.copyOfRange(audio.samples(), b.start(), b.end()), audio.sampleRate(),
                        audio.source());
                HiddenStates hs = encoder.encode(piece);
                float[][][] pooled = pooling().pool(hs, piece);
                float[][] m = new float[layers][];
                float[][] s = new float[layers][];
                for (int l = 0; l < layers; l++) {
                    m[l] = pooled[l][0];
                    s[l] = pooled[l][1];
                }
                means.add(m);
                stds.add(s);
                ids.add(f + "#" + b.start());
            }
        } catch (AudioException | EncoderException | IllegalArgumentException | OutOfMemoryError | StackOverflowError e) {
            // One bad file of the domain costs that file only, as in predict (the JVM survives both
            // errors once the file's data is garbage): named once, skipped, the rest goes on.
            skipped.accept(FailureMessage.line(f.toString(), e));
        }
    }

    /**
     * For a model standardised per speaker ({@link TrainedModel#speakerStandardisation}): hears every
     * speaker's files first, so that each is then standardised with its own speaker's statistics
     * ({@link #predict(Path, String)}). Files are keyed by speaker id; unreadable ones are reported to
     * {@code skipped} and left out.
     *
     * @return the number of speech segments heard
     */
    public int hearSpeakers(Map<Path, String> speakerOf, Consumer<String> skipped) {
        if (model.speakerStandardisation() == null) {
            throw new IllegalArgumentException("this model standardises per domain, not per speaker: speaker ids would "
                    + "change nothing (train with 'standardisation: per-speaker' or 'auto')");
        }
        int layers = model.description().featureLayers();
        List<float[][]> means = new ArrayList<>();
        List<float[][]> stds = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<Utterance> rows = new ArrayList<>();
        for (Map.Entry<Path, String> e : speakerOf.entrySet()) {
            int before = ids.size();
            encodeSpeech(e.getKey(), means, stds, ids, skipped);
            for (int i = before; i < ids.size(); i++) {
                rows.add(new Utterance(SPEAKER_CORPUS, Path.of(""), ids.get(i), e.getValue(), "", "", "", "", Double.NaN,
                        Map.of(), 0));
            }
        }
        speakerEvidence = new FeatureSet(rows, byLayer(means, layers), byLayer(stds, layers));
        return ids.size();
    }

    /** Per-segment [layer][dim] rows regrouped as [layer][segment][dim], as feature sets hold them. */
    private static float[][][] byLayer(List<float[][]> perSegment, int layers) {
        float[][][] out = new float[layers][perSegment.size()][];
        for (int i = 0; i < perSegment.size(); i++) {
            for (int l = 0; l < layers; l++) {
                out[l][i] = perSegment.get(i)[l];
            }
        }
        return out;
    }

    /**
     * Keeps running statistics per speaker id from the audio predicted with that id (the service's
     * {@code ?speaker=}): each such prediction adds its speech to its speaker's statistics first, then is
     * standardised with them. Only for a model standardised per speaker; null stops it.
     */
    public void rememberSpeakers(SpeakerMemory memory) {
        if (memory != null && model.speakerStandardisation() == null) {
            throw new IllegalArgumentException("this model standardises per domain, not per speaker: it has no use for "
                    + "speaker statistics (train with 'standardisation: per-speaker' or 'auto')");
        }
        speakerMemory = memory;
    }

    /** The per-speaker running statistics kept (null: none). */
    public SpeakerMemory speakerMemory() {
        return speakerMemory;
    }

    /** The corpus name speaker evidence and the rows predicted with it share (speakers are keyed by corpus). */
    private static final String SPEAKER_CORPUS = "predict";

    /** Reads a file and predicts it with its speaker's statistics (heard by {@link #hearSpeakers}). */
    public Prediction predict(Path file, String speaker) throws AudioException, EncoderException {
        return predict(AudioReader.read(file), speaker);
    }

    /**
     * Re-estimates the model's statistics from features already pooled (see {@link #adaptTo(List, Consumer)};
     * null keeps them), and records what they came from ({@code describedAs}, shown by the service's /v1/model).
     */
    public void adaptTo(org.layeranchor.training.UnlabelledFeatures unlabelled, Map<String, Object> describedAs) {
        if (unlabelled != null) { // null: the statistics stay, only their description changes
            model = model.adaptedTo(unlabelled);
        }
        adaptation = Map.copyOf(describedAs);
    }

    /** What the statistics in use were estimated from (empty: the model's own). */
    public Map<String, Object> adaptation() {
        return adaptation;
    }

    /** Sets who is told each prediction's pooled segment features (null: nobody). */
    public void onEncoded(Consumer<org.layeranchor.training.UnlabelledFeatures> listener) {
        this.encodedListener = listener;
    }

    /** Reads a WAV, FLAC or MP3 file and predicts its emotion. */
    public Prediction predict(Path file) throws AudioException, EncoderException {
        return predict(AudioReader.read(file));
    }

    /**
     * Predicts the emotion of 16 kHz mono audio, segment by segment (see the class description for
     * how it is cut).
     *
     * @throws AudioTooShortException audio shorter than {@link AudioLimits#MIN_PREDICT_SECONDS}, which
     *                                would be judged on the encoder's padding (the service answers 400)
     */
    public Prediction predict(Audio audio) throws AudioTooShortException, EncoderException {
        return predict(audio, "");
    }

    /**
     * As {@link #predict(Audio)}, the speech standardised with the statistics of {@code speaker} heard by
     * {@link #hearSpeakers} (a per-speaker model; "" or an unheard speaker: the domain's statistics).
     */
    public Prediction predict(Audio audio, String speaker) throws AudioTooShortException, EncoderException {
        if (audio.sampleRate() != Audio.TARGET_RATE) {
            throw new EncoderException(audio.source() + ": expected " + Audio.TARGET_RATE + " Hz audio, got "
                    + audio.sampleRate() + " Hz (read it with AudioReader)");
        }
        AudioLimits.requirePredictableLength(audio);
        List<TimelineSpan> timeline = timeline(audio);
        List<SampleRange> speech = speechSegments(timeline);
        double[][] p = speech.isEmpty() ? new double[0][] : predictSpeech(audio, speech, speaker);
        double rate = audio.sampleRate();
        double[] durations = speech.stream().mapToDouble(r -> r.length() / rate).toArray();
        double[][] shown = NeighbourSmoothing.smooth(p, durations, options.smoothNeighbours());

        List<String> classes = model.classes();
        List<Prediction.Segment> segments = new ArrayList<>();
        int s = 0;
        for (TimelineSpan span : timeline) {
            double start = span.range().start() / rate;
            double end = span.range().end() / rate;
            if (span.speech()) {
                segments.add(new Prediction.Segment(start, end, classes.get(Prediction.argmax(shown[s])), shown[s]));
                s++;
            } else {
                segments.add(Prediction.Segment.silence(start, end));
            }
        }
        double[] overall = speechWeightedMean(p, durations, classes.size());
        String emotion = speech.isEmpty() ? Prediction.SILENCE : classes.get(Prediction.argmax(overall));
        return new Prediction(audio.source(), audio.durationSeconds(), classes, emotion, overall, segments);
    }

    /** The recording whole when it is at most one segment long, otherwise cut at its pauses. */
    List<TimelineSpan> timeline(Audio audio) {
        int n = audio.samples().length;
        if (audio.durationSeconds() <= options.segmentSeconds()) {
            return List.of(new TimelineSpan(new SampleRange(0, n), true));
        }
        return segmenter.segment(audio.samples(), audio.sampleRate());
    }

    private static List<SampleRange> speechSegments(List<TimelineSpan> timeline) {
        return timeline.stream().filter(TimelineSpan::speech).map(TimelineSpan::range).toList();
    }

    /** Class probabilities of each speech segment, each encoded and pooled as its own utterance. */
    private double[][] predictSpeech(Audio audio, List<SampleRange> speech, String speaker) throws EncoderException {
        int layers = model.description().featureLayers();
        float[][][] mean = new float[layers][speech.size()][];
        float[][][] std = new float[layers][speech.size()][];
        List<Utterance> rows = new ArrayList<>();
        for (int s = 0; s < speech.size(); s++) {
            SampleRange b = speech.get(s);
            Audio piece = new Audio(Arrays.copyOfRange(audio.samples(), b.start(), b.end()), audio.sampleRate(),
                    speech.size() == 1 ? audio.source() : audio.source() + " [segment " + (s + 1) + "]");
            HiddenStates hs = encoder.encode(piece);
            if (hs.layerCount() != layers) {
                throw new EncoderException(audio.source() + ": the encoder returned " + hs.layerCount()
                        + " layers, the model expects " + layers);
            }
            float[][][] pooled = pooling().pool(hs, piece);
            for (int l = 0; l < layers; l++) {
                mean[l][s] = pooled[l][0];
                std[l][s] = pooled[l][1];
            }
            rows.add(new Utterance(SPEAKER_CORPUS, Path.of(""), piece.source(), speaker, "", "", "", "",
                    piece.durationSeconds(), Map.of(), 0));
        }
        FeatureSet features = new FeatureSet(rows, mean, std);
        FeatureSet heard = speakerEvidence;
        SpeakerMemory memory = speakerMemory;
        if (memory != null && !speaker.isEmpty()) {
            // This request joins its speaker's statistics before it is predicted with them (SpeakerMemory).
            org.layeranchor.training.UnlabelledFeatures held = memory.add(speaker,
                    new org.layeranchor.training.UnlabelledFeatures(rows.stream().map(Utterance::path).toList(), mean, std));
            heard = speakerRows(held, speaker);
        }
        double[][] p = heard == null ? model.predictProba(features) : model.predictProba(features, heard);
        Consumer<org.layeranchor.training.UnlabelledFeatures> listener = encodedListener;
        if (listener != null) { // after predicting: this audio counts from the next request on
            listener.accept(new org.layeranchor.training.UnlabelledFeatures(
                    rows.stream().map(Utterance::path).toList(), mean, std));
        }
        return p;
    }

    /** Over which frames this model's features are pooled (its encoder identity says; checked when opened). */
    private Pooling pooling() {
        return poolingOf(model.description().encoder());
    }

    /** Segments of one speaker as speaker evidence: rows keyed as the rows predicted with them are. */
    private static FeatureSet speakerRows(org.layeranchor.training.UnlabelledFeatures held, String speaker) {
        List<Utterance> rows = new ArrayList<>(held.rows());
        for (String id : held.ids()) {
            rows.add(new Utterance(SPEAKER_CORPUS, Path.of(""), id, speaker, "", "", "", "", Double.NaN, Map.of(), 0));
        }
        return new FeatureSet(rows, held.mean(), held.std());
    }

    /** Σ_s (d_s / Σ d) · p_s; exactly p_0 for one segment; all 0 without speech. */
    static double[] speechWeightedMean(double[][] p, double[] durations, int classes) {
        if (p.length == 1) {
            return p[0].clone(); // exactly the segment's values, not a product with 1.0
        }
        double total = Arrays.stream(durations).sum();
        double[] overall = new double[classes];
        for (int s = 0; s < p.length; s++) {
            for (int c = 0; c < classes; c++) {
                overall[c] += durations[s] / total * p[s][c];
            }
        }
        return overall;
    }

    @Override
    public void close() {
        detector.close();
        if (ownsEncoder) {
            encoder.close();
        }
    }
}
