package org.layeranchor.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.layeranchor.analysis.AnalysisOptions;
import org.layeranchor.analysis.CrossLingualAnalysis;
import org.layeranchor.analysis.PerDomainCoralRanking;
import org.layeranchor.corpus.Utterance;
import org.layeranchor.evaluation.Evaluation;
import org.layeranchor.features.FeatureSet;
import org.layeranchor.numeric.ContentFingerprint;
import org.layeranchor.training.linear.ClosedFormCoral;
import org.layeranchor.training.linear.LinearEnsemble;
import org.layeranchor.training.linear.LinearHeadTrainer;
import org.layeranchor.training.linear.LinearMember;
import org.layeranchor.training.nn.ClassBalancedCrossEntropy;

/**
 * Training with {@code head: linear}: each anchor of the strategy becomes one logistic regression on
 * its layers' standardised inputs, trained on source rows that closed-form CORAL aligned with the
 * unlabelled target at that anchor; the model averages the members' probabilities.
 *
 * <p>What each strategy means here (same standardisation, head and fusion for all):
 * <ul>
 *   <li>{@code last-layer}: one member, the last layer, no alignment;</li>
 *   <li>{@code weighted-sum}: one member per layer, all layers, no alignment (the linear form of a
 *       sum over every layer: fusion of every layer's scores with equal weights);</li>
 *   <li>{@code best-layer}: one member, the layer whose speaker-disjoint source-validation UAR is
 *       highest, no alignment;</li>
 *   <li>{@code coral-last}: one member, the last layer, aligned (CORAL on the final representation);</li>
 *   <li>{@code lam}, {@code lam-vowel}: one aligned member per anchor layer of the label-free ranking;</li>
 *   <li>{@code lam-gl}: one aligned member per layer of the anchor groups, so a group contributes its
 *       layers' aligned views (see docs/TRAINING.md for why not one member per group).</li>
 * </ul>
 * No randomness is involved except best-layer's speaker validation split (none when it holds sources
 * out), so a seed changes nothing else ({@link Trainer#seedChangesModel}).
 */
final class LinearTraining {
    /**
     * Source rows already aligned by closed-form CORAL, for the most recent anchors, while a caller
     * that trains many models on the same data (the benchmark) has opened {@link #shareAlignments};
     * null otherwise, so that code which changes feature arrays in place between two trainings never
     * sees a stale entry. The key holds the feature arrays themselves (compared by identity, as arrays
     * are). Bounded by bytes, not entries ({@link BoundedRowsCache}): an entry grows with the corpus.
     */
    private static volatile BoundedRowsCache<AlignedKey> aligned;
    /**
     * While alignments are shared, also the covariance powers of CORAL maps, by the rows' content: a
     * source is whitened for every target and a target re-coloured for every source, so the benchmark
     * asked for 656 powers of which 149 differ (each two d × d eigendecomposition-sized jobs).
     */
    private static volatile BoundedRowsCache<PowerKey> powers;
    private static int sharers;
    /** What the shared aligned rows may hold: a direction's anchors with the four real corpora (2-10 MB each) fit well within it. */
    static final long SHARED_ALIGNMENT_BYTES = 256L << 20;
    /**
     * What the shared covariance powers may hold: 2 MB each for 512 mean inputs (8 MB for mean and std);
     * the 149 of the four-corpus benchmark fit. Their size does not grow with the corpora.
     */
    static final long SHARED_POWER_BYTES = 384L << 20;

    /** Shares aligned source rows and CORAL's covariance powers between trainings until the returned handle is closed. */
    static synchronized AutoCloseable shareAlignments() {
        if (sharers++ == 0) {
            aligned = new BoundedRowsCache<>(SHARED_ALIGNMENT_BYTES);
            powers = new BoundedRowsCache<>(SHARED_POWER_BYTES);
        }
        return () -> {
            synchronized (LinearTraining.class) {
                if (--sharers == 0) {
                    aligned = null;
                    powers = null;
                }
            }
        };
    }

