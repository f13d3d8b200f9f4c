package org.layeranchor.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.layeranchor.corpus.Utterance;
import org.layeranchor.features.FeatureSet;
import org.layeranchor.training.nn.ClassBalancedCrossEntropy;
import org.layeranchor.training.nn.Parameter;

/**
 * The training stage: a labelled source, an unlabelled target and the analysis stage's anchor
 * inputs in, a {@link TrainedModel} out.
 *
 * <p>Order of work, all of it derived from {@code cfg.seed()} through one {@link SplittableRandom}:
 * the source is split into training and validation rows (speaker-disjoint when speakers are known),
 * input statistics are computed on the training rows only, the strategy's {@link AnchorPlan} is
 * trained (for best-layer: one single-layer run per layer, the best source-validation UAR wins),
 * and the weights are rounded to float32, the precision they are stored in.
 */
public final class Trainer {
    private Trainer() {
    }

    /**
     * While the returned handle is open, linear-head trainings on the very same feature arrays share
     * their CORAL-aligned source rows (strategies and settings with a common anchor compute it once).
     * For callers that train many models on unchanged data, such as the benchmark.
     */
    public static AutoCloseable shareAlignments() {
        return LinearTraining.shareAlignments();
    }

    /**
     * Whether another seed can give another model for this config and source. Always for the network
     * head (initialisation, batches, validation split). The linear head has no randomness (L-BFGS
     * from zero on all source rows) except best-layer's speaker split for choosing its layer, and
     * best-layer uses none when it holds each of several sources out in turn instead
     * ({@code validation: leave-one-source-out}). Callers that train one model per seed (the
     * benchmark) train once when this is false.
     */
    public static boolean seedChangesModel(TrainingConfig cfg, FeatureSet labelledSource) {
        if (cfg.head() != TrainingConfig.Head.LINEAR) {
            return true;
        }
        return cfg.strategy() == Strategy.BEST_LAYER && !LinearTraining.holdsSourcesOut(cfg, labelledSource);
    }

    public static TrainedModel train(TrainingConfig cfg, FeatureSet labelledSource, UnlabelledFeatures target,
                                     AnchorInputs anchors, EncoderIdentity encoder) {
        return train(cfg, labelledSource, target, anchors, encoder, TrainingListener.SILENT);
    }

    public static TrainedModel train(TrainingConfig cfg, FeatureSet labelledSource, UnlabelledFeatures target,
                                     AnchorInputs anchors, EncoderIdentity encoder, TrainingListener listener) {
        if (cfg.head() == TrainingConfig.Head.LINEAR) {
            return trainLinear(cfg, labelledSource, target, anchors, encoder);
        }
        return trainNetwork(cfg, labelledSource, target, anchors, encoder, listener);
    }

    private static TrainedModel trainLinear(TrainingConfig cfg, FeatureSet source, UnlabelledFeatures target,
                                            AnchorInputs anchors, EncoderIdentity encoder) {
        if (source.rows() == 0 || source.layers() == 0 || source.dim() == 0) {
            throw new IllegalArgumentException("the source has no features (" + source.rows() + " rows, "
                    + source.layers() + " layers, dim " + source.dim() + ")");
        }
        if (target.rows() > 0 && (target.layers() != source.layers() || target.dim() != source.dim())) {
            throw new IllegalArgumentException("source features have " + source.layers() + " layers of dim " + source.dim()
                    + " but target features " + target.layers() + " of dim " + target.dim() + ": not from the same encoder");
        }
        List<String> classes = cfg.classes().isEmpty() ? sortedLabels(source.utterances()) : cfg.classes();
        return LinearTraining.train(cfg, source, target, anchors, encoder, classes, labelIndices(source.utterances(), classes));
    }

