package org.layeranchor.training;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.layeranchor.evaluation.ConfusionMatrix;
import org.layeranchor.evaluation.Evaluation;
import org.layeranchor.training.EmotionClassifierNetwork.Activations;
import org.layeranchor.training.nn.ClassBalancedCrossEntropy;
import org.layeranchor.training.nn.Parameter;
import org.layeranchor.training.optim.Adam;
import org.layeranchor.training.optim.LearningRateSchedule;

/**
 * One optimisation of one network for one {@link AnchorPlan}: mini-batches of source rows, each
 * paired with as many target rows when there are anchors, loss = class-balanced CE + λ·Σ CORAL,
 * Adam(W) under the schedule, early stopping on source-validation UAR (ties: lower validation
 * loss) with the best weights restored.
 *
 * <p>Determinism: every random choice (initialisation, shuffles, target draws) comes from one
 * {@link SplittableRandom} created from {@code seed}, in a fixed order, and all arithmetic runs on
 * one thread in a fixed order, so a rerun gives identical bits.
 */
final class TrainingRun {
    private final TrainingConfig cfg;
    private final AnchorPlan plan;
    private final LayerInputs train;
    private final int[] trainLabels;
    private final LayerInputs validation;  // null when there is no validation split
    private final int[] validationLabels;
    private final LayerInputs target;      // null for source-only plans
    private final double[] classWeights;
    private final List<String> classNames;
    private final int classes;
    private final long seed;
    private final TrainingListener listener;
    private final String name;

    /** The trained network (best epoch's weights) and what happened. */
    record Outcome(EmotionClassifierNetwork network, List<EpochRecord> history, int epochsRun, int bestEpoch,
                   double bestValidationUar, double bestValidationLoss) {
    }

    /** Standardised source rows and their class indices, in the same order. */
    record LabelledRows(LayerInputs inputs, int[] labels) {
    }

    /** The labelled source, split: rows to train on and rows to validate on (null when there are none). */
    record SourceSplit(LabelledRows train, LabelledRows validation) {
    }

    /** The class names in output order and the class-balancing weight of each. */
    record ClassWeights(List<String> names, double[] weights) {
        ClassWeights {
            names = List.copyOf(names);
            if (weights.length != names.size()) {
                throw new IllegalArgumentException(weights.length + " class weights for " + names.size() + " classes");
            }
        }
    }

    /**
     * @param target the standardised unlabelled target rows; null for source-only plans
     * @param seed   the seed of this run's random choices
     * @param name   how the listener is told which run an epoch belongs to
     */
    TrainingRun(TrainingConfig cfg, AnchorPlan plan, SourceSplit source, LayerInputs target, ClassWeights classes,
                long seed, TrainingListener listener, String name) {
        this.cfg = cfg;
        this.plan = plan;
        this.train = source.train().inputs();
        this.trainLabels = source.train().labels();
        this.validation = source.validation() == null ? null : source.validation().inputs();
        this.validationLabels = source.validation() == null ? null : source.validation().labels();
        this.target = target;
        this.classWeights = classes.weights();
        this.classNames = classes.names();
        this.classes = classNames.size();
        this.seed = seed;
        this.listener = listener;
        this.name = name;
    }

