package org.layeranchor.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.layeranchor.analysis.FramePooling;
import org.layeranchor.corpus.Utterance;
import org.layeranchor.encoder.EncoderInfo;
import org.layeranchor.evaluation.ConfidenceInterval;
import org.layeranchor.evaluation.ConfusionMatrix;
import org.layeranchor.evaluation.Evaluation;
import org.layeranchor.evaluation.EvaluationResult;
import org.layeranchor.evaluation.SeedSummary;
import org.layeranchor.evaluation.UarBootstrap;
import org.layeranchor.features.FeatureSet;
import org.layeranchor.features.FeatureStore;
import org.layeranchor.features.Pooling;
import org.layeranchor.parallel.OrderedTasks;
import org.layeranchor.training.AnchorInputs;
import org.layeranchor.training.EncoderIdentity;
import org.layeranchor.training.Strategy;
import org.layeranchor.training.TrainedModel;
import org.layeranchor.training.Trainer;
import org.layeranchor.training.TrainingConfig;
import org.layeranchor.training.UnlabelledFeatures;

/**
 * The project's results table: every strategy on every ordered pair of corpora, several seeds,
 * inductive (target split by speaker into an unlabelled adaptation half and a test half) and
 * transductive (all target audio unlabelled for adaptation, all of it tested).
 *
 * <p>What may read which labels is fixed here, in one place: anchor selection reads source features
 * and unlabelled target features (labels blanked); training reads source labels and unlabelled target
 * features; target test labels are read only by {@link #evaluate}, after every model is trained. The
 * within-target upper bound is the one place target labels train a model (the adapt half's), and it
 * is reported as such.
 */
public final class CrossLingualBenchmark {
    private final FeatureStore store;
    private final String encoderKey;
    private final Path splitsDir;
    private final BenchmarkSettings settings;
    private final Consumer<String> log;
    private final Map<String, CorpusFeatures> corpora = new LinkedHashMap<>();

    public CrossLingualBenchmark(FeatureStore store, String encoderKey, Path splitsDir, BenchmarkSettings settings,
                                 Consumer<String> log) {
        this.store = store;
        this.encoderKey = encoderKey;
        this.splitsDir = splitsDir;
        this.settings = settings;
        this.log = log;
    }

    /** Within-target upper bound per corpus: trained on the labelled adapt half, tested on the test half. */
    public record UpperBound(String corpus, SeedSummary uar) {
    }

    /** Everything a benchmark run produced. */
    public record Results(BenchmarkSettings settings, String encoderKey, List<DirectionResult> directions,
                          List<UpperBound> upperBounds, double seconds) {
    }

    public Results run(Path outDir) throws IOException {
        try (Shared ignored = new Shared()) {
            return runAll(outDir);
        }
    }

    /** {@link Trainer#shareAlignments} for one benchmark run, closed without a checked exception. */
    private static final class Shared implements AutoCloseable {
        private final AutoCloseable handle = Trainer.shareAlignments();

