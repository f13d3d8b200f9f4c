package org.layeranchor.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.layeranchor.audio.AudioLimits;
import org.layeranchor.audio.AudioReader;
import org.layeranchor.audio.FailureMessage;
import org.layeranchor.io.CsvWriter;
import org.layeranchor.io.PrintableJsonEscapes;
import org.layeranchor.io.PrintableText;
import org.layeranchor.report.TimelinePlot;
import org.layeranchor.segmentation.SpeechDetectorKind;
import org.layeranchor.serve.AudioFiles;
import org.layeranchor.serve.EmotionPredictor;
import org.layeranchor.serve.Prediction;
import org.layeranchor.serve.PredictionJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code layeranchor predict}: the emotion of audio files, with a trained model. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Predict the emotion of audio files (WAV, FLAC, MP3) with a trained model: per file the emotion, "
                + "the class probabilities and the duration. Folders are searched for .wav, .flac and .mp3 files.",
                "Recordings up to the segment length (--segment, 8 s) are predicted whole. Longer ones are cut where the "
                        + "speech pauses (energy-based voice-activity detection) into segments of 1 s to --segment seconds: "
                        + "a timeline of speech segments, each with its emotion, start and end, and silence, reported as "
                        + "'silence'. The overall prediction is the speech-duration-weighted mean of the speech segments.",
                "A file that cannot be read or predicted (whatever the reason, running out of memory included) is "
                        + "reported in one line on stderr and in the output (error field / ERROR row); the others are still "
                        + "predicted, and the exit code is 1. Audio under 0.1 s is refused rather than predicted from padding."})
