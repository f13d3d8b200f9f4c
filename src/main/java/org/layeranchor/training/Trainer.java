package org.layeranchor.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.layeranchor.corpus.Utterance;
import org.layeranchor.features.FeatureSet;
import org.layeranchor.features.FrameFeatureSet;
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

    public static TrainedModel train(TrainingConfig cfg, FeatureSet labelledSource, UnlabelledFeatures target,
                                     AnchorInputs anchors, EncoderIdentity encoder) {
        return train(cfg, labelledSource, target, anchors, encoder, TrainingListener.SILENT);
    }

    public static TrainedModel train(TrainingConfig cfg, FeatureSet labelledSource, UnlabelledFeatures target,
                                     AnchorInputs anchors, EncoderIdentity encoder, TrainingListener listener) {
        if (cfg.pooling() != TrainingConfig.Pooling.STATISTICS) {
            throw new IllegalArgumentException("'pooling: " + cfg.pooling().key() + "' pools frames: train on frame "
                    + "features (a FrameFeatureSet, stored with extract --frames), not on pooled statistics");
        }
        Inputs source = new Inputs() {
            public FeatureNormalizer fit(int[] rows, int[] layers) {
                return FeatureNormalizer.fit(labelledSource.mean(), labelledSource.std(), rows, layers);
            }

            public BranchInputs apply(FeatureNormalizer norm, int[] rows) {
                return norm.apply(labelledSource.mean(), labelledSource.std(), rows);
            }
        };
        return train(cfg, labelledSource.utterances(), labelledSource.layers(), labelledSource.dim(), 2 * labelledSource.dim(),
                source, target.ids(), target.layers(), target.dim(), norm -> norm.apply(target.mean(), target.std(), null),
                anchors, encoder, listener);
    }

    /** Attentive pooling ({@code pooling: attentive}) on frame features; otherwise as the pooled-statistics form. */
    public static TrainedModel train(TrainingConfig cfg, FrameFeatureSet labelledSource, UnlabelledFrames target,
                                     AnchorInputs anchors, EncoderIdentity encoder) {
        return train(cfg, labelledSource, target, anchors, encoder, TrainingListener.SILENT);
    }

    public static TrainedModel train(TrainingConfig cfg, FrameFeatureSet labelledSource, UnlabelledFrames target,
                                     AnchorInputs anchors, EncoderIdentity encoder, TrainingListener listener) {
        if (cfg.pooling() != TrainingConfig.Pooling.ATTENTIVE) {
            throw new IllegalArgumentException("'pooling: " + cfg.pooling().key() + "' reads pooled statistics: train on "
                    + "a FeatureSet, or set 'pooling: attentive' to train on frames");
        }
        Inputs source = new Inputs() {
            public FeatureNormalizer fit(int[] rows, int[] layers) {
                return FeatureNormalizer.fitFrames(labelledSource.frames(), rows, layers);
            }

            public BranchInputs apply(FeatureNormalizer norm, int[] rows) {
                return norm.applyFrames(labelledSource.frames(), rows);
            }
        };
        return train(cfg, labelledSource.utterances(), labelledSource.layers(), labelledSource.dim(), labelledSource.dim(),
                source, target.ids(), target.layers(), target.dim(), norm -> norm.applyFrames(target.frames(), null),
                anchors, encoder, listener);
    }

    /** The two feature forms (pooled statistics, frames) behind what training needs of them. */
    private interface Inputs {
        /** Standardisation statistics from {@code rows}, for the given layers. */
        FeatureNormalizer fit(int[] rows, int[] layers);

        /** The standardised inputs of {@code rows} (all when null) for the normaliser's layers. */
        BranchInputs apply(FeatureNormalizer norm, int[] rows);
    }

    /** Every target row, standardised with the source's statistics (the target never fits any). */
    private interface TargetInputs {
        BranchInputs apply(FeatureNormalizer norm);
    }

    private static TrainedModel train(TrainingConfig cfg, List<Utterance> utterances, int layers, int dim, int inputDim,
                                      Inputs labelledSource, List<String> targetIds, int targetLayers, int targetDim,
                                      TargetInputs target, AnchorInputs anchors, EncoderIdentity encoder,
                                      TrainingListener listener) {
        if (utterances.isEmpty() || layers == 0 || dim == 0) {
            throw new IllegalArgumentException("the source has no features (" + utterances.size() + " rows, "
                    + layers + " layers, dim " + dim + ")");
        }
        Strategy strategy = cfg.strategy();
        if (strategy.adaptsToTarget() && (targetLayers != layers || targetDim != dim)) {
            throw new IllegalArgumentException("source features have " + layers + " layers of dim " + dim
                    + " but target features " + targetLayers + " of dim " + targetDim + ": not from the same encoder");
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
                .collect(java.util.stream.Collectors.toCollection(TreeSet::new))
                .stream().mapToInt(Integer::intValue).toArray();
        FeatureNormalizer fitted = labelledSource.fit(split.train(), allUsed);

        TrainingRun.Outcome chosen = null;
        AnchorPlan chosenPlan = null;
        FeatureNormalizer chosenNormalizer = null;
        Map<Integer, Double> selection = new TreeMap<>();
        for (AnchorPlan plan : candidates) {
            FeatureNormalizer norm = restrict(fitted, allUsed, plan.usedLayers());
            BranchInputs trainInputs = labelledSource.apply(norm, split.train());
            BranchInputs validationInputs = validate ? labelledSource.apply(norm, split.validation()) : null;
            BranchInputs targetInputs = plan.anchors().isEmpty() ? null : target.apply(norm);
            String name = strategy == Strategy.BEST_LAYER ? "layer " + plan.usedLayers().get(0) : "main";
            TrainingRun.Outcome outcome = new TrainingRun(cfg, plan, trainInputs, trainLabels, validationInputs,
                    validationLabels, targetInputs, classWeights, classes, runSeed, listener, name).run();
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
                cfg.seed(), GitCommit.current(), System.getProperty("java.version"));
        TrainingConfig resolved = cfg.withClasses(classes);
        ModelDescription description = new ModelDescription(ModelDescription.FORMAT, ModelDescription.FORMAT_VERSION,
                classes, strategy, encoder, layers, dim, chosenPlan.usedLayers(), chosenPlan.anchors(), inputDim,
                cfg.projectionDim(), cfg.hiddenDim(), net.learnedFusion(), fusionWeights, resolved, provenance, summary);
        return new TrainedModel(description, net, chosenNormalizer);
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

    private static int[] pick(int[] values, int[] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = values[rows[i]];
        }
        return out;
    }

    private static FeatureNormalizer restrict(FeatureNormalizer fitted, int[] fittedLayers, List<Integer> layers) {
        float[][] centre = new float[layers.size()][];
        float[][] scale = new float[layers.size()][];
        for (int b = 0; b < layers.size(); b++) {
            int at = java.util.Arrays.binarySearch(fittedLayers, layers.get(b));
            centre[b] = fitted.centre()[at];
            scale[b] = fitted.scale()[at];
        }
        return new FeatureNormalizer(layers.stream().mapToInt(Integer::intValue).toArray(), centre, scale);
    }
}
