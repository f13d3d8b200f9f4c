package org.layeranchor.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.layeranchor.audio.AudioReader;
import org.layeranchor.bench.BackgroundNoise;
import org.layeranchor.bench.ConcatenatedRecordings;
import org.layeranchor.bench.TimelineBenchmark;
import org.layeranchor.corpus.Corpus;
import org.layeranchor.corpus.SplitFile;
import org.layeranchor.corpus.Utterance;
import org.layeranchor.segmentation.SpeechDetector;
import org.layeranchor.segmentation.SpeechDetectorKind;
import org.layeranchor.segmentation.UtteranceSegmenter;
import org.layeranchor.serve.EmotionPredictor;
import org.layeranchor.training.TrainedModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code layeranchor timeline-benchmark}: segment-level against utterance-level UAR on joined held-out utterances. */
@Command(name = "timeline-benchmark", mixinStandardHelpOptions = true,
        description = {"Joins held-out utterances of a corpus (the 'test' half of its split file, those of the model's "
                + "classes) with pauses of 0.3-1.5 s of quiet noise into long recordings of known emotion per second, "
                + "predicts their timelines as 'predict' does, and reports the segment-level UAR (per second of speech) "
                + "next to the utterance-level UAR of the same utterances predicted one by one with the same model, "
                + "and the share of speech time labelled. First, and alone with --detection-only, the voice-activity "
                + "detector is scored frame by frame against the utterances. --snr lays noise over the whole recordings "
                + "to compare the detectors (--vad) in a noisier room."})