    /** How many covariance powers are remembered now (0 when alignments are not shared), for tests. */
    static int sharedCovariancePowers() {
        BoundedRowsCache<PowerKey> memo = powers;
        return memo == null ? 0 : memo.size();
    }

    /** Rows by content, with the regularisation and the power: the key of one covariance power. */
    private record PowerKey(long rows, int rowCount, int width, double epsilon, double power) {
    }

    /**
     * CORAL's covariance powers: remembered by the rows' content while alignments are shared (computed
     * outside the lock, as the aligned rows are), computed afresh otherwise. The same arithmetic either
     * way, so the maps are the same bit for bit.
     */
    private static ClosedFormCoral.CovariancePower covariancePowers() {
        BoundedRowsCache<PowerKey> memo = powers;
        if (memo == null) {
            return ClosedFormCoral.DIRECT;
        }
        return (rows, epsilon, p) -> {
            PowerKey key = new PowerKey(ContentFingerprint.of(rows), rows.length, rows.length == 0 ? 0 : rows[0].length,
                    epsilon, p);
            double[][] known = memo.get(key);
            if (known == null) {
                known = ClosedFormCoral.DIRECT.of(rows, epsilon, p);
                memo.put(key, known);
            }
            return known;
        };
    }

    /** One logistic-regression head: its source rows (null = all) and its members' layers. */
    private record Head(String corpus, int[] rows, List<int[]> members) {
    }

    /** The unlabelled target as a feature set (blank utterances, no label), for the label-free ranking. */
    private static FeatureSet asFeatureSet(UnlabelledFeatures target) {
        List<Utterance> blank = new ArrayList<>(target.rows());
        for (String id : target.ids()) {
            blank.add(new Utterance("target", java.nio.file.Path.of(""), id, "", "", "", "", "", Double.NaN, Map.of(), 0));
        }
        return new FeatureSet(blank, target.mean(), target.std());
    }

    /** Arrays compare by identity in a record's equals: the same data objects, the same layers and settings. */
    private record AlignedKey(float[][][] sourceMean, float[][][] targetMean, String layers, double epsilon,
                              boolean perDomain, boolean perSource) {
    }

    private LinearTraining() {
    }