final class PredictCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    TrainedModelOptions modelOptions;

    @Parameters(arity = "1..*", paramLabel = "FILE_OR_DIR", description = "Audio files or folders of audio files.")
    List<Path> inputs;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
            description = "table, csv or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--segment", defaultValue = "8", paramLabel = "SECONDS",
            description = "Longest segment in seconds, 0.1 to 86400 (default: ${DEFAULT-VALUE}, the longest training "
                    + "utterances); longer recordings are cut where the speech pauses.")
    double segmentSeconds;

    @Option(names = "--smooth", defaultValue = "0", paramLabel = "N",
            description = "Average each segment's probabilities with N speech segments on each side, weighted by "
                    + "duration (default: ${DEFAULT-VALUE}, none); the overall prediction is not smoothed.")
    int smoothNeighbours;

    @Option(names = "--vad", defaultValue = "energy", paramLabel = "energy|silero", converter = VadConverter.class,
            description = "Voice-activity detector that finds the pauses of recordings longer than --segment: energy "
                    + "(short-time energy, no model) or silero (the Silero VAD v5 network shipped in the jar; holds up "
                    + "better in steady noise, see docs/BENCHMARK.md) (default: ${DEFAULT-VALUE}).")
    SpeechDetectorKind vad;

    @Option(names = "--plot", paramLabel = "FILE.png",
            description = "Draw the timeline (probabilities over time, a band of emotions, grey for silence) as a PNG; "
                    + "with several recordings, one PNG each, named FILE-<recording>.png.")
    Path plot;

    @Option(names = "--threads", defaultValue = "0", description = "ONNX Runtime threads (0 = all cores).")
    int threads;

    @Option(names = "--max-seconds", defaultValue = "3600", paramLabel = "SECONDS",
            description = "Longest audio decoded per file, 0.1 to 86400 (default: ${DEFAULT-VALUE}); longer files are refused, "
                    + "however short their header says they are.")
    double maxSeconds;

    @Option(names = "--adapt-on", paramLabel = "DIR",
            description = AdaptOn.DESCRIPTION)
    List<Path> adaptOn;

    @Option(names = "--batch-min-files", defaultValue = "" + BatchAdaptation.MIN_FILES, paramLabel = "N",
            description = "Without --adapt-on, a batch of at least N files adapts the model to itself first: its "
                    + "statistics are re-estimated from those files, unlabelled (default: ${DEFAULT-VALUE}).")
    int batchMinFiles;

    @Option(names = "--no-batch-adapt", description = "Predict with the model's own statistics however many files there are.")
    boolean noBatchAdapt;

    @Option(names = "--speaker-pattern", paramLabel = "REGEX",
            description = "For a model standardised per speaker: the speaker id of each file, found in its file name "
                    + "by REGEX (its first group, else the whole match; e.g. '^(\\d\\d)' for EmoDB). Every speaker's files "
                    + "are heard first, then each is predicted with its speaker's statistics.")
    String speakerPattern;

    @Option(names = "--speakers", paramLabel = "FILE.csv",
            description = "For a model standardised per speaker: the speaker id of each file from a CSV with the header "
                    + "'file,speaker' (paths relative to the CSV's folder, or absolute); instead of --speaker-pattern. "
                    + "Files without a row are predicted with the domain's statistics.")
    Path speakersCsv;

    @Override
    public Integer call() throws Exception {
        Output output = switch (format.toLowerCase(Locale.ROOT)) {
            case "table" -> new TableOutput();
            case "csv" -> new CsvOutput();
            case "json" -> new JsonOutput();
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "unknown --format '" + format + "' (use table, csv or json)");
        };
        CommandLine cmd = spec.commandLine();
        EmotionPredictor.Options options;
        try {
            options = EmotionPredictor.Options.defaults().withSegmentSeconds(OptionRanges.seconds(cmd, "--segment",
                    segmentSeconds, OptionRanges.MIN_AUDIO_SECONDS, OptionRanges.MAX_SECONDS)).withThreads(threads);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, e.getMessage());
        }
        try {
            options = options.withSmoothNeighbours(smoothNeighbours);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, "--smooth: " + e.getMessage());
        }
        options = options.withVad(vad);
        if (plot != null && !plot.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw new CommandLine.ParameterException(cmd, "--plot: the file name must end in .png, got " + plot);
        }
        AudioLimits limits = AudioLimits.ofSeconds(OptionRanges.seconds(cmd, "--max-seconds", maxSeconds,
                OptionRanges.MIN_AUDIO_SECONDS, OptionRanges.MAX_SECONDS));
        if (speakerPattern != null && speakersCsv != null) {
            throw new CommandLine.ParameterException(cmd, "--speakers and --speaker-pattern both say who speaks in each "
                    + "file: give one of them");
        }
        Path encoder = modelOptions.encoder(spec.commandLine());
        List<Path> files = AudioFiles.expand(inputs);
        if (files.isEmpty()) {
            spec.commandLine().getErr().println("error: no audio files (.wav, .flac, .mp3) in "
                    + PrintableText.escape(inputs.toString()));
            return LayerAnchorCli.EXIT_FAILURE;
        }
        // The speakers are checked before the model is opened: a bad line fails at once.
        Map<Path, String> speakerOf = speakerOf(files, spec.commandLine().getErr());
        PrintWriter out = spec.commandLine().getOut();
        int failed = 0;
        try (EmotionPredictor predictor = EmotionPredictor.open(modelOptions.model(spec.commandLine()), encoder, options)) {
            if (!AdaptOn.apply(predictor, adaptOn, spec.commandLine().getErr())) {
                return LayerAnchorCli.EXIT_FAILURE;
            }
            if ((adaptOn == null || adaptOn.isEmpty()) && !noBatchAdapt
                    && !BatchAdaptation.apply(predictor, files, batchMinFiles, spec.commandLine().getErr())) {
                return LayerAnchorCli.EXIT_FAILURE;
            }
            PrintWriter err = spec.commandLine().getErr();
            if (speakerOf != null) {
                int segments = predictor.hearSpeakers(speakerOf, line -> err.println("note: speaker statistics leave out "
                        + PrintableText.escape(line)));
                err.printf("speakers: %d, heard from %d speech segments of %d files%n",
                        new java.util.HashSet<>(speakerOf.values()).size(), segments, speakerOf.size());
            } else {
                speakerOf = Map.of();
            }
            output.begin(out, predictor.classes());
            try {
                for (Path f : files) {
                    try {
                        Prediction p = predictor.predict(AudioReader.read(f, limits), speakerOf.getOrDefault(f, ""));
                        output.prediction(out, f.toString(), p);
                        if (plot != null) {
                            TimelinePlot.save(p, f.getFileName().toString(), plotFile(plot, f, files.size()));
                        }
                    } catch (Exception | OutOfMemoryError | StackOverflowError e) {
                        // One file's failure, whatever it is, is one line; the next file is still predicted.
                        failed++;
                        String line = FailureMessage.line(f.toString(), e);
                        err.println("error: " + PrintableText.escape(line));
                        FailureMessage.debugTrace(e, err);
                        output.failure(out, f.toString(), line);
                    }
                    out.flush();
                    err.flush();
                }
            } finally {
                output.end(out); // a JSON array stays closed even if something unexpected stops the run
            }
        }
        out.flush();
        return failed == 0 ? LayerAnchorCli.EXIT_OK : LayerAnchorCli.EXIT_FAILURE;
    }

    /**
     * Each file's speaker from --speaker-pattern or --speakers, or null when neither is given. Files the
     * CSV has no row for are said once: they are predicted with the domain's statistics.
     */
    private Map<Path, String> speakerOf(List<Path> files, PrintWriter err) throws java.io.IOException {
        if (speakerPattern != null) {
            return SpeakerIds.fromFileNames(files, speakerPattern);
        }
        if (speakersCsv == null) {
            return null;
        }
        SpeakerTable.Assignment a = SpeakerTable.read(speakersCsv, files);
        if (!a.unlisted().isEmpty()) {
            err.println("note: " + a.unlisted().size() + " of " + files.size() + " file(s) have no row in "
                    + PrintableText.escape(speakersCsv.toString()) + " (the first: "
                    + PrintableText.escape(a.unlisted().get(0).toString()) + "); they are predicted with the domain's "
                    + "statistics");
        }
        return a.speakerOf();
    }

    /** The --plot file itself for one recording; FILE-<recording>.png for each of several. */
    static Path plotFile(Path plot, Path recording, int recordings) {
        if (recordings == 1) {
            return plot;
        }
        String name = plot.getFileName().toString();
        String stem = name.substring(0, name.length() - ".png".length());
        String audio = recording.getFileName().toString();
        int dot = audio.lastIndexOf('.');
        return plot.resolveSibling(stem + "-" + (dot > 0 ? audio.substring(0, dot) : audio) + ".png");
    }

    /** Writes predictions as they come, so a long folder shows progress. */
    private interface Output {
        void begin(PrintWriter out, List<String> classes);

        void prediction(PrintWriter out, String file, Prediction p);

        void failure(PrintWriter out, String file, String error);

        void end(PrintWriter out);
    }

    /** Aligned columns; segments as indented rows under their file. Names are printed escaped ({@link PrintableText}). */
    private static final class TableOutput implements Output {
        private List<String> classes;
        private int probabilityWidth;

        @Override
        public void begin(PrintWriter out, List<String> classes) {
            this.classes = classes;
            this.probabilityWidth = Math.max(6, classes.stream().mapToInt(String::length).max().orElse(0));
            StringBuilder h = new StringBuilder(String.format("%-12s %10s", "emotion", "duration"));
            for (String c : classes) {
                h.append(' ').append(String.format("%" + probabilityWidth + "s", c));
            }
            out.println(h.append("  file"));
        }

        private String row(String emotion, String duration, double[] p, String where) {
            StringBuilder r = new StringBuilder(String.format("%-12s %10s", emotion, duration));
            for (int c = 0; c < classes.size(); c++) {
                r.append(' ').append(p.length == 0 ? " ".repeat(probabilityWidth) // silence: no probabilities
                        : String.format(Locale.ROOT, "%" + probabilityWidth + ".3f", p[c]));
            }
            return r.append("  ").append(where).toString();
        }

        @Override
        public void prediction(PrintWriter out, String file, Prediction p) {
            out.println(row(p.emotion(), String.format(Locale.ROOT, "%.2f s", p.durationSeconds()), p.probabilities(),
                    PrintableText.escape(file)));
            if (p.segments().size() > 1) {
                for (Prediction.Segment s : p.segments()) {
                    out.println(row("  " + s.emotion(), String.format(Locale.ROOT, "%.2f s", s.durationSeconds()),
                            s.probabilities(), String.format(Locale.ROOT, "  %.2f-%.2f s", s.startSeconds(), s.endSeconds())));
                }
            }
        }

        @Override
        public void failure(PrintWriter out, String file, String error) {
            out.println(String.format("%-12s %10s", "ERROR", "") + "  " + PrintableText.escape(error)); // it names the file
        }

        @Override
        public void end(PrintWriter out) {
        }
    }

    /**
     * One row per file (segment "all", the overall prediction) and, for files with several segments,
     * one row per segment of the timeline numbered from 1, silence included (emotion {@code silence},
     * probabilities empty); a file that failed has emotion {@code ERROR} and its error filled in.
     * Names and errors are escaped ({@link PrintableText}): a quoted line break is valid CSV, but not
     * every reader of the file (or a terminal it is shown on) takes it as one.
     */
    private static final class CsvOutput implements Output {
        private List<String> classes;

        @Override
        public void begin(PrintWriter out, List<String> classes) {
            this.classes = classes;
            List<String> h = new ArrayList<>(List.of("file", "segment", "start_s", "end_s", "emotion"));
            classes.forEach(c -> h.add("p_" + c));
            h.add("error");
            out.print(CsvWriter.line(h));
        }

        private void row(PrintWriter out, String file, String segment, double start, double end, String emotion, double[] p) {
            List<String> r = new ArrayList<>(List.of(PrintableText.escape(file), segment, number(start), number(end), emotion));
            for (int c = 0; c < classes.size(); c++) {
                r.add(p.length == 0 ? "" : number(p[c])); // silence has no probabilities
            }
            r.add("");
            out.print(CsvWriter.line(r));
        }

        @Override
        public void prediction(PrintWriter out, String file, Prediction p) {
            row(out, file, "all", 0, p.durationSeconds(), p.emotion(), p.probabilities());
            if (p.segments().size() > 1) {
                for (int i = 0; i < p.segments().size(); i++) {
                    Prediction.Segment s = p.segments().get(i);
                    row(out, file, Integer.toString(i + 1), s.startSeconds(), s.endSeconds(), s.emotion(), s.probabilities());
                }
            }
        }

        @Override
        public void failure(PrintWriter out, String file, String error) {
            List<String> r = new ArrayList<>(List.of(PrintableText.escape(file), "", "", "", "ERROR"));
            classes.forEach(c -> r.add(""));
            r.add(PrintableText.escape(error));
            out.print(CsvWriter.line(r));
        }

        @Override
        public void end(PrintWriter out) {
        }

        private static String number(double v) {
            return String.format(Locale.ROOT, "%.6g", v);
        }
    }

    /** A JSON array: per file {"file": ..., then the service's prediction fields} or {"file": ..., "error": ...}. */
    private static final class JsonOutput implements Output {
        private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

        static {
            JSON.getFactory().setCharacterEscapes(new PrintableJsonEscapes()); // C1 and bidi controls too, not only C0
        }
        private boolean first = true;

        @Override
        public void begin(PrintWriter out, List<String> classes) {
            out.print("[");
        }

        private void element(PrintWriter out, ObjectNode o) {
            out.print(first ? "\n" : ",\n");
            first = false;
            try {
                out.print(JSON.writeValueAsString(o));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void prediction(PrintWriter out, String file, Prediction p) {
            ObjectNode o = JSON.createObjectNode().put("file", file);
            o.setAll(PredictionJson.of(p));
            element(out, o);
        }

        @Override
        public void failure(PrintWriter out, String file, String error) {
            element(out, JSON.createObjectNode().put("file", file).put("error", error));
        }

        @Override
        public void end(PrintWriter out) {
            out.println(first ? "]" : "\n]");
        }
    }
}