    /** 0, 1, …, n − 1. */
    static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    /** The network head ({@code head: mlp}). */
    private static TrainedModel trainNetwork(TrainingConfig cfg, FeatureSet source, UnlabelledFeatures target,
                                             AnchorInputs anchors, EncoderIdentity encoder, TrainingListener listener) {
        List<Utterance> utterances = source.utterances();
        int layers = source.layers();
        int dim = source.dim();
        List<String> targetIds = target.ids();
        if (utterances.isEmpty() || layers == 0 || dim == 0) {
            throw new IllegalArgumentException("the source has no features (" + utterances.size() + " rows, "
                    + layers + " layers, dim " + dim + ")");
        }
        Strategy strategy = cfg.strategy();
        if (strategy.adaptsToTarget() && (target.layers() != layers || target.dim() != dim)) {
            throw new IllegalArgumentException("source features have " + layers + " layers of dim " + dim
                    + " but target features " + target.layers() + " of dim " + target.dim() + ": not from the same encoder");
        }

        List<String> classes = cfg.classes().isEmpty() ? sortedLabels(utterances) : cfg.classes();
        int[] labels = labelIndices(utterances, classes);
        SplittableRandom root = new SplittableRandom(cfg.seed());
        ValidationSplit split = ValidationSplit.of(utterances, cfg.validationFraction(), root.split());
        long runSeed = root.nextLong();
        int[] trainLabels = pick(labels, split.train());
        int[] validationLabels = pick(labels, split.validation());
        double[] classWeights = ClassBalancedCrossEntropy.inverseFrequencyWeights(trainLabels, classes.size());
        boolean validate = split.validation().length > 0;

        List<AnchorPlan> candidates = new ArrayList<>();
        if (strategy == Strategy.BEST_LAYER) {
            if (!validate) {
                throw new IllegalArgumentException("best-layer chooses its layer on source validation data: "
                        + "validationFraction must be > 0");
            }
            for (int l = 0; l < layers; l++) {
                candidates.add(AnchorPlan.singleLayer(l));
            }
        } else {
            candidates.add(AnchorPlan.resolve(strategy, cfg, anchors, layers));
        }
        // Statistics once over every layer any candidate reads; each run takes its own branches.
        int[] allUsed = candidates.stream().flatMap(p -> p.usedLayers().stream())
                .collect(Collectors.toCollection(TreeSet::new))
                .stream().mapToInt(Integer::intValue).toArray();
        FeatureNormalizer fitted = FeatureNormalizer.fit(source.mean(), source.std(), split.train(), allUsed);
        // Per-domain standardisation: the target's own statistics for its inputs, now and at prediction.
        boolean perDomain = cfg.standardisation().perDomain() && targetIds.size() >= 2;

        TrainingRun.Outcome chosen = null;
        AnchorPlan chosenPlan = null;
        FeatureNormalizer chosenNormalizer = null;
        Map<Integer, Double> selection = new TreeMap<>();
        for (AnchorPlan plan : candidates) {
            FeatureNormalizer norm = restrict(fitted, allUsed, plan.usedLayers());
            LayerInputs trainInputs = norm.apply(source.mean(), source.std(), split.train());
            LayerInputs validationInputs = validate ? norm.apply(source.mean(), source.std(), split.validation()) : null;
            LayerInputs targetInputs = plan.anchors().isEmpty() ? null
                    : (perDomain ? targetStatistics(target, norm.layers()) : norm).apply(target.mean(), target.std(), null);
            String name = strategy == Strategy.BEST_LAYER ? "layer " + plan.usedLayers().get(0) : "main";
            TrainingRun.SourceSplit rows = new TrainingRun.SourceSplit(new TrainingRun.LabelledRows(trainInputs, trainLabels),
                    validate ? new TrainingRun.LabelledRows(validationInputs, validationLabels) : null);
            TrainingRun.Outcome outcome = new TrainingRun(cfg, plan, rows, targetInputs,
                    new TrainingRun.ClassWeights(classes, classWeights), runSeed, listener, name).run();
            if (strategy == Strategy.BEST_LAYER) {
                selection.put(plan.usedLayers().get(0), outcome.bestValidationUar());
            }
            // Strictly better UAR wins; on a tie the lower validation loss; then the earlier layer.
            if (chosen == null || outcome.bestValidationUar() > chosen.bestValidationUar()
                    || (outcome.bestValidationUar() == chosen.bestValidationUar()
                    && outcome.bestValidationLoss() < chosen.bestValidationLoss())) {
                chosen = outcome;
                chosenPlan = plan;
                chosenNormalizer = norm;
            }
        }

        EmotionClassifierNetwork net = chosen.network();
        for (Parameter p : net.storedParameters()) {
            p.roundToFloat();
        }
        List<Double> fusionWeights = new ArrayList<>();
        for (double w : net.fusionWeights()) {
            fusionWeights.add(w);
        }
        Map<String, Double> weightsByClass = new LinkedHashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            weightsByClass.put(classes.get(c), classWeights[c]);
        }
        TrainingSummary summary = new TrainingSummary(split.train().length, split.validation().length,
                split.validationSpeakers(), weightsByClass, chosen.epochsRun(), chosen.bestEpoch(),
                chosen.bestValidationUar(), selection, chosen.history());
        TrainingProvenance provenance = new TrainingProvenance(
                DataFingerprint.of(utterances.stream().map(Utterance::id).toList()),
                utterances.size(), targetIds.isEmpty() ? "" : DataFingerprint.of(targetIds), targetIds.size(),
                cfg.seed(), GitCommit.current(), System.getProperty("java.version"),
                TrainingProvenance.sourcesOf(utterances, classes));
        TrainingConfig resolved = cfg.withClasses(classes);
        ModelDescription description = new ModelDescription(ModelDescription.FORMAT, ModelDescription.FORMAT_VERSION,
                classes, strategy, encoder, layers, dim, chosenPlan.usedLayers(), chosenPlan.anchors(), 2 * dim,
                cfg.projectionDim(), cfg.hiddenDim(), net.learnedFusion(), fusionWeights, resolved, provenance, summary,
                perDomain ? ModelDescription.STANDARDISED_WITH_TARGET : ModelDescription.STANDARDISED_WITH_SOURCE, List.of());
        return new TrainedModel(description, net, null,
                perDomain ? targetStatistics(target, chosenNormalizer.layers()) : chosenNormalizer);
    }

    private static List<String> sortedLabels(List<Utterance> rows) {
        List<String> labels = new ArrayList<>(new TreeSet<>(rows.stream().map(Utterance::emotion).toList()));
        if (labels.size() < 2) {
            throw new IllegalArgumentException("the source has " + labels.size() + " emotion class(es) " + labels
                    + "; training needs at least 2");
        }
        return labels;
    }

    private static int[] labelIndices(List<Utterance> rows, List<String> classes) {
        int[] out = new int[rows.size()];
        for (int i = 0; i < out.length; i++) {
            Utterance u = rows.get(i);
            out[i] = classes.indexOf(u.emotion());
            if (out[i] < 0) {
                throw new IllegalArgumentException("source utterance " + u.id() + " has emotion '" + u.emotion()
                        + "', which is not in the class set " + classes);
            }
        }
        return out;
    }

    /** values[rows[i]] for each i. */
    static int[] pick(int[] values, int[] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = values[rows[i]];
        }
        return out;
    }

    /** Per-domain standardisation: statistics of every unlabelled target row, for the given layers. */
    private static FeatureNormalizer targetStatistics(UnlabelledFeatures target, int[] layers) {
        return FeatureNormalizer.fit(target.mean(), target.std(), range(target.rows()), layers);
    }

    private static FeatureNormalizer restrict(FeatureNormalizer fitted, int[] fittedLayers, List<Integer> layers) {
        float[][] centre = new float[layers.size()][];
        float[][] scale = new float[layers.size()][];
        for (int b = 0; b < layers.size(); b++) {
            int at = Arrays.binarySearch(fittedLayers, layers.get(b));
            centre[b] = fitted.centre()[at];
            scale[b] = fitted.scale()[at];
        }
        return new FeatureNormalizer(layers.stream().mapToInt(Integer::intValue).toArray(), centre, scale);
    }
}