    static TrainedModel train(TrainingConfig cfg, FeatureSet source, UnlabelledFeatures target, AnchorInputs anchors,
                              EncoderIdentity encoder, List<String> classes, int[] labels) {
        Strategy strategy = cfg.strategy();
        int layers = source.layers();
        boolean align = strategy.adaptsToTarget();
        if (align && target.rows() < 2) {
            throw new IllegalArgumentException("strategy " + strategy + " aligns with the target, but the unlabelled target "
                    + "has " + target.rows() + " rows (at least 2 needed)");
        }
        int[] allRows = Trainer.range(source.rows());
        int[] allLayers = Trainer.range(layers);
        FeatureNormalizer sourceNorm = FeatureNormalizer.fit(source.mean(), source.std(), allRows, allLayers);
        boolean perDomain = cfg.standardisation().perDomain() && target.rows() >= 2;
        FeatureNormalizer targetNorm = perDomain
                ? FeatureNormalizer.fit(target.mean(), target.std(), Trainer.range(target.rows()), allLayers) : sourceNorm;
        // Standardised when a member reads them, layer by layer (not every layer up front: see StandardisedRows).
        StandardisedRows src = new StandardisedRows(sourceNorm, source.mean(), source.std());
        StandardisedRows tgt = target.rows() == 0 ? null : new StandardisedRows(targetNorm, target.mean(), target.std());
        double[] classWeights = ClassBalancedCrossEntropy.inverseFrequencyWeights(labels, classes.size());

        Map<Integer, Double> selection = new TreeMap<>();
        ValidationSplit split = null;
        List<int[]> members;
        List<Anchor> anchorList;
        switch (strategy) {
            case LAST_LAYER, CORAL_LAST -> {
                members = List.<int[]>of(new int[] {layers - 1});
                anchorList = align ? List.of(Anchor.ofLayers(layers - 1)) : List.of();
            }
            case WEIGHTED_SUM -> {
                members = new ArrayList<>();
                for (int l = 0; l < layers; l++) {
                    members.add(new int[] {l});
                }
                anchorList = List.of();
            }
            case BEST_LAYER -> {
                List<int[]> corpora = new ArrayList<>(Utterance.rowsByCorpus(source.utterances()).values());
                boolean heldOutSources = holdsSourcesOut(cfg, source);
                if (!heldOutSources) {
                    split = ValidationSplit.of(source.utterances(), cfg.validationFraction(),
                            new SplittableRandom(cfg.seed()).split());
                    if (split.validation().length == 0) {
                        throw new IllegalArgumentException("best-layer chooses its layer on source validation data: "
                                + "validationFraction must be > 0");
                    }
                }
                int best = -1;
                for (int l = 0; l < layers; l++) {
                    double[][] layerRows = src.of(new int[] {l}, width(cfg, source));
                    double uar = heldOutSources ? heldOutSourceUar(layerRows, labels, corpora, classes, cfg)
                            : validationUar(layerRows, labels, split, classes, cfg);
                    selection.put(l, uar);
                    if (best < 0 || uar > selection.get(best)) {
                        best = l;
                    }
                }
                members = List.<int[]>of(new int[] {best});
                anchorList = List.of();
            }
            default -> {
                AnchorPlan plan = AnchorPlan.resolve(strategy, cfg, anchors, layers);
                anchorList = plan.anchors();
                members = new ArrayList<>();
                for (Anchor a : anchorList) {
                    for (int l : a.layers()) {
                        if (members.stream().noneMatch(m -> m[0] == l)) {
                            members.add(new int[] {l});
                        }
                    }
                }
            }
        }

        List<LinearMember> fitted = new ArrayList<>();
        int iterations = 0;
        // With headInputs: mean, only the first half of each layer's [mean ‖ std] row is read.
        int width = width(cfg, source);
        BoundedRowsCache<AlignedKey> shared = aligned;
        List<int[]> sourceGroups = cfg.multiSourceAlignment() == TrainingConfig.MultiSource.PER_SOURCE
                ? new ArrayList<>(Utterance.rowsByCorpus(source.utterances()).values()) : List.of();
        boolean perSource = sourceGroups.size() > 1;
        // multiSourceHeads: per-source — each source corpus gets its own head: its own anchors (the layers where
        // that language agrees best with the target), its own CORAL map and logistic regressions; the model
        // averages all members, so every source weighs the same. best-layer keeps one head (its layer is chosen
        // by holding sources out).
        Map<String, int[]> corpora = Utterance.rowsByCorpus(source.utterances());
        boolean perSourceHeads = cfg.multiSourceHeads() == TrainingConfig.MultiSource.PER_SOURCE && corpora.size() > 1
                && strategy != Strategy.BEST_LAYER;
        List<Head> heads = new ArrayList<>();
        if (perSourceHeads) {
            anchorList = new ArrayList<>();
            FeatureSet targetSet = align || strategy == Strategy.LAM ? asFeatureSet(target) : null;
            for (Map.Entry<String, int[]> c : corpora.entrySet()) {
                List<int[]> own = members;
                if (strategy == Strategy.LAM) {
                    FeatureSet part = source.subset(c.getValue());
                    AnchorPlan plan = AnchorPlan.resolve(strategy, cfg, anchors.withSimilarityRanking(
                            ownRanking(cfg, part, targetSet)), layers);
                    own = plan.anchors().stream().map(Anchor::layers).map(l -> l.stream().mapToInt(Integer::intValue)
                            .toArray()).toList();
                    anchorList.addAll(plan.anchors());
                } else if (align) {
                    anchorList.addAll(AnchorPlan.resolve(strategy, cfg, anchors, layers).anchors());
                }
                heads.add(new Head(c.getKey(), c.getValue(), own));
            }
        } else {
            heads.add(new Head("", null, members));
        }
        for (Head h : heads) {
            int[] hl = h.rows == null ? labels : Trainer.pick(labels, h.rows);
            for (int[] m : h.members) {
                double[][] xs = src.of(m, width);
                if (h.rows != null) {
                    xs = pick(xs, h.rows);
                }
                if (align) {
                    // The aligned rows depend only on the data, the rows, the layers, ε and the standardisation, not on
                    // the head's settings or the strategy: strategies and settings that share an anchor share its work.
                    AlignedKey key = new AlignedKey(source.mean(), target.mean(), Arrays.toString(m) + "/" + width + "/" + h.corpus,
                            cfg.coralEpsilon(), perDomain, perSource);
                    double[][] cached = shared == null ? null : shared.get(key);
                    if (cached == null) {
                        // Computed outside the lock, so that runs on other threads are not held up; two threads may
                        // compute the same entry once each, with the same result.
                        double[][] targetRows = tgt.of(m, width);
                        cached = perSource && h.rows == null ? alignEachSource(xs, sourceGroups, targetRows, cfg.coralEpsilon())
                                : ClosedFormCoral.apply(xs, ClosedFormCoral.map(xs, targetRows, cfg.coralEpsilon(),
                                covariancePowers()));
                        if (shared != null) {
                            shared.put(key, cached);
                        }
                    }
                    xs = cached;
                }
                LinearHeadTrainer.Fit fit = LinearHeadTrainer.fit(m, xs, hl, classes.size(), cfg.l2());
                fitted.add(width == 2 * source.dim() ? fit.member() : padded(fit.member(), width, 2 * source.dim()));
                iterations = Math.max(iterations, fit.iterations());
            }
        }
        LinearEnsemble head = new LinearEnsemble(fitted);
        List<Integer> used = head.usedLayers();
        int[] usedArray = used.stream().mapToInt(Integer::intValue).toArray();
        FeatureNormalizer predictionNorm = targetNorm.restrictTo(usedArray);

        Map<String, Double> weightsByClass = new LinkedHashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            weightsByClass.put(classes.get(c), classWeights[c]);
        }
        double bestUar = selection.isEmpty() ? Double.NaN : selection.get(members.get(0)[0]);
        TrainingSummary summary = new TrainingSummary(source.rows(), split == null ? 0 : split.validation().length,
                split == null ? List.of() : split.validationSpeakers(), weightsByClass, iterations, iterations, bestUar,
                selection, List.of());
        List<String> targetIds = target.ids();
        TrainingProvenance provenance = new TrainingProvenance(
                DataFingerprint.of(source.utterances().stream().map(Utterance::id).toList()), source.rows(),
                targetIds.isEmpty() ? "" : DataFingerprint.of(targetIds), targetIds.size(), cfg.seed(),
                GitCommit.current(), System.getProperty("java.version"),
                TrainingProvenance.sourcesOf(source.utterances(), classes));
        List<List<Integer>> memberLayers = new ArrayList<>();
        for (LinearMember m : fitted) {
            memberLayers.add(Arrays.stream(m.layers()).boxed().toList());
        }
        ModelDescription description = new ModelDescription(ModelDescription.FORMAT, ModelDescription.FORMAT_VERSION,
                classes, strategy, encoder, layers, source.dim(), used, anchorList, 2 * source.dim(), 0, 0, false,
                List.of(), cfg.withClasses(classes), provenance, summary,
                perDomain ? ModelDescription.STANDARDISED_WITH_TARGET : ModelDescription.STANDARDISED_WITH_SOURCE,
                memberLayers);
        return new TrainedModel(description, null, head, predictionNorm);
    }

    /**
     * One source's own label-free ranking of the layers, for its head: by CORAL distance to the target,
     * or with {@code anchorRanking: consensus} by the mean rank of the label-free measures, as anchors
     * are chosen for pooled sources.
     */
    private static int[] ownRanking(TrainingConfig cfg, FeatureSet source, FeatureSet unlabelledTarget) {
        if (cfg.anchorRanking() == TrainingConfig.AnchorRanking.CONSENSUS) {
            return CrossLingualAnalysis.run(source, unlabelledTarget,
                    AnalysisOptions.defaults().withLabelUsingMeasures(false)).consensus().layersBestFirst();
        }
        return PerDomainCoralRanking.rank(source, unlabelledTarget, cfg.rankingVector()).ranking();
    }

    /** Whether best-layer scores each layer by holding each source corpus out in turn (no random split). */
    static boolean holdsSourcesOut(TrainingConfig cfg, FeatureSet source) {
        return cfg.validation() == TrainingConfig.Validation.LEAVE_ONE_SOURCE_OUT
                && Utterance.rowsByCorpus(source.utterances()).size() > 1;
    }

    /**
     * multiSourceAlignment: per-source — each source corpus gets its own CORAL map onto the target, so
     * a language whose covariance differs most from the target's is corrected most, instead of one
     * transform fitted to the mixture.
     */
    private static double[][] alignEachSource(double[][] rows, List<int[]> groups, double[][] target, double epsilon) {
        double[][] out = new double[rows.length][];
        for (int[] g : groups) {
            double[][] part = pick(rows, g);
            double[][] moved = ClosedFormCoral.apply(part, ClosedFormCoral.map(part, target, epsilon, covariancePowers()));
            for (int i = 0; i < g.length; i++) {
                out[g[i]] = moved[i];
            }
        }
        return out;
    }

    private static int width(TrainingConfig cfg, FeatureSet source) {
        return cfg.headInputs() == TrainingConfig.HeadInputs.MEAN ? source.dim() : 2 * source.dim();
    }

    /**
     * Mean UAR over the source corpora, each in turn held out: a logistic regression of one layer
     * fitted on the other corpora's rows, scored on the held-out corpus's.
     */
    private static double heldOutSourceUar(double[][] layerRows, int[] labels, List<int[]> corpora, List<String> classes,
                                           TrainingConfig cfg) {
        double sum = 0;
        for (int[] heldOut : corpora) {
            boolean[] out = new boolean[layerRows.length];
            for (int r : heldOut) {
                out[r] = true;
            }
            int[] train = IntStream.range(0, layerRows.length).filter(r -> !out[r]).toArray();
            sum += validationUar(layerRows, labels, new ValidationSplit(train, heldOut, List.of()), classes, cfg);
        }
        return sum / corpora.size();
    }

    /** UAR on the validation rows of a logistic regression fitted on the training rows of one layer. */
    private static double validationUar(double[][] layerRows, int[] labels, ValidationSplit split, List<String> classes,
                                        TrainingConfig cfg) {
        double[][] train = pick(layerRows, split.train());
        int[] trainLabels = Trainer.pick(labels, split.train());
        LinearMember m = LinearHeadTrainer.fit(new int[] {0}, train, trainLabels, classes.size(), cfg.l2()).member();
        int[] truth = Trainer.pick(labels, split.validation());
        int[] pred = new int[truth.length];
        for (int i = 0; i < truth.length; i++) {
            pred[i] = Evaluation.argmax(new double[][] {m.logits(layerRows[split.validation()[i]])})[0];
        }
        return Evaluation.of(classes, truth, pred).uar();
    }

    /**
     * A member fitted on the first {@code read} values of each layer's row, stored for full rows of
     * {@code full} values: the unread values get zero weights, so prediction and export read the
     * model folder's one layout.
     */
    private static LinearMember padded(LinearMember m, int read, int full) {
        int layers = m.layers().length;
        float[][] w = new float[layers * full][m.classes()];
        for (int i = 0; i < layers; i++) {
            for (int j = 0; j < read; j++) {
                w[i * full + j] = m.weights()[i * read + j].clone();
            }
        }
        return new LinearMember(m.layers(), w, m.bias());
    }

    private static double[][] pick(double[][] rows, int[] idx) {
        double[][] out = new double[idx.length][];
        for (int i = 0; i < idx.length; i++) {
            out[i] = rows[idx[i]];
        }
        return out;
    }

}
