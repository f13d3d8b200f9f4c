package org.layeranchor.analysis;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.DoubleSupplier;
import org.layeranchor.analysis.LayerMeasure.Better;
import org.layeranchor.analysis.classify.LogisticRegression;
import org.layeranchor.corpus.Utterance;
import org.layeranchor.features.FeatureSet;
import org.layeranchor.numeric.Standardiser;
import org.layeranchor.parallel.OrderedTasks;

/**
 * The analysis stage: which encoder layers agree across two languages.
 *
 * <p>Per layer it measures the label-free distances between the source and target distributions
 * (CORAL, unbiased MMD², Fréchet, proxy A-distance), and — marked as label-using — a speaker-
 * independent probe on each language, a source→target probe and per-emotion centroid cosines.
 * Within each corpus it computes the layer × layer linear CKA and forms k layer groups from it.
 * The label-free distances are combined by mean rank into the consensus ranking that proposes the
 * anchors; nothing that reads labels takes part in that choice.
 *
 * <p>Deterministic: subsamples and folds are seeded; the layer tasks run on a thread pool but each
 * is a pure function of its inputs, so the thread count never changes a number.
 */
public final class CrossLingualAnalysis {
    static final String SOURCE_PROBE = "source_probe_uar_speaker_cv";
    static final String TARGET_PROBE = LayerMeasure.ANALYSIS_ONLY_PREFIX + "target_probe_uar_speaker_cv";
    static final String CROSS_PROBE = LayerMeasure.ANALYSIS_ONLY_PREFIX + "cross_lingual_probe_uar";
    static final String CENTROID_COSINE = LayerMeasure.ANALYSIS_ONLY_PREFIX + "centroid_cosine_same_emotion";

    private CrossLingualAnalysis() {
    }