final class TimelineBenchmarkCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    TrainedModelOptions modelOptions;

    @Option(names = "--corpus", required = true, paramLabel = "DIR", description = "Corpus folder (manifest.csv).")
    Path corpusDir;

    @Option(names = "--split", paramLabel = "FILE",
            description = "Split file (default: splits/<corpus folder name>.adapt-test.csv).")
    Path splitFile;

    @Option(names = "--recordings", defaultValue = "4", description = "Long recordings to make (default: ${DEFAULT-VALUE}).")
    int recordings;

    @Option(names = "--max-utterances", defaultValue = "0",
            description = "Use at most this many utterances, a random choice (default: ${DEFAULT-VALUE} = all).")
    int maxUtterances;

    @Option(names = "--seed", defaultValue = "0", description = "Order, pauses and choice (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--segment", defaultValue = "8", paramLabel = "SECONDS", description = "As in predict (default: ${DEFAULT-VALUE}).")
    double segmentSeconds;

    @Option(names = "--smooth", defaultValue = "0", paramLabel = "N", description = "As in predict (default: ${DEFAULT-VALUE}).")
    int smoothNeighbours;

    @Option(names = "--threads", defaultValue = "0", description = "ONNX Runtime threads (0 = all cores).")
    int threads;

    @Option(names = "--vad", defaultValue = "energy", paramLabel = "energy|silero", converter = VadConverter.class,
            description = "Voice-activity detector that finds the pauses, as in predict (default: ${DEFAULT-VALUE}).")
    SpeechDetectorKind vad;

    @Option(names = "--pause-noise-dbfs", defaultValue = "-60", paramLabel = "DB",
            description = "Level (RMS, dBFS) of the Gaussian noise in the pauses between utterances (default: ${DEFAULT-VALUE}).")
    double pauseNoiseDb;

    @Option(names = "--snr", paramLabel = "DB",
            description = "Also lay noise over each whole recording, this many dB below the mean power of its "
                    + "utterances (default: none).")
    Double snrDb;

    @Option(names = "--noise", defaultValue = "white", paramLabel = "white|pink",
            description = "Spectrum of the --snr noise (default: ${DEFAULT-VALUE}).")
    String noiseColour;

    @Option(names = "--detection-only",
            description = "Measure only the voice-activity detector (frame-level precision and recall against the "
                    + "utterances, its time, the segments cut): no encoder, no predictions.")
    boolean detectionOnly;

    @Option(names = "--timeline-only",
            description = "Predict the recordings' timelines but not each utterance alone (half the encoder time; "
                    + "the utterance-level UAR does not depend on --vad, so one run per condition is enough).")
    boolean timelineOnly;

    @Override
    public Integer call() throws Exception {
        BackgroundNoise.Colour colour = parse(() -> BackgroundNoise.Colour.parse(noiseColour));
        EmotionPredictor.Options options = EmotionPredictor.Options.defaults().withSegmentSeconds(segmentSeconds)
                .withThreads(threads).withSmoothNeighbours(smoothNeighbours).withVad(vad);
        Path split = splitFile != null ? splitFile
                : Path.of("splits", corpusDir.toAbsolutePath().normalize().getFileName() + ".adapt-test.csv");
        Corpus corpus = Corpus.load(corpusDir);
        Map<String, List<Utterance>> parts = SplitFile.apply(split, corpus);
        List<Utterance> test = parts.getOrDefault("test", List.of());
        if (test.isEmpty()) {
            spec.commandLine().getErr().println("error: " + split + " lists no 'test' utterances");
            return LayerAnchorCli.EXIT_FAILURE;
        }
        Path modelDir = modelOptions.model(spec.commandLine());
        List<String> classes = TrainedModel.load(modelDir).classes();
        List<ConcatenatedRecordings.Recording> made = recordings(test, classes, split, colour);
        try (SpeechDetector detector = vad.open()) {
            TimelineBenchmark.Detection d = TimelineBenchmark.detect(detector, vad.cliName(),
                    UtteranceSegmenter.Settings.defaults().withMaxSegmentSeconds(segmentSeconds), made);
            spec.commandLine().getOut().print(d.toText());
            spec.commandLine().getOut().flush();
        }
        if (detectionOnly) {
            return LayerAnchorCli.EXIT_OK;
        }
        try (EmotionPredictor predictor = EmotionPredictor.open(modelDir, modelOptions.encoder(spec.commandLine()), options)) {
            TimelineBenchmark.Result r = TimelineBenchmark.run(predictor, made, !timelineOnly, line -> spec.commandLine().getErr().println(line));
            spec.commandLine().getOut().print(r.toText());
            spec.commandLine().getOut().flush();
        }
        return LayerAnchorCli.EXIT_OK;
    }

    /** The test utterances of the model's classes (a random choice of them if asked), joined, with noise if asked. */
    private List<ConcatenatedRecordings.Recording> recordings(List<Utterance> test, List<String> classes, Path split,
                                                              BackgroundNoise.Colour colour) throws Exception {
        List<Utterance> usable = new ArrayList<>(test.stream().filter(u -> classes.contains(u.emotion())).toList());
        if (maxUtterances > 0 && usable.size() > maxUtterances) {
            Collections.shuffle(usable, new Random(seed));
            usable = usable.subList(0, maxUtterances);
        }
        List<ConcatenatedRecordings.Clip> clips = new ArrayList<>();
        for (Utterance u : usable) {
            clips.add(new ConcatenatedRecordings.Clip(AudioReader.read(u.audioFile()), u.emotion()));
        }
        spec.commandLine().getErr().printf("%s: %d test utterances of the classes %s (of %d in the test half)%n",
                split, clips.size(), classes, test.size());
        List<ConcatenatedRecordings.Recording> made = parse(() ->
                ConcatenatedRecordings.build(clips, recordings, 0.3, 1.5, pauseNoiseDb, seed));
        String condition = String.format(Locale.ROOT, "pauses of %.0f dBFS noise", pauseNoiseDb);
        if (snrDb != null) {
            List<ConcatenatedRecordings.Recording> noisy = new ArrayList<>();
            for (int i = 0; i < made.size(); i++) {
                ConcatenatedRecordings.Recording r = made.get(i);
                noisy.add(parse(() -> BackgroundNoise.add(r, snrDb, colour, seed * 1000 + noisy.size())));
            }
            made = noisy;
            condition += String.format(Locale.ROOT, ", %s noise over everything at %.1f dB SNR", colour.cliName(), snrDb);
        }
        spec.commandLine().getOut().println("condition: " + condition);
        return made;
    }

    /** Runs a parse or build step, turning its IllegalArgumentException into picocli's one-line usage error. */
    private <T> T parse(java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
