package org.layeranchor.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.layeranchor.corpus.ClassSet;
import org.layeranchor.corpus.Corpus;
import org.layeranchor.corpus.Utterance;
import org.layeranchor.encoder.Encoders;
import org.layeranchor.encoder.SpeechEncoder;
import org.layeranchor.experiment.BenchmarkSettings;
import org.layeranchor.experiment.CrossLingualBenchmark;
import org.layeranchor.features.FeatureExtractor;
import org.layeranchor.features.FeatureStore;
import org.layeranchor.features.Pooling;
import org.layeranchor.report.BenchmarkReport;
import org.layeranchor.report.ReportFigures;
import org.layeranchor.training.GitCommit;
import org.layeranchor.training.Strategy;
import org.layeranchor.training.TrainingConfig;
import org.layeranchor.training.TrainingConfigFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code layeranchor benchmark}: the cross-lingual results table, from audio to report, in one command. */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = "Recognition results (speed is 'bench'): every strategy on every ordered pair of corpora "
                + "(inductive and transductive), several seeds: "
                + "extracts features the store lacks, chooses anchors without target labels, trains, evaluates, and "
                + "writes results.csv/json/md and a self-contained report.html.")
final class BenchmarkCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--store", required = true, description = "Feature store (created and filled as needed).")
    Path store;

    @Option(names = "--out", required = true, description = "Output folder for tables, plots and the report.")
    Path out;

    @Option(names = "--model", defaultValue = "../shared/models/whisper-base",
            description = "Encoder used when features must be extracted: folder, .onnx file or Hugging Face model id "
                    + "(default ${DEFAULT-VALUE}).")
    Path model;

    @Option(names = "--corpus", arity = "1..*", description = "Corpus folders (default: the four in ../shared/corpora).")
    List<Path> corpora;

    @Option(names = "--splits", defaultValue = "splits",
            description = "Folder of published adapt/test split files CORPUS.adapt-test.csv (default ${DEFAULT-VALUE}).")
    Path splits;

    @Option(names = "--mode", defaultValue = "faithful", description = "Encoder mode for extraction (default ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--pooling", defaultValue = Pooling.DEFAULT_LABEL, converter = PoolingConverter.class,
            description = "Pool each utterance's statistics over its speech, from the first to the last frame the "
                    + "energy detector calls speech (speech), or over every frame of the clip (whole). "
                    + "Default: ${DEFAULT-VALUE}; stored under their own key (see docs/BENCHMARK.md).")
    Pooling pooling;

    @Option(names = "--precision", defaultValue = "fp32", converter = PrecisionConverter.class,
            description = "The encoder's linear layers in fp32 (default) or int8 (faster on CPUs with VNNI; "
                    + "features differ slightly and are stored under their own key; see docs/BENCHMARK.md).")
    org.layeranchor.encoder.whisper.Precision precision;

    @Option(names = "--seeds", defaultValue = "5", description = "Seeds per strategy and direction (default ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--strategies", split = ",", description = "Strategies to compare (default: all).")
    List<String> strategies;

    @Option(names = "--config", description = "Training configuration file (JSON or YAML) every run starts from.")
    Path config;

    @Option(names = "--no-transductive", description = "Skip the transductive table.")
    boolean noTransductive;

    @Option(names = "--no-leave-one-out",
            description = "Skip the leave-one-language-out table (each corpus the target, all others the sources).")
    boolean noLeaveOneOut;

    @Option(names = "--no-vowels", description = "Skip vowel-frame ranking (and lam-vowel); no frame features needed.")
    boolean noVowels;

    @Option(names = "--quick", description = "A short demo: fast encoder mode, 2 seeds, inductive only, no vowel variant.")
    boolean quick;

    @Option(names = "--threads", defaultValue = "0", description = "Threads (0 = all cores).")
    int threads;

    @Option(names = "--features-only", description = "Extract nothing: use the features already in the store, for every "
            + "corpus it holds (--corpus and --model are not read). For a store without audio, e.g. one written by "
            + "'bench synthetic-store' (then add --no-vowels: it has no frame features).")
    boolean featuresOnly;

    @Option(names = "--encoder", description = "With --features-only: encoder key in the store (needed only when it holds several).")
    String encoder;

    @Option(names = "--select", paramLabel = "KEY=V1,V2,...[;KEY=...]",
            description = "Instead of the results table: leave-target-out selection of training settings (e.g. "
                    + "l2=0.01,0.1 or, for a grid, 'l2=0.01,0.1;coralEpsilon=1,3'). For each target, the candidate with the "
                    + "best mean UAR over the directions that do not involve it; writes selection-KEYS.md and .csv.")
    String select;

    @Option(names = "--select-strategy", defaultValue = "lam",
            description = "Strategy trained for --select (default ${DEFAULT-VALUE}).")
    String selectStrategy;

    @Override
    public Integer call() throws Exception {
        PrintWriter log = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        if (quick) {
            mode = "fast";
            seeds = 2;
            noTransductive = true;
            noVowels = true;
        }
        int cores = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        FeatureStore fs = featuresOnly ? FeatureStore.openExisting(store) : FeatureStore.open(store);
        List<String> names = new ArrayList<>();
        String key = featuresOnly ? storedCorpora(fs, names) : extractMissing(fs, cores, names, log);
        double extractSeconds = (System.nanoTime() - t0) / 1e9;

        TrainingConfig training = config == null ? TrainingConfig.defaults() : TrainingConfigFiles.read(config);
        List<Strategy> chosen = strategies == null ? List.of(Strategy.values())
                : strategies.stream().map(Strategy::fromKey).toList();
        if (noVowels) {
            chosen = chosen.stream().filter(s -> s != Strategy.LAM_VOWEL).toList();
        }
        BenchmarkSettings settings = new BenchmarkSettings(names, ClassSet.FOUR, chosen, seeds, !noTransductive,
                !noVowels, training, cores, 1000, !noLeaveOneOut);
        if (select != null) {
            return runSelection(fs, key, settings, log);
        }
        CrossLingualBenchmark.Results r = new CrossLingualBenchmark(fs, key, splits, settings, log::println).run(out);

        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("commit", GitCommit.current());
        provenance.put("command", "layeranchor " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        provenance.put("store", store.toAbsolutePath().normalize().toString());
        provenance.put("encoder_mode", featuresOnly ? "features-only (as stored)" : mode);
        provenance.put("extraction_seconds", extractSeconds);
        provenance.put("total_seconds", (System.nanoTime() - t0) / 1e9);
        provenance.put("java", System.getProperty("java.version"));
        provenance.put("cores", Runtime.getRuntime().availableProcessors());
        BenchmarkReport.write(r, provenance, out);
        spec.commandLine().getOut().print(BenchmarkReport.markdown(r, provenance));
        spec.commandLine().getOut().printf("%nwrote %s, %s, %s and %s, with %s/ (the figures as PNG and SVG) and "
                        + "%s/ (each direction's layer analysis), to %s (total %s)%n", BenchmarkReport.CSV,
                BenchmarkReport.JSON, BenchmarkReport.MARKDOWN, BenchmarkReport.HTML, ReportFigures.DIR,
                CrossLingualBenchmark.ANALYSIS_DIR, out, ProgressPrinter.clock((System.nanoTime() - t0) / 1e9));
        return 0;
    }

    /** Extracts what the store lacks (a no-op, apart from hashing the audio, when everything is there); adds the corpus names. */
    private String extractMissing(FeatureStore fs, int cores, List<String> names, PrintWriter log) throws Exception {
        List<Path> dirs = corpora != null ? corpora : defaultCorpora();
        List<Utterance> all = new ArrayList<>();
        for (Path d : dirs) {
            Corpus c = Corpus.load(d);
            c.problems().forEach(p -> log.println("skipped: " + p));
            all.addAll(c.utterances());
            names.add(c.name());
        }
        String key;
        org.layeranchor.hub.ModelLocator.Located encoder = ModelArguments.locate(model, spec.commandLine());
        try (SpeechEncoder enc = Encoders.open(encoder.path(), new Encoders.Settings(LayersCommand.parseMode(mode), 1).withPrecision(precision))) {
            FeatureExtractor.Summary s = new FeatureExtractor(enc, fs, new FeatureExtractor.Options(!noVowels, cores, pooling))
                    .run(all, ProgressPrinter.forStderr("extract"));
            log.printf("features: %d extracted, %d already in the store, %d failed (%s)%n", s.extracted(), s.cached(),
                    s.failed(), ProgressPrinter.clock(s.seconds()));
            key = s.encoderKey();
            fs.writeEncoderLocation(key, ModelArguments.location(encoder));
        }
        return key;
    }

    /** With --features-only: the store's encoder key; adds the corpora it holds, by name. */
    private String storedCorpora(FeatureStore fs, List<String> names) throws Exception {
        String key = fs.resolveEncoderKey(encoder);
        fs.rows(key, List.of()).stream().map(org.layeranchor.features.IndexRow::corpus).distinct().sorted()
                .forEach(names::add);
        if (names.isEmpty()) {
            throw new IllegalArgumentException(store + ": --features-only, but the store holds no features");
        }
        return key;
    }

    private int runSelection(FeatureStore fs, String key, BenchmarkSettings settings, PrintWriter log) throws Exception {
        // The grid: every combination of the keys' values, the first key varying slowest.
        List<String> keys = new ArrayList<>();
        List<Map<String, Object>> grid = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        grid.add(new LinkedHashMap<>());
        labels.add("");
        for (String part : select.split(";")) {
            int eq = part.indexOf('=');
            if (eq <= 0 || eq == part.length() - 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--select wants KEY=V1,V2,...[;KEY=...] (got '"
                        + select + "')");
            }
            String k = part.substring(0, eq).trim();
            keys.add(k);
            List<Map<String, Object>> nextGrid = new ArrayList<>();
            List<String> nextLabels = new ArrayList<>();
            for (int i = 0; i < grid.size(); i++) {
                for (String v : part.substring(eq + 1).split(",")) {
                    Map<String, Object> o = new LinkedHashMap<>(grid.get(i));
                    o.put(k, CrossLingualBenchmark.parseValue(v.trim()));
                    nextGrid.add(o);
                    nextLabels.add(labels.get(i).isEmpty() ? v.trim() : labels.get(i) + " / " + v.trim());
                }
            }
            grid = nextGrid;
            labels = nextLabels;
        }
        try {
            for (Map<String, Object> o : grid) {
                settings.training().withOverrides(o);
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--select: " + e.getMessage());
        }
        String setting = String.join("-", keys);
        List<org.layeranchor.experiment.LeaveTargetOutSelection> tables = new CrossLingualBenchmark(fs, key, splits,
                settings, log::println).select(String.join(" / ", keys), labels, grid, Strategy.fromKey(selectStrategy));
        Files.createDirectories(out);
        StringBuilder md = new StringBuilder();
        StringBuilder csv = new StringBuilder();
        for (org.layeranchor.experiment.LeaveTargetOutSelection t : tables) {
            md.append(t.markdown()).append('\n');
            csv.append(csv.length() == 0 ? t.csv() : t.csv().substring(t.csv().indexOf('\n') + 1));
        }
        Files.writeString(out.resolve("selection-" + setting + ".md"), md.toString());
        Files.writeString(out.resolve("selection-" + setting + ".csv"), csv.toString());
        spec.commandLine().getOut().print(md);
        return 0;
    }

    private static List<Path> defaultCorpora() {
        List<Path> d = new ArrayList<>();
        for (String c : List.of("emodb", "emovo", "ravdess", "urdu")) {
            Path p = Path.of("../shared/corpora", c);
            if (Files.isDirectory(p)) {
                d.add(p);
            }
        }
        if (d.isEmpty()) {
            throw new IllegalArgumentException("no corpora given and none found in ../shared/corpora (use --corpus DIR...)");
        }
        return d;
    }
}