        @Override
        public void close() {
            try {
                handle.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private Results runAll(Path outDir) throws IOException {
        long t0 = System.nanoTime();
        for (String c : settings.corpora()) {
            log.accept("loading " + c + (settings.vowels() ? " (with vowel-frame pooling)" : ""));
            corpora.put(c, CorpusFeatures.load(store, encoderKey, c, splitsDir.resolve(c + ".adapt-test.csv"),
                    settings.classes(), settings.vowels(), settings.threads()));
        }
        List<DirectionResult> directions = new ArrayList<>();
        List<Boolean> settingsToRun = settings.transductive() ? List.of(false, true) : List.of(false);
        for (boolean transductive : settingsToRun) {
            for (String s : settings.corpora()) {
                for (String t : settings.corpora()) {
                    if (!s.equals(t)) {
                        directions.addAll(direction(corpora.get(s), corpora.get(t), transductive, outDir));
                    }
                }
            }
        }
        if (settings.leaveOneOut() && settings.corpora().size() >= 3) {
            for (boolean transductive : settingsToRun) {
                for (String t : settings.corpora()) {
                    directions.addAll(leaveOneOut(t, transductive, outDir));
                }
            }
        }
        List<UpperBound> bounds = new ArrayList<>();
        for (CorpusFeatures c : corpora.values()) {
            bounds.add(upperBound(c));
        }
        return new Results(settings, encoderKey, directions, bounds, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Leave-target-out selection of one training setting ({@link LeaveTargetOutSelection}): every
     * direction of every setting is trained with {@code strategy} once per candidate value (anchors
     * chosen once per direction, without target labels), and scored on its target test data.
     */
    public List<LeaveTargetOutSelection> select(String key, List<String> values, Strategy strategy) throws IOException {
        List<Map<String, Object>> grid = new ArrayList<>();
        for (String v : values) {
            grid.add(Map.of(key, parseValue(v)));
        }
        return select(key, values, grid, strategy);
    }

    /**
     * As {@link #select(String, List, Strategy)} over a grid: {@code overrides.get(i)} is candidate i,
     * labelled {@code labels.get(i)}; {@code key} names the swept keys in the tables.
     */
    public List<LeaveTargetOutSelection> select(String key, List<String> labels, List<Map<String, Object>> overrides,
                                                Strategy strategy) throws IOException {
        try (Shared ignored = new Shared()) {
            return selectAll(key, labels, overrides, strategy);
        }
    }

    private List<LeaveTargetOutSelection> selectAll(String key, List<String> labels, List<Map<String, Object>> overrides,
                                                    Strategy strategy) throws IOException {
        List<String> values = labels;
        for (String c : settings.corpora()) {
            if (!corpora.containsKey(c)) {
                log.accept("loading " + c + (settings.vowels() ? " (with vowel-frame pooling)" : ""));
                corpora.put(c, CorpusFeatures.load(store, encoderKey, c, splitsDir.resolve(c + ".adapt-test.csv"),
                        settings.classes(), settings.vowels(), settings.threads()));
            }
        }
        List<TrainingConfig> configs = new ArrayList<>();
        for (Map<String, Object> o : overrides) {
            configs.add(settings.training().withOverrides(o).withStrategy(strategy)
                    .withClasses(settings.classes().classes()));
        }
        EncoderIdentity encoder = EncoderIdentity.of(store.readEncoderInfo(encoderKey).identityProperties());
        List<LeaveTargetOutSelection> out = new ArrayList<>();
        List<Boolean> settingsToRun = settings.transductive() ? List.of(false, true) : List.of(false);
        // Keys that only act with several sources leave every pairwise direction unchanged: no pairwise table then.
        boolean multiSourceOnly = overrides.stream().flatMap(o -> o.keySet().stream())
                .allMatch(k -> k.startsWith("multiSource") || k.equals("validation"))
                && settings.leaveOneOut() && settings.corpora().size() >= 3;
        for (boolean transductive : multiSourceOnly ? List.<Boolean>of() : settingsToRun) {
            SelectionTable table = new SelectionTable();
            for (String s : settings.corpora()) {
                for (String t : settings.corpora()) {
                    if (!s.equals(t)) {
                        table.add(s, t, true, selectDirection(key, List.of(s), t, transductive, configs, strategy, encoder));
                    }
                }
            }
            out.add(table.build(key, values, strategy, transductive ? "transductive" : "inductive"));
        }
        if (settings.leaveOneOut() && settings.corpora().size() >= 3) {
            // For the leave-one-language-out table: a target T's value is chosen on T's sources alone, each
            // in turn the (labelled, held-out) target of the others — leave one source out. Those directions
            // are the ones that involve T neither as source nor as target, so the same rule chooses; they
            // are trained but not scored, the leave-one-language-out directions are scored.
            for (boolean transductive : settingsToRun) {
                SelectionTable table = new SelectionTable();
                for (String t : settings.corpora()) {
                    for (String heldOut : settings.corpora()) {
                        if (!heldOut.equals(t)) {
                            List<String> others = settings.corpora().stream().filter(c -> !c.equals(t) && !c.equals(heldOut)).toList();
                            table.add(String.join("+", others), heldOut, false,
                                    selectDirection(key, others, heldOut, transductive, configs, strategy, encoder));
                        }
                    }
                }
                for (String t : settings.corpora()) {
                    List<String> others = settings.corpora().stream().filter(c -> !c.equals(t)).toList();
                    table.add(String.join("+", others), t, true,
                            selectDirection(key, others, t, transductive, configs, strategy, encoder));
                }
                out.add(table.build(key, values, strategy, LOLO_PREFIX + (transductive ? "transductive" : "inductive")));
            }
        }
        return out;
    }

    /** Collects the rows of one selection table. */
    private static final class SelectionTable {
        final List<String> names = new ArrayList<>();
        final List<String> sources = new ArrayList<>();
        final List<String> targets = new ArrayList<>();
        final List<Boolean> scored = new ArrayList<>();
        final List<double[]> uar = new ArrayList<>();

        void add(String source, String target, boolean isScored, double[] perValue) {
            names.add(source + " → " + target);
            sources.add(source);
            targets.add(target);
            scored.add(isScored);
            uar.add(perValue);
        }

        LeaveTargetOutSelection build(String key, List<String> values, Strategy strategy, String setting) {
            double[][] table = new double[values.size()][uar.size()];
            for (int d = 0; d < uar.size(); d++) {
                for (int v = 0; v < values.size(); v++) {
                    table[v][d] = uar.get(d)[v];
                }
            }
            return new LeaveTargetOutSelection(key, values, strategy.key(), setting, names, sources, targets, table, scored);
        }
    }

    /**
     * What decides a direction's anchor choice among the settings of a selection grid: the candidates with
     * the same key see the same data and rank the layers the same way, so they share one choice. Every
     * setting that {@link AnchorChooser#choose} or the data preparation reads must be in it.
     */
    static String anchorChoiceKey(TrainingConfig cfg) {
        return cfg.standardisation().key() + "/" + cfg.speakerShrinkage() + "/" + cfg.anchorRanking().key() + "/"
                + cfg.multiSourceRanking().key() + "/" + cfg.rankingVector();
    }

    /**
     * One direction of a selection: anchors chosen without target labels (once per distinct ranking
     * setting among the candidates), {@code strategy} trained once per candidate (and seed, where
     * seeds matter), UAR on the target's test data, mean over seeds, per candidate.
     */
    private double[] selectDirection(String key, List<String> sourceNames, String targetName, boolean transductive,
                                     List<TrainingConfig> configs, Strategy strategy, EncoderIdentity encoder)
            throws IOException {
        CorpusFeatures target = corpora.get(targetName);
        // Candidates that standardise differently see different data: one preparation per standardisation.
        Map<String, SpeakerAwareData.DirectionData> prepared = new HashMap<>();
        Map<String, AnchorChooser.Choice> choices = new HashMap<>();
        List<Callable<TrainedModel>> runs = new ArrayList<>();
        List<SpeakerAwareData.DirectionData> dataOf = new ArrayList<>();
        int[] seedsOf = new int[configs.size()];
        for (int v = 0; v < configs.size(); v++) {
            TrainingConfig cfg = configs.get(v);
            String preparation = cfg.standardisation().key() + "/" + cfg.speakerShrinkage();
            SpeakerAwareData.DirectionData data = prepared.get(preparation);
            if (data == null) {
                // Selection scores the inductive (or transductive) rows: test-time rows would use test speakers' audio.
                data = prepare(sourceNames, target, transductive, transductive ? SpeakerAwareData.TestSpeakers.IN_UNLABELLED_TARGET
                        : SpeakerAwareData.TestSpeakers.UNSEEN, cfg, encoder);
                prepared.put(preparation, data);
            }
            String ranking = anchorChoiceKey(cfg);
            AnchorChooser.Choice choice = choices.get(ranking);
            if (choice == null) {
                choice = AnchorChooser.choose(data.source(), data.unlabelled(), data.sourceVowel(), data.unlabelledVowel(),
                        null, cfg);
                choices.put(ranking, choice);
            }
            AnchorInputs anchors = choice.inputs();
            FeatureSet src = data.source();
            UnlabelledFeatures u = UnlabelledFeatures.withoutLabels(data.unlabelled());
            dataOf.add(data);
            seedsOf[v] = seedsThatDiffer(cfg, src);
            for (int seed = 0; seed < seedsOf[v]; seed++) {
                TrainingConfig c = cfg.withSeed(seed);
                runs.add(() -> Trainer.train(c, src, u, anchors, encoder));
            }
        }
        List<TrainedModel> models = OrderedTasks.run(runs, settings.threads());
        FeatureSet test = target.asTargetTest(transductive); // target test labels, after training
        int[] truth = truth(test, settings.classes().classes());
        double[] uar = new double[configs.size()];
        int at = 0;
        for (int v = 0; v < configs.size(); v++) {
            FeatureSet rows = dataOf.get(v).testRows().apply(test);
            for (int seed = 0; seed < seedsOf[v]; seed++) {
                int[] pred = Evaluation.argmax(models.get(at++).predictProba(rows));
                uar[v] += Evaluation.of(settings.classes().classes(), truth, pred).uar() / seedsOf[v];
            }
        }
        log.accept(String.format(Locale.ROOT, "select %s %s %s -> %s: %s", key,
                transductive ? "transductive" : "inductive", String.join("+", sourceNames), targetName,
                Arrays.toString(uar)));
        return uar;
    }

    /** A command-line value as the config would read it from YAML: a number when it is one, else text. */
    public static Object parseValue(String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException notInt) {
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException notNumber) {
                return v;
            }
        }
    }

    /** The setting name of leave-one-language-out rows: {@link #LOLO_PREFIX} + inductive or transductive. */
    public static final String LOLO_PREFIX = "lolo-";
    /** The folder of the output where each direction's layer analysis goes. */
    public static final String ANALYSIS_DIR = "analysis";

    /**
     * Leave one language out: every other corpus is a labelled source, each standardised with its own
     * statistics and pooled ({@link MultiSourceFeatures}); then as {@link #direction}.
     */
    List<DirectionResult> leaveOneOut(String target, boolean transductive, Path outDir) throws IOException {
        List<String> names = settings.corpora().stream().filter(c -> !c.equals(target)).toList();
        return direction(String.join("+", names), names, corpora.get(target), transductive, LOLO_PREFIX, outDir);
    }

    /**
     * One direction: choose anchors without target labels, train every strategy and seed, then evaluate.
     * With per-speaker (or auto) standardisation of the target in the inductive setting, the same models
     * are also scored with each test speaker standardised by its own unlabelled audio: the test-time row.
     */
    List<DirectionResult> direction(CorpusFeatures source, CorpusFeatures target, boolean transductive, Path outDir)
            throws IOException {
        return direction(source.corpus, List.of(source.corpus), target, transductive, "", outDir);
    }

    /** The setting name of rows whose test speakers were standardised with their own unlabelled audio. */
    public static final String TEST_TIME = "test-time";

    private List<DirectionResult> direction(String sourceName, List<String> sourceNames, CorpusFeatures target,
                                            boolean transductive, String settingPrefix, Path outDir) throws IOException {
        EncoderInfo info = store.readEncoderInfo(encoderKey);
        EncoderIdentity encoder = EncoderIdentity.of(info.identityProperties());
        FramePooling pooled = FramePooling.of(Pooling.of(info.settings()));
        List<DirectionResult> out = new ArrayList<>();
        String setting = settingPrefix + (transductive ? "transductive" : "inductive");
        DirectionResult first = direction(sourceName, target, transductive, prepare(sourceNames, target, transductive,
                transductive ? SpeakerAwareData.TestSpeakers.IN_UNLABELLED_TARGET : SpeakerAwareData.TestSpeakers.UNSEEN,
                settings.training(), encoder), setting, pooled, outDir);
        out.add(first);
        if (!transductive && SpeakerAwareData.applies(settings.training())) {
            String testTime = settingPrefix + TEST_TIME;
            SpeakerAwareData.DirectionData heard = prepare(sourceNames, target, false,
                    SpeakerAwareData.TestSpeakers.OWN_UTTERANCES, settings.training(), encoder);
            if (settings.training().standardisation() == TrainingConfig.Standardisation.AUTO
                    && !heard.decision().targetPerSpeaker()) {
                // auto kept the target per domain, so the sources too: the inductive row's data, models and test rows
                // exactly; its results stand for the test-time row instead of being trained and scored again.
                log.accept(testTime + " " + sourceName + " -> " + target.corpus + ": as inductive; "
                        + heard.decision().describe());
                out.add(new DirectionResult(testTime, first.source(), first.target(), first.sourceUtterances(),
                        first.adaptUtterances(), first.testUtterances(), first.similarityRanking(), first.vowelRanking(),
                        first.groups(), first.strategies(), first.analysisDir(), heard.decision().describe()));
            } else {
                out.add(direction(sourceName, target, false, heard, testTime, pooled, outDir));
            }
        }
        return out;
    }

    private DirectionResult direction(String sourceName, CorpusFeatures target, boolean transductive,
                                      SpeakerAwareData.DirectionData data, String setting, FramePooling pooled, Path outDir)
            throws IOException {
        FeatureSet src = data.source();
        FeatureSet unlabelled = data.unlabelled();
        String analysisDir = ANALYSIS_DIR + "/" + setting + "/" + sourceName + "-to-" + target.corpus;

        AnchorChooser.Choice choice = AnchorChooser.choose(src, unlabelled, data.sourceVowel(), data.unlabelledVowel(),
                outDir.resolve(analysisDir), settings.training(), pooled);
        AnchorInputs anchors = choice.inputs();
        log.accept(setting + " " + sourceName + " -> " + target.corpus + ": " + choice.describe()
                + (data.decision() == null ? "" : "; " + data.decision().describe()));

        UnlabelledFeatures unlabelledTarget = UnlabelledFeatures.withoutLabels(unlabelled);
        Map<Strategy, List<TrainedModel>> models = train(src, unlabelledTarget, anchors);
        FeatureSet test = target.asTargetTest(transductive); // the first read of target test labels
        return evaluateAll(setting, sourceName, target.corpus, data, choice, models, data.testRows().apply(test),
                unlabelledTarget, analysisDir);
    }

    private DirectionResult evaluateAll(String setting, String sourceName, String targetName,
                                        SpeakerAwareData.DirectionData data,
                                        AnchorChooser.Choice choice, Map<Strategy, List<TrainedModel>> models,
                                        FeatureSet test, UnlabelledFeatures unlabelledTarget, String analysisDir) {
        List<StrategyResult> results = new ArrayList<>();
        for (Map.Entry<Strategy, List<TrainedModel>> e : models.entrySet()) {
            StrategyResult r = evaluate(e.getKey(), e.getValue(), test, unlabelledTarget);
            if (r.collapsed()) {
                log.accept(String.format("  COLLAPSE %s %s -> %s %s: %d of %d seeds put >= %.0f %% of the unlabelled target "
                        + "in one class (%s)", setting, sourceName, targetName, r.strategy(), r.collapsedSeeds(),
                        r.uar().seeds(), 100 * StrategyResult.COLLAPSE_SHARE, r.describeShares(settings.classes().classes())));
            }
            results.add(r);
        }
        return new DirectionResult(setting, sourceName, targetName, data.source().rows(), data.unlabelled().rows(),
                test.rows(), choice.similarityRanking(), choice.vowelRanking(), choice.groups(), results, analysisDir,
                data.decision() == null ? "" : data.decision().describe());
    }

    private SpeakerAwareData.DirectionData prepare(List<String> sourceNames, CorpusFeatures target, boolean transductive,
                                                   SpeakerAwareData.TestSpeakers testSpeakers, TrainingConfig cfg,
                                                   EncoderIdentity encoder) {
        return SpeakerAwareData.prepare(sourceNames.stream().map(corpora::get).toList(), target, transductive, testSpeakers,
                cfg, settings.classes().classes(), settings.vowels(), encoder);
    }

    /** Trains every strategy × seed; runs are independent, so they share the cores. */
    Map<Strategy, List<TrainedModel>> train(FeatureSet source, UnlabelledFeatures target, AnchorInputs anchors)
            throws IOException {
        EncoderIdentity encoder = EncoderIdentity.of(store.readEncoderInfo(encoderKey).identityProperties());
        List<Strategy> strategies = new ArrayList<>();
        List<Integer> runsOf = new ArrayList<>();
        List<Callable<TrainedModel>> runs = new ArrayList<>();
        for (Strategy s : settings.strategies()) {
            if (s == Strategy.LAM_VOWEL && anchors.vowelRanking() == null) {
                continue;
            }
            strategies.add(s);
            TrainingConfig strategyConfig = settings.training().withStrategy(s).withClasses(settings.classes().classes());
            int distinct = seedsThatDiffer(strategyConfig, source);
            runsOf.add(distinct);
            for (int seed = 0; seed < distinct; seed++) {
                TrainingConfig cfg = strategyConfig.withSeed(seed);
                runs.add(() -> Trainer.train(cfg, source, target, anchors, encoder));
            }
        }
        List<TrainedModel> models = OrderedTasks.run(runs, settings.threads());
        Map<Strategy, List<TrainedModel>> out = new LinkedHashMap<>();
        int at = 0;
        for (int i = 0; i < strategies.size(); i++) {
            List<TrainedModel> perSeed = new ArrayList<>();
            for (int seed = 0; seed < settings.seeds(); seed++) {
                // A deterministic head gives the same model for every seed: trained once, counted per seed.
                perSeed.add(models.get(at + Math.min(seed, runsOf.get(i) - 1)));
            }
            at += runsOf.get(i);
            out.put(strategies.get(i), perSeed);
        }
        return out;
    }

    /**
     * How many seeds can give different models: all of them where a seed changes the model (the
     * network; best-layer choosing its layer on a random speaker split), else one: the model is
     * trained once and counted for every seed ({@link Trainer#seedChangesModel}).
     */
    private int seedsThatDiffer(TrainingConfig cfg, FeatureSet source) {
        return Trainer.seedChangesModel(cfg, source) ? settings.seeds() : 1;
    }

    /** Scores trained models on labelled test data: per-seed metrics and a seed-averaged bootstrap interval. */
    StrategyResult evaluate(Strategy strategy, List<TrainedModel> models, FeatureSet test, UnlabelledFeatures unlabelled) {
        List<String> classes = settings.classes().classes();
        int[] truth = truth(test, classes);
        List<double[][]> probabilities = new ArrayList<>();
        List<int[]> predictions = new ArrayList<>();
        double[] uar = new double[models.size()];
        double[] acc = new double[models.size()];
        double[] f1 = new double[models.size()];
        ConfusionMatrix summed = new ConfusionMatrix(classes);
        for (int i = 0; i < models.size(); i++) {
            // A deterministic head is trained once and listed for every seed: predict it once.
            double[][] p = i > 0 && models.get(i) == models.get(i - 1) ? probabilities.get(i - 1)
                    : models.get(i).predictProba(test);
            int[] pred = Evaluation.argmax(p);
            EvaluationResult r = Evaluation.of(classes, truth, pred);
            uar[i] = r.uar();
            acc[i] = r.weightedAccuracy();
            f1[i] = r.macroF1();
            for (int k = 0; k < truth.length; k++) {
                summed.add(truth[k], pred[k]);
            }
            probabilities.add(p);
            predictions.add(pred);
        }
        ConfidenceInterval ci = UarBootstrap.seedAveraged(classes.size(), truth, predictions,
                settings.resamples(), 0.95, 12345L);
        // The collapse guard reads predictions on the unlabelled target only, never its labels.
        double[] shares = new double[classes.size()];
        int collapsed = 0;
        if (unlabelled.rows() > 0) {
            double[] s = null;
            for (int i = 0; i < models.size(); i++) {
                TrainedModel m = models.get(i);
                if (s == null || m != models.get(i - 1)) {
                    s = predictedShares(Evaluation.argmax(m.predictProba(unlabelled)), classes.size());
                }
                double max = 0;
                for (int k = 0; k < s.length; k++) {
                    shares[k] += s[k] / models.size();
                    max = Math.max(max, s[k]);
                }
                if (max >= StrategyResult.COLLAPSE_SHARE) {
                    collapsed++;
                }
            }
        }
        return new StrategyResult(strategy.key(), SeedSummary.of(uar), SeedSummary.of(acc), SeedSummary.of(f1), ci, summed,
                models.get(0).description().usedLayers().toString(), probabilities, shares, collapsed);
    }

    static double[] predictedShares(int[] predictions, int classes) {
        double[] s = new double[classes];
        for (int p : predictions) {
            s[p] += 1.0 / predictions.length;
        }
        return s;
    }

    private UpperBound upperBound(CorpusFeatures c) throws IOException {
        FeatureSet train = c.asOracleTraining();
        FeatureSet test = c.asTargetTest(false);
        BenchmarkSettings oracle = new BenchmarkSettings(settings.corpora(), settings.classes(), List.of(Strategy.WEIGHTED_SUM),
                settings.seeds(), false, false, settings.training(), settings.threads(), settings.resamples(), false);
        CrossLingualBenchmark b = new CrossLingualBenchmark(store, encoderKey, splitsDir, oracle, log);
        List<TrainedModel> models = b.train(train, UnlabelledFeatures.none(), AnchorInputs.none()).get(Strategy.WEIGHTED_SUM);
        StrategyResult r = b.evaluate(Strategy.WEIGHTED_SUM, models, test, UnlabelledFeatures.none());
        log.accept(String.format("upper bound %s (trained on its labelled adapt half): UAR %s", c.corpus, r.uar()));
        return new UpperBound(c.corpus, r.uar());
    }

    private static int[] truth(FeatureSet test, List<String> classes) {
        int[] y = new int[test.rows()];
        for (int i = 0; i < y.length; i++) {
            Utterance u = test.utterances().get(i);
            y[i] = classes.indexOf(u.emotion());
            if (y[i] < 0) {
                throw new IllegalStateException(u.id() + ": label '" + u.emotion() + "' outside " + classes);
            }
        }
        return y;
    }
}