    Outcome run() {
        int n = train.rows();
        if (n < 2) {
            throw new IllegalArgumentException("need at least 2 source training rows, got " + n);
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] used = plan.usedLayers().stream().mapToInt(Integer::intValue).toArray();
        EmotionClassifierNetwork net = new EmotionClassifierNetwork(used, train.inputDim(), cfg.projectionDim(),
                cfg.hiddenDim(), classes, cfg.fusion() == TrainingConfig.Fusion.SOFTMAX);
        net.initialise(random);
        List<Parameter> params = net.trainableParameters();

        // Batches: ceil(n / B) of them, sizes differing by at most one, so none is a tiny remainder.
        int batches = (n + cfg.batchSize() - 1) / cfg.batchSize();
        int maxBatch = (n + batches - 1) / batches;
        TrainingStep step = new TrainingStep(net, classWeights, plan.anchors(),
                cfg.groupRepresentation() == TrainingConfig.GroupRepresentation.CONCAT, maxBatch);
        boolean adapt = step.aligns() && cfg.coralWeight() > 0;
        if (step.aligns() && (target == null || target.rows() < 2)) {
            throw new IllegalArgumentException("strategy " + cfg.strategy() + " aligns with the target, which needs at least "
                    + "2 unlabelled target rows");
        }
        int[] targetOrder = adapt ? identity(target.rows()) : null;
        int targetCursor = targetOrder == null ? 0 : targetOrder.length; // forces a shuffle on first use
        int[] targetRows = new int[maxBatch];

        Adam adam = new Adam(params, cfg.beta1(), cfg.beta2(), cfg.epsilon(), cfg.weightDecay(),
                cfg.optimizer() == TrainingConfig.Optimizer.ADAMW);
        LearningRateSchedule schedule = new LearningRateSchedule(scheduleShape(), cfg.learningRate(),
                cfg.warmupEpochs() * batches, cfg.maxEpochs() * batches, cfg.stepEpochs() * batches, cfg.stepGamma());

        Activations eval = validation == null ? null : net.newActivations(Math.min(256, validation.rows()));
        ClassBalancedCrossEntropy validationCe = validation == null ? null
                : new ClassBalancedCrossEntropy(classWeights, validation.rows());
        double[][][] best = null;
        double bestUar = Double.NEGATIVE_INFINITY;
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        List<EpochRecord> history = new ArrayList<>();
        int[] order = identity(n);
        int stepIndex = 0;
        int epoch = 0;
        while (epoch < cfg.maxEpochs()) {
            epoch++;
            shuffle(order, random);
            double ceSum = 0;
            double coralSum = 0;
            double lr = 0;
            int from = 0;
            for (int k = 0; k < batches; k++) {
                int size = n / batches + (k < n % batches ? 1 : 0);
                for (Parameter p : params) {
                    p.zeroGrad();
                }
                if (adapt) {
                    for (int i = 0; i < size; i++) {
                        if (targetCursor == targetOrder.length) {
                            shuffle(targetOrder, random);
                            targetCursor = 0;
                        }
                        targetRows[i] = targetOrder[targetCursor++];
                    }
                }
                step.lossAndGradients(train, order, from, size, trainLabels, target, targetRows, cfg.coralWeight());
                ceSum += step.lastCrossEntropy();
                coralSum += step.lastCoral();
                lr = schedule.rateAt(stepIndex++);
                adam.step(lr);
                from += size;
            }
            double meanCe = ceSum / batches;
            double meanCoral = coralSum / batches;
            double valUar = Double.NaN;
            double valLoss = Double.NaN;
            if (validation != null) {
                double[][] logits = net.logits(validation, eval);
                valLoss = validationCe.lossAndGradient(logits, validationLabels, 0, validation.rows(), null);
                valUar = ConfusionMatrix.of(classNames, validationLabels, Evaluation.argmax(logits)).uar();
                boolean eligible = epoch >= Math.max(1, cfg.minEpochs());
                if (eligible && (valUar > bestUar || (valUar == bestUar && valLoss < bestLoss))) {
                    bestUar = valUar;
                    bestLoss = valLoss;
                    bestEpoch = epoch;
                    best = snapshot(params, best);
                }
            }
            EpochRecord record = new EpochRecord(epoch, lr, meanCe + cfg.coralWeight() * meanCoral, meanCe, meanCoral,
                    valUar, valLoss);
            history.add(record);
            listener.epochFinished(name, record);
            if (validation != null && epoch >= cfg.minEpochs() && epoch - bestEpoch >= cfg.patience()) {
                break;
            }
        }
        if (best != null) {
            restore(params, best);
        } else {
            bestEpoch = epoch;
        }
        return new Outcome(net, List.copyOf(history), epoch, bestEpoch,
                validation == null ? Double.NaN : bestUar, validation == null ? Double.NaN : bestLoss);
    }

    private LearningRateSchedule.Shape scheduleShape() {
        return switch (cfg.schedule()) {
            case COSINE -> LearningRateSchedule.Shape.COSINE;
            case STEP -> LearningRateSchedule.Shape.STEP;
            case CONSTANT -> LearningRateSchedule.Shape.CONSTANT;
        };
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    /** Fisher–Yates. */
    private static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static double[][][] snapshot(List<Parameter> params, double[][][] into) {
        double[][][] s = into != null ? into : new double[params.size()][][];
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            if (s[i] == null) {
                s[i] = new double[p.rows()][p.cols()];
            }
            p.copyValuesTo(s[i]);
        }
        return s;
    }

    private static void restore(List<Parameter> params, double[][][] saved) {
        for (int i = 0; i < params.size(); i++) {
            params.get(i).copyValuesFrom(saved[i]);
        }
    }
}