    public static AnalysisResult run(FeatureSet source, FeatureSet target, AnalysisOptions options) {
        long wallStart = System.nanoTime();
        int layers = source.layers();
        if (target.layers() != layers || target.dim() != source.dim()) {
            throw new IllegalArgumentException("source has " + layers + " layers × " + source.dim() + " dims, target "
                    + target.layers() + " × " + target.dim() + ": features of different models?");
        }
        if (source.rows() < 4 || target.rows() < 4) {
            throw new IllegalArgumentException("need at least 4 utterances per language, got " + source.rows()
                    + " and " + target.rows());
        }
        if (options.groupCount() > layers || options.anchorCount() > layers) {
            throw new IllegalArgumentException("groupCount " + options.groupCount() + " / anchorCount "
                    + options.anchorCount() + " exceed the " + layers + " layers");
        }
        List<String> notes = new ArrayList<>();
        Plan plan = plan(source, target, options, notes);

        int threads = options.threads() > 0 ? options.threads()
                : Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), layers));
        List<Callable<LayerOutcome>> tasks = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            int layer = l;
            tasks.add(() -> analyseLayer(layer, source, target, options, plan));
        }
        List<LayerOutcome> outcomes;
        try {
            // In layer order whatever the thread count, so results do not depend on it.
            outcomes = OrderedTasks.run(tasks, threads);
        } catch (IOException e) {
            // The layer measures throw no checked exceptions: this is an interruption.
            throw new IllegalStateException("analysis interrupted", e);
        }
        return assemble(source, target, options, plan, outcomes, notes, wallStart);
    }

    /** Rows and classes decided once for all layers, so every layer sees the same utterances. */
    private record Plan(int[] sourceSample, int[] targetSample, List<String> classes, int[] sourceLabelled,
                        int[] targetLabelled, int[] sourceClass, int[] targetClass, List<String> sourceSpeakers,
                        List<String> targetSpeakers, boolean labelUsing) {
    }

    private static Plan plan(FeatureSet source, FeatureSet target, AnalysisOptions options, List<String> notes) {
        int max = options.maxRowsPerLanguage();
        int[] sourceSample = DeterministicSubsample.indices(source.rows(), max, options.seed());
        int[] targetSample = DeterministicSubsample.indices(target.rows(), max, options.seed() + 1);
        notes.add("Label-free distances and CKA use " + sourceSample.length + " of " + source.rows()
                + " source and " + targetSample.length + " of " + target.rows()
                + " target utterances (seeded subsample, cap " + max + " per language).");
        notes.add(options.pooledStandardisation()
                ? "Normalisation: before the cross-language distances every layer is z-scored per dimension: centred "
                + "on the mean of source and target together and divided by the pooled within-language standard "
                + "deviation (so a shift between the languages' means does not inflate the scale and hide itself), "
                + "which puts layers of different scale on a common footing. CKA uses per-corpus z-scoring; "
                + "probes standardise on their own training rows."
                : "Normalisation: none (raw features); values of different layers are not on a common scale.");
        notes.add("Utterance vector: " + (options.vector() == UtteranceVector.MEAN ? "per-utterance mean"
                : "per-utterance mean and std concatenated") + " over " + options.framePooling().caption() + ".");

        List<String> classes = options.classes().isEmpty() ? sharedEmotions(source, target) : options.classes();
        boolean labelUsing = options.labelUsingMeasures() && !classes.isEmpty();
        if (options.labelUsingMeasures() && classes.isEmpty()) {
            notes.add("Label-using measures skipped: the two languages share no emotion class.");
        }
        int[] sourceLabelled = rowsWithClass(source, classes);
        int[] targetLabelled = rowsWithClass(target, classes);
        if (labelUsing && (sourceLabelled.length < 2 || targetLabelled.length < 2)) {
            labelUsing = false;
            notes.add("Label-using measures skipped: too few utterances of the classes " + classes + ".");
        }
        List<String> sourceSpeakers = speakers(source, sourceLabelled);
        List<String> targetSpeakers = speakers(target, targetLabelled);
        if (labelUsing) {
            notes.add("Label-using measures (analysis) use the classes " + classes + ": " + sourceLabelled.length
                    + " source and " + targetLabelled.length + " target utterances. Measures named "
                    + LayerMeasure.ANALYSIS_ONLY_PREFIX + "* read target labels and are analysis only.");
            for (FeatureSet set : List.of(source, target)) {
                String side = set == source ? "source" : "target";
                long missing = set.utterances().stream().filter(u -> u.speaker().isEmpty()).count();
                if (missing > 0) {
                    notes.add("The " + side + " has " + missing + " utterances without a speaker id: each forms its "
                            + "own fold group, so its within-language probe is not fully speaker-independent.");
                }
                List<String> spk = set == source ? sourceSpeakers : targetSpeakers;
                if (spk.stream().distinct().count() < 2) {
                    notes.add("The " + side + " has fewer than two speakers: its within-language probe is NaN.");
                }
            }
        }
        return new Plan(sourceSample, targetSample, classes, sourceLabelled, targetLabelled,
                classIndices(source, sourceLabelled, classes), classIndices(target, targetLabelled, classes),
                sourceSpeakers, targetSpeakers, labelUsing);
    }

    /** Every number of one layer, with the CPU seconds each took. */
    private record LayerOutcome(Map<String, Double> values, Map<String, Double> seconds, double[][] sourceGram,
                                double[][] targetGram, double[][] centroidCosines) {
    }

    private static LayerOutcome analyseLayer(int layer, FeatureSet source, FeatureSet target, AnalysisOptions options,
                                             Plan plan) {
        Map<String, Double> values = new HashMap<>();
        Map<String, Double> seconds = new HashMap<>();
        double[][] s = LayerVectors.of(source, layer, options.vector(), plan.sourceSample());
        double[][] t = LayerVectors.of(target, layer, options.vector(), plan.targetSample());

        double[][] sourceForCka = options.pooledStandardisation() ? Standardiser.fitPooled(s).apply(s) : s;
        double[][] targetForCka = options.pooledStandardisation() ? Standardiser.fitPooled(t).apply(t) : t;
        long t0 = cpuNanos();
        double[][] sourceGram = LinearCka.centredGram(sourceForCka);
        double[][] targetGram = LinearCka.centredGram(targetForCka);
        seconds.put("linear_cka", (cpuNanos() - t0) / 1e9);

        if (options.pooledStandardisation()) {
            Standardiser pooled = Standardiser.fitWithinGroups(s, t);
            s = pooled.apply(s);
            t = pooled.apply(t);
        }
        LogisticRegression.Settings probe = probeSettings(options);
        List<CrossLanguageDistance> distances = List.of(new CoralDistance(), new MmdDistance(), new FrechetDistance(),
                new ProxyADistance(options.folds(), options.seed(), probe));
        for (CrossLanguageDistance distance : distances) {
            double[][] fs = s;
            double[][] ft = t;
            timed(distance.name(), () -> distance.distance(fs, ft), values, seconds);
        }

        double[][] cosines = null;
        if (plan.labelUsing()) {
            double[][] ls = LayerVectors.of(source, layer, options.vector(), plan.sourceLabelled());
            double[][] lt = LayerVectors.of(target, layer, options.vector(), plan.targetLabelled());
            List<String> classes = plan.classes();
            SpeakerIndependentProbe within = new SpeakerIndependentProbe(options.folds(), options.seed(), probe);
            timed(SOURCE_PROBE, () -> within.uar(ls, plan.sourceClass(), classes, plan.sourceSpeakers()), values, seconds);
            timed(TARGET_PROBE, () -> within.uar(lt, plan.targetClass(), classes, plan.targetSpeakers()), values, seconds);
            CrossLingualProbe across = new CrossLingualProbe(probe);
            timed(CROSS_PROBE, () -> across.targetUar(ls, plan.sourceClass(), lt, plan.targetClass(), classes),
                    values, seconds);
            long c0 = cpuNanos();
            Standardiser pooled = options.pooledStandardisation() ? Standardiser.fitWithinGroups(ls, lt) : null;
            cosines = CentroidCosineSimilarity.matrix(pooled == null ? ls : pooled.apply(ls), plan.sourceClass(),
                    pooled == null ? lt : pooled.apply(lt), plan.targetClass(), classes.size());
            values.put(CENTROID_COSINE, CentroidCosineSimilarity.diagonalMean(cosines));
            seconds.put(CENTROID_COSINE, (cpuNanos() - c0) / 1e9);
        }
        return new LayerOutcome(values, seconds, sourceGram, targetGram, cosines);
    }

    private static void timed(String name, DoubleSupplier f, Map<String, Double> values, Map<String, Double> seconds) {
        long t0 = cpuNanos();
        values.put(name, f.getAsDouble());
        seconds.put(name, (cpuNanos() - t0) / 1e9);
    }

    /** CPU time of the calling thread: stage costs that do not depend on how busy the machine is. */
    private static long cpuNanos() {
        return THREAD_CLOCK.isCurrentThreadCpuTimeSupported() ? THREAD_CLOCK.getCurrentThreadCpuTime() : System.nanoTime();
    }

    private static final ThreadMXBean THREAD_CLOCK =
            ManagementFactory.getThreadMXBean();

    static LogisticRegression.Settings probeSettings(AnalysisOptions options) {
        return new LogisticRegression.Settings(options.probeL2(), true, LogisticRegression.Settings.defaults().optimizer());
    }

    private static AnalysisResult assemble(FeatureSet source, FeatureSet target, AnalysisOptions options, Plan plan,
                                           List<LayerOutcome> outcomes, List<String> notes, long wallStart) {
        int layers = outcomes.size();
        String scale = options.pooledStandardisation() ? "pooled z-scored features" : "raw features";
        List<LayerMeasure> measures = new ArrayList<>();
        measures.add(measure(CoralDistance.NAME, "CORAL distance", "||C_s-C_t||_F^2 / 4d^2, " + scale,
                LabelUse.NONE, Better.LOWER, outcomes));
        measures.add(measure(MmdDistance.NAME, "Unbiased MMD^2", "Gaussian kernel, median bandwidth, " + scale,
                LabelUse.NONE, Better.LOWER, outcomes));
        measures.add(measure(FrechetDistance.NAME, "Frechet distance", "squared units summed over dims, " + scale,
                LabelUse.NONE, Better.LOWER, outcomes));
        measures.add(measure(ProxyADistance.NAME, "Proxy A-distance",
                "2(1-2 err); 0 = inseparable, 2 = separable", LabelUse.NONE, Better.LOWER, outcomes));
        CentroidCosines centroids = null;
        if (plan.labelUsing()) {
            String chance = String.format(Locale.ROOT, "UAR, chance %.2f", 1.0 / plan.classes().size());
            measures.add(measure(SOURCE_PROBE, "Source probe UAR", chance + ", speaker-grouped CV",
                    LabelUse.SOURCE_LABELS, Better.HIGHER, outcomes));
            measures.add(measure(TARGET_PROBE, "Target probe UAR", chance + ", speaker-grouped CV",
                    LabelUse.TARGET_LABELS, Better.HIGHER, outcomes));
            measures.add(measure(CROSS_PROBE, "Cross-lingual probe UAR", chance + ", trained on source, tested on target",
                    LabelUse.TARGET_LABELS, Better.HIGHER, outcomes));
            measures.add(measure(CENTROID_COSINE, "Same-emotion centroid cosine",
                    "mean cosine over emotions, -1..1", LabelUse.TARGET_LABELS, Better.HIGHER, outcomes));
            double[][][] perLayer = new double[layers][][];
            for (int l = 0; l < layers; l++) {
                perLayer[l] = outcomes.get(l).centroidCosines();
            }
            int chosen = options.centroidLayer() >= 0 && options.centroidLayer() < layers ? options.centroidLayer()
                    : LayerRanking.of(measures.get(measures.size() - 1)).layersBestFirst()[0];
            centroids = new CentroidCosines(plan.classes(), perLayer, chosen);
        }
        List<LayerRanking> rankings = new ArrayList<>();
        List<LayerRanking> labelFree = new ArrayList<>();
        for (LayerMeasure m : measures) {
            LayerRanking r = LayerRanking.of(m);
            rankings.add(r);
            if (m.labelUse().labelFree()) {
                labelFree.add(r);
            }
        }
        LayerRanking consensus = AnchorSelection.consensus(labelFree);
        List<Integer> anchors = AnchorSelection.topLayers(consensus, options.anchorCount());

        List<double[][]> sourceGrams = new ArrayList<>();
        List<double[][]> targetGrams = new ArrayList<>();
        for (LayerOutcome o : outcomes) {
            sourceGrams.add(o.sourceGram());
            targetGrams.add(o.targetGram());
        }
        long c0 = cpuNanos();
        double[][] ckaSource = LinearCka.fromCentredGrams(sourceGrams);
        double[][] ckaTarget = LinearCka.fromCentredGrams(targetGrams);
        double ckaSeconds = (cpuNanos() - c0) / 1e9;
        double[][] ckaForGrouping = switch (options.groupingCka()) {
            case SOURCE -> ckaSource;
            case TARGET -> ckaTarget;
            case MEAN_OF_BOTH -> mean(ckaSource, ckaTarget);
        };
        LayerGroups contiguous = ContiguousLayerSegmentation.segment(ckaForGrouping, options.groupCount());
        LayerGroups clustered = AgglomerativeLayerClustering.cluster(ckaForGrouping, options.groupCount());
        List<AnchorSelection.RankedGroup> rankedGroups = AnchorSelection.rankGroups(contiguous, consensus);

        Map<String, Double> seconds = new LinkedHashMap<>();
        for (LayerOutcome o : outcomes) {
            o.seconds().forEach((k, v) -> seconds.merge(k, v, Double::sum));
        }
        seconds.merge("linear_cka", ckaSeconds, Double::sum);
        seconds.put("wall_total", (System.nanoTime() - wallStart) / 1e9); // elapsed, not CPU
        return new AnalysisResult(describe(source), describe(target), layers,
                options.vector() == UtteranceVector.MEAN_AND_STD ? 2 * source.dim() : source.dim(), options,
                plan.labelUsing() ? plan.classes() : List.of(), measures, rankings, consensus, anchors,
                ckaSource, ckaTarget, ckaForGrouping, contiguous, clustered, rankedGroups, centroids, seconds, notes);
    }

    private static LayerMeasure measure(String name, String title, String units, LabelUse use, Better better,
                                        List<LayerOutcome> outcomes) {
        double[] v = new double[outcomes.size()];
        for (int l = 0; l < v.length; l++) {
            v[l] = outcomes.get(l).values().getOrDefault(name, Double.NaN);
        }
        return new LayerMeasure(name, title, units, use, better, v);
    }

    private static double[][] mean(double[][] a, double[][] b) {
        double[][] m = new double[a.length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a.length; j++) {
                m[i][j] = 0.5 * (a[i][j] + b[i][j]);
            }
        }
        return m;
    }

    private static List<String> sharedEmotions(FeatureSet source, FeatureSet target) {
        Set<String> s = new TreeSet<>();
        source.utterances().forEach(u -> s.add(u.emotion()));
        Set<String> t = new TreeSet<>();
        target.utterances().forEach(u -> t.add(u.emotion()));
        s.retainAll(t);
        s.remove("");
        return List.copyOf(s);
    }

    private static int[] rowsWithClass(FeatureSet set, List<String> classes) {
        Set<String> wanted = Set.copyOf(classes);
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < set.rows(); i++) {
            if (wanted.contains(set.utterances().get(i).emotion())) {
                rows.add(i);
            }
        }
        return rows.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] classIndices(FeatureSet set, int[] rows, List<String> classes) {
        int[] y = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            y[i] = classes.indexOf(set.utterances().get(rows[i]).emotion());
        }
        return y;
    }

    /** Speaker ids of the rows; an utterance without one stands alone (its own group). */
    private static List<String> speakers(FeatureSet set, int[] rows) {
        List<String> ids = new ArrayList<>();
        for (int r : rows) {
            Utterance u = set.utterances().get(r);
            ids.add(u.speaker().isEmpty() ? u.corpus() + "#row" + r : u.corpus() + "/" + u.speaker());
        }
        return ids;
    }

    /** "ravdess (en): 1440 utterances, 24 speakers". */
    static String describe(FeatureSet set) {
        Map<String, Set<String>> languagesByCorpus = new TreeMap<>();
        Set<String> speakers = new TreeSet<>();
        for (Utterance u : set.utterances()) {
            languagesByCorpus.computeIfAbsent(u.corpus(), k -> new TreeSet<>()).add(u.language());
            speakers.add(u.corpus() + "/" + u.speaker());
        }
        List<String> parts = new ArrayList<>();
        languagesByCorpus.forEach((corpus, langs) -> parts.add(corpus + " (" + String.join(",", langs) + ")"));
        return String.join(" + ", parts) + ": " + set.rows() + " utterances, " + speakers.size() + " speakers";
    }
}
