package org.layeranchor.training;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * Everything that decides how a model is trained. Defaults ({@link #defaults()}) in brackets.
 * Read it from JSON or YAML with {@link TrainingConfigFiles}; unknown keys are rejected.
 *
 * @param strategy            {@link Strategy} key [lam]
 * @param classes             class set in output order; empty = the sorted distinct source labels [[]]
 * @param projectionDim       p, width of each layer's projection, where CORAL acts [128]
 * @param hiddenDim           width of the classifier's hidden layer (the "final embedding") [128]
 * @param fusion              how several layers are combined: softmax (learned weights) or mean [softmax]
 * @param pooling             how an utterance becomes one vector per layer: statistics (the stored
 *                            [mean ‖ std], projected) or attentive (each frame standardised and
 *                            projected, then an attention-weighted mean over frames; needs frame
 *                            features, see {@code FrameFeatureSet}) [statistics]
 * @param anchorCount         k, anchors taken from the top of a ranking (lam, lam-vowel) [3]
 * @param groupRepresentation a group anchor's representation: mean of its layers' projections, or
 *                            their concat(enation) [mean]
 * @param classifierLayers    layers the classifier reads in the lam strategies: all, or only the
 *                            anchors' layers [all]
 * @param coralWeight         λ, weight of the summed CORAL terms [1.0]
 * @param optimizer           adamw (decoupled weight decay) or adam (L2 added to the gradient) [adamw]
 * @param learningRate        peak learning rate [0.001]
 * @param weightDecay         on weight matrices only, not biases or fusion logits [0.01]
 * @param beta1               Adam β1 [0.9]
 * @param beta2               Adam β2 [0.999]
 * @param epsilon             Adam ε [1e-8]
 * @param schedule            after warmup: cosine (to zero at maxEpochs), step, or constant [cosine]
 * @param warmupEpochs        linear warmup length [1]
 * @param stepEpochs          step schedule: epochs between decays [10]
 * @param stepGamma           step schedule: factor per decay [0.5]
 * @param batchSize           source rows per step; each step also draws as many target rows [64]
 * @param maxEpochs           upper bound on passes over the source training rows [30]
 * @param patience            early stopping: epochs without a better validation UAR before stopping [6]
 * @param minEpochs           epochs always run before early stopping may stop or an epoch may be kept;
 *                            gives CORAL time to act before the source-only validation score decides [0]
 * @param validationFraction  share of source rows held out (by speaker when speakers are known)
 *                            for early stopping and best-layer; 0 disables both [0.2]
 * @param seed                the one seed every random choice derives from [0]
 * @param head                linear: one multinomial logistic regression per anchor (L-BFGS, class-
 *                            balanced, L2 {@code l2}), source rows aligned with the target by closed-form
 *                            CORAL at that anchor, probabilities averaged over the anchors; mlp: the
 *                            trained network (per-layer projections, fusion, hidden layer) with Deep
 *                            CORAL on mini-batches. The network keys (projectionDim … minEpochs) apply
 *                            to mlp only [linear]
 * @param standardisation     per-domain: the source standardised with its own statistics and the target
 *                            with statistics of its unlabelled audio (kept in the model folder and used at
 *                            prediction); source: everything standardised with source statistics
 *                            [per-domain]
 * @param l2                  linear head: λ in mean_i w_i·CE_i + λ/2·‖W‖² [0.1]
 * @param coralEpsilon        linear head: ε added to both covariances of closed-form CORAL [3.0]
 * @param anchorRanking       the label-free ranking that proposes anchor layers and orders the layer
 *                            groups: coral (CORAL distance after per-domain standardisation) or consensus
 *                            (mean rank of CORAL, MMD², Fréchet and proxy A-distance on pooled z-scores)
 *                            [coral]
 * @param headInputs          linear head: which part of each layer's pooled statistics it reads, mean
 *                            (the mean over frames) or mean-std ([mean ‖ std]); with mean the std half
 *                            gets zero weights, so model folders and exports keep one layout [mean]
 */
public record TrainingConfig(
        Strategy strategy,
        List<String> classes,
        int projectionDim,
        int hiddenDim,
        Fusion fusion,
        Pooling pooling,
        int anchorCount,
        GroupRepresentation groupRepresentation,
        ClassifierLayers classifierLayers,
        double coralWeight,
        Optimizer optimizer,
        double learningRate,
        double weightDecay,
        double beta1,
        double beta2,
        double epsilon,
        Schedule schedule,
        int warmupEpochs,
        int stepEpochs,
        double stepGamma,
        int batchSize,
        int maxEpochs,
        int patience,
        int minEpochs,
        double validationFraction,
        long seed,
        Head head,
        Standardisation standardisation,
        double l2,
        double coralEpsilon,
        AnchorRanking anchorRanking,
        HeadInputs headInputs) {

    public enum Fusion {
        SOFTMAX, MEAN;

        @JsonValue
        public String key() {
            return ConfigChoice.key(this);
        }

        @JsonCreator
        public static Fusion fromKey(String key) {
            return ConfigChoice.parse(Fusion.class, key, "fusion");
        }
    }

    public enum Pooling {
        STATISTICS, ATTENTIVE;

        @JsonValue
        public String key() {
            return ConfigChoice.key(this);
        }

        @JsonCreator
        public static Pooling fromKey(String key) {
            return ConfigChoice.parse(Pooling.class, key, "pooling");
        }
    }

    public enum GroupRepresentation {
        MEAN, CONCAT;

        @JsonValue
        public String key() {
            return ConfigChoice.key(this);
        }

        @JsonCreator
        public static GroupRepresentation fromKey(String key) {
            return ConfigChoice.parse(GroupRepresentation.class, key, "groupRepresentation");
        }
    }

    public enum ClassifierLayers {
        ALL, ANCHORS;

        @JsonValue
        public String key() {
            return ConfigChoice.key(this);
        }

        @JsonCreator
        public static ClassifierLayers fromKey(String key) {
            return ConfigChoice.parse(ClassifierLayers.class, key, "classifierLayers");
        }
    }

    public enum Optimizer {
        ADAM, ADAMW;

        @JsonValue
        public String key() {
            return ConfigChoice.key(this);
        }

        @JsonCreator
        public static Optimizer fromKey(String key) {
            return ConfigChoice.parse(Optimizer.class, key, "optimizer");
        }
    }

    public enum Schedule {
        COSINE, STEP, CONSTANT;

        @JsonValue
        public String key() {
            return ConfigChoice.key(this);
        }

        @JsonCreator
        public static Schedule fromKey(String key) {
            return ConfigChoice.parse(Schedule.class, key, "schedule");
        }
    }

    public enum Head {
        LINEAR, MLP;

        @JsonValue
        public String key() {
            return ConfigChoice.key(this);
        }

        @JsonCreator
        public static Head fromKey(String key) {
            return ConfigChoice.parse(Head.class, key, "head");
        }
    }

    public enum AnchorRanking {
        CORAL, CONSENSUS;

        @JsonValue
        public String key() {
            return ConfigChoice.key(this);
        }

        @JsonCreator
        public static AnchorRanking fromKey(String key) {
            return ConfigChoice.parse(AnchorRanking.class, key, "anchorRanking");
        }
    }

    public enum HeadInputs {
        MEAN, MEAN_STD;

        @JsonValue
        public String key() {
            return ConfigChoice.key(this);
        }

        @JsonCreator
        public static HeadInputs fromKey(String key) {
            return ConfigChoice.parse(HeadInputs.class, key, "headInputs");
        }
    }

    public enum Standardisation {
        PER_DOMAIN, SOURCE;

        @JsonValue
        public String key() {
            return ConfigChoice.key(this);
        }

        @JsonCreator
        public static Standardisation fromKey(String key) {
            return ConfigChoice.parse(Standardisation.class, key, "standardisation");
        }
    }

    public TrainingConfig {
        Objects.requireNonNull(strategy, "'strategy' must not be null");
        Objects.requireNonNull(classes, "'classes' must not be null (use [] for the source labels)");
        Objects.requireNonNull(fusion, "'fusion' must not be null");
        Objects.requireNonNull(pooling, "'pooling' must not be null");
        Objects.requireNonNull(groupRepresentation, "'groupRepresentation' must not be null");
        Objects.requireNonNull(classifierLayers, "'classifierLayers' must not be null");
        Objects.requireNonNull(optimizer, "'optimizer' must not be null");
        Objects.requireNonNull(schedule, "'schedule' must not be null");
        Objects.requireNonNull(head, "'head' must not be null");
        Objects.requireNonNull(standardisation, "'standardisation' must not be null");
        Objects.requireNonNull(anchorRanking, "'anchorRanking' must not be null");
        Objects.requireNonNull(headInputs, "'headInputs' must not be null");
        classes = List.copyOf(classes);
        if (new HashSet<>(classes).size() != classes.size()) {
            throw new IllegalArgumentException("'classes' repeats a class: " + classes);
        }
        if (!classes.isEmpty() && classes.size() < 2) {
            throw new IllegalArgumentException("'classes' needs at least 2 classes: " + classes);
        }
        require(projectionDim >= 1, "projectionDim", projectionDim, ">= 1");
        require(hiddenDim >= 1, "hiddenDim", hiddenDim, ">= 1");
        require(anchorCount >= 1, "anchorCount", anchorCount, ">= 1");
        require(coralWeight >= 0 && Double.isFinite(coralWeight), "coralWeight", coralWeight, ">= 0");
        require(learningRate > 0 && Double.isFinite(learningRate), "learningRate", learningRate, "> 0");
        require(weightDecay >= 0, "weightDecay", weightDecay, ">= 0");
        require(beta1 >= 0 && beta1 < 1, "beta1", beta1, "in [0, 1)");
        require(beta2 >= 0 && beta2 < 1, "beta2", beta2, "in [0, 1)");
        require(epsilon > 0, "epsilon", epsilon, "> 0");
        require(warmupEpochs >= 0, "warmupEpochs", warmupEpochs, ">= 0");
        require(stepEpochs >= 1, "stepEpochs", stepEpochs, ">= 1");
        require(stepGamma > 0 && stepGamma <= 1, "stepGamma", stepGamma, "in (0, 1]");
        require(batchSize >= 2, "batchSize", batchSize, ">= 2 (CORAL needs a covariance)");
        require(maxEpochs >= 1, "maxEpochs", maxEpochs, ">= 1");
        require(patience >= 1, "patience", patience, ">= 1");
        require(minEpochs >= 0 && minEpochs <= maxEpochs, "minEpochs", minEpochs, "in [0, maxEpochs]");
        require(validationFraction >= 0 && validationFraction <= 0.9, "validationFraction", validationFraction, "in [0, 0.9]");
        require(l2 > 0 && Double.isFinite(l2), "l2", l2, "> 0");
        require(coralEpsilon > 0 && Double.isFinite(coralEpsilon), "coralEpsilon", coralEpsilon, "> 0");
    }

    private static void require(boolean ok, String key, Object value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException("training config: '" + key + "' is " + value + ", must be " + rule);
        }
    }

    /**
     * λ of the linear head, with {@code coralEpsilon} 3 and {@code anchorCount} 3: the candidate that
     * leave-target-out selection (`benchmark --select`, docs/BENCHMARK.md) chose most often, then frozen.
     */
    public static final double DEFAULT_L2 = 0.1;

    /** ε of closed-form CORAL, chosen with {@link #DEFAULT_L2}. */
    public static final double DEFAULT_CORAL_EPSILON = 3.0;

    /** The documented defaults. */
    public static TrainingConfig defaults() {
        return new TrainingConfig(Strategy.LAM, List.of(), 128, 128, Fusion.SOFTMAX, Pooling.STATISTICS, 3, GroupRepresentation.MEAN,
                ClassifierLayers.ALL, 1.0, Optimizer.ADAMW, 1e-3, 1e-2, 0.9, 0.999, 1e-8, Schedule.COSINE, 1, 10, 0.5,
                64, 30, 6, 0, 0.2, 0L, Head.LINEAR, Standardisation.PER_DOMAIN, DEFAULT_L2, DEFAULT_CORAL_EPSILON,
                AnchorRanking.CORAL, HeadInputs.MEAN);
    }

    public TrainingConfig withStrategy(Strategy s) {
        return new TrainingConfig(s, classes, projectionDim, hiddenDim, fusion, pooling, anchorCount, groupRepresentation,
                classifierLayers, coralWeight, optimizer, learningRate, weightDecay, beta1, beta2, epsilon, schedule,
                warmupEpochs, stepEpochs, stepGamma, batchSize, maxEpochs, patience, minEpochs, validationFraction, seed, head, standardisation, l2, coralEpsilon, anchorRanking, headInputs);
    }

    public TrainingConfig withSeed(long s) {
        return new TrainingConfig(strategy, classes, projectionDim, hiddenDim, fusion, pooling, anchorCount, groupRepresentation,
                classifierLayers, coralWeight, optimizer, learningRate, weightDecay, beta1, beta2, epsilon, schedule,
                warmupEpochs, stepEpochs, stepGamma, batchSize, maxEpochs, patience, minEpochs, validationFraction, s, head, standardisation, l2, coralEpsilon, anchorRanking, headInputs);
    }

    public TrainingConfig withClasses(List<String> c) {
        return new TrainingConfig(strategy, c, projectionDim, hiddenDim, fusion, pooling, anchorCount, groupRepresentation,
                classifierLayers, coralWeight, optimizer, learningRate, weightDecay, beta1, beta2, epsilon, schedule,
                warmupEpochs, stepEpochs, stepGamma, batchSize, maxEpochs, patience, minEpochs, validationFraction, seed, head, standardisation, l2, coralEpsilon, anchorRanking, headInputs);
    }

    public TrainingConfig withCoralWeight(double lambda) {
        return new TrainingConfig(strategy, classes, projectionDim, hiddenDim, fusion, pooling, anchorCount, groupRepresentation,
                classifierLayers, lambda, optimizer, learningRate, weightDecay, beta1, beta2, epsilon, schedule,
                warmupEpochs, stepEpochs, stepGamma, batchSize, maxEpochs, patience, minEpochs, validationFraction, seed, head, standardisation, l2, coralEpsilon, anchorRanking, headInputs);
    }

    public TrainingConfig withHead(Head h) {
        return withOverrides(java.util.Map.of("head", h.key()));
    }

    public TrainingConfig withStandardisation(Standardisation st) {
        return withOverrides(java.util.Map.of("standardisation", st.key()));
    }

    /**
     * A copy with any keys replaced, by name, as a config file would (e.g. {@code "maxEpochs" -> 5});
     * unknown keys and bad values fail with the same messages as a file.
     */
    public TrainingConfig withOverrides(java.util.Map<String, ?> overrides) {
        return TrainingConfigFiles.merge(this, overrides);
    }
}
