package org.layeranchor.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.layeranchor.features.FeatureSet;
import org.layeranchor.training.AnchorInputs;
import org.layeranchor.training.EncoderIdentity;
import org.layeranchor.training.TrainedModel;
import org.layeranchor.training.Trainer;
import org.layeranchor.training.TrainingConfig;
import org.layeranchor.training.UnlabelledFeatures;

/**
 * How well a model trained for no language in particular (the default model's recipe: several
 * labelled sources, no target, the sources' own statistics kept) does on a corpus it never saw, by
 * the three ways it can be pointed at that corpus at use time, none of which reads a label of it:
 * <ul>
 *   <li>{@link Adaptation#ADAPT_HALF}: statistics re-estimated from the corpus's adapt half, every emotion
 *       ({@code predict --adapt-on});</li>
 *   <li>{@link Adaptation#BATCH}: re-estimated from the files being predicted, the test half, every emotion
 *       (batch-only adaptation);</li>
 *   <li>{@link Adaptation#NONE}: the sources' statistics as they are.</li>
 * </ul>
 * Scores are UAR on the test half's rows in the class set, computed from stored features.
 */
public final class AdaptationPaths {
    /** The ways a model is pointed at the held-out corpus. */
    public enum Adaptation {
        ADAPT_HALF("adapt half"), BATCH("batch (test half)"), NONE("none");

        public final String label;

        Adaptation(String label) {
            this.label = label;
        }
    }

    /** One held-out corpus: its UAR by each path. */
    public record HeldOut(String corpus, Map<Adaptation, Double> uar) {
        public HeldOut {
            uar = Map.copyOf(uar);
        }
    }

    private AdaptationPaths() {
    }

    /**
     * Trains a source-only model on {@code sources} (each standardised with its own statistics, pooled)
     * that carries the equal-weight mixture of their statistics, as {@code train} does without a target.
     */
    public static TrainedModel trainWithoutTarget(TrainingConfig cfg, List<FeatureSet> sources, EncoderIdentity encoder) {
        if (cfg.strategy().adaptsToTarget()) {
            throw new IllegalArgumentException("strategy " + cfg.strategy() + " needs a target; a model for no language "
                    + "in particular is trained source-only");
        }
        FeatureSet pooled = sources.size() > 1 ? MultiSourceFeatures.pool(sources) : sources.get(0);
        TrainedModel m = Trainer.train(cfg, pooled, UnlabelledFeatures.none(), AnchorInputs.none(), encoder);
        return m.withSourcesStatistics(MultiSourceFeatures.equalWeightStatistics(sources));
    }

    /** The held-out corpus scored by every path, the model trained on the other corpora. */
    public static HeldOut leaveOneOut(TrainingConfig cfg, List<CorpusFeatures> corpora, CorpusFeatures heldOut,
                                      EncoderIdentity encoder) {
        List<FeatureSet> sources = new ArrayList<>();
        for (CorpusFeatures c : corpora) {
            if (c != heldOut) {
                sources.add(c.asSource(false));
            }
        }
        TrainedModel model = trainWithoutTarget(cfg, sources, encoder);
        FeatureSet test = heldOut.asTargetTest(false);
        Map<Adaptation, Double> uar = new LinkedHashMap<>();
        uar.put(Adaptation.ADAPT_HALF, model.adaptedTo(UnlabelledFeatures.withoutLabels(heldOut.asUnlabelledTarget(false, false)))
                .evaluate(test).uar());
        uar.put(Adaptation.BATCH, model.adaptedTo(UnlabelledFeatures.withoutLabels(heldOut.asUnlabelledTestHalf()))
                .evaluate(test).uar());
        uar.put(Adaptation.NONE, model.evaluate(test).uar());
        return new HeldOut(heldOut.corpus, uar);
    }

    /** Every corpus held out in turn. */
    public static List<HeldOut> leaveEachOut(TrainingConfig cfg, List<CorpusFeatures> corpora, EncoderIdentity encoder) {
        List<HeldOut> out = new ArrayList<>();
        for (CorpusFeatures c : corpora) {
            out.add(leaveOneOut(cfg, corpora, c, encoder));
        }
        return out;
    }

    /** The mean over held-out corpora of one path's UAR. */
    public static double mean(List<HeldOut> results, Adaptation path) {
        return results.stream().mapToDouble(r -> r.uar().get(path)).average().orElse(Double.NaN);
    }

    /**
     * Which of {@code candidates} a user would choose for {@code heldOut} without its labels: each is
     * scored by {@link Adaptation#ADAPT_HALF} on every <em>other</em> corpus in turn, trained on the
     * remaining ones (so {@code heldOut} is neither trained on nor scored), and the best mean wins
     * (the first on a tie). Returns the index of the chosen candidate.
     */
    public static int chooseWithout(CorpusFeatures heldOut, List<TrainingConfig> candidates, List<CorpusFeatures> corpora,
                                    EncoderIdentity encoder) {
        List<CorpusFeatures> others = corpora.stream().filter(c -> c != heldOut).toList();
        if (others.size() < 3) {
            throw new IllegalArgumentException("choosing without the held-out corpus needs at least 3 other corpora (two "
                    + "to train on while the third is scored), got " + others.size());
        }
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < candidates.size(); i++) {
            double score = mean(leaveEachOut(candidates.get(i), others, encoder), Adaptation.ADAPT_HALF);
            if (score > bestScore) {
                bestScore = score;
                best = i;
            }
        }
        return best;
    }

    /**
     * How many files batch-only adaptation needs: for each size k, {@code draws} random batches of k
     * files of the held-out test half (every emotion, no label read) give the statistics, and the model
     * is scored on the whole test half (its rows in the class set), so that only the size of the sample
     * the statistics come from changes. Mean UAR per size over draws; the model is trained once.
     */
    public static double[] batchSizeCurve(TrainingConfig cfg, List<CorpusFeatures> corpora, CorpusFeatures heldOut,
                                          EncoderIdentity encoder, int[] sizes, int draws, long seed) {
        List<FeatureSet> sources = new ArrayList<>();
        for (CorpusFeatures c : corpora) {
            if (c != heldOut) {
                sources.add(c.asSource(false));
            }
        }
        TrainedModel model = trainWithoutTarget(cfg, sources, encoder);
        FeatureSet test = heldOut.asTargetTest(false);
        FeatureSet batchPool = heldOut.asUnlabelledTestHalf();
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        double[] out = new double[sizes.length];
        for (int s = 0; s < sizes.length; s++) {
            int k = Math.min(sizes[s], batchPool.rows());
            double sum = 0;
            for (int d = 0; d < draws; d++) {
                int[] order = java.util.stream.IntStream.range(0, batchPool.rows()).toArray();
                for (int i = 0; i < k; i++) { // partial Fisher-Yates: the first k are a uniform sample
                    int j = i + random.nextInt(order.length - i);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
                FeatureSet batch = batchPool.subset(java.util.Arrays.copyOf(order, k));
                sum += model.adaptedTo(UnlabelledFeatures.withoutLabels(batch)).evaluate(test).uar();
            }
            out[s] = sum / draws;
        }
        return out;
    }
}
