package org.layeranchor.experiment;

import java.util.List;
import org.layeranchor.evaluation.ConfidenceInterval;
import org.layeranchor.evaluation.ConfusionMatrix;
import org.layeranchor.evaluation.SeedSummary;

/**
 * One strategy on one direction over all seeds.
 *
 * @param strategy   strategy key
 * @param uar        UAR mean ± std over seeds
 * @param accuracy   weighted accuracy over seeds
 * @param macroF1    macro-F1 over seeds
 * @param ci         95 % bootstrap interval of the seed-averaged UAR (test utterances resampled)
 * @param confusion  confusion counts summed over seeds
 * @param usedLayers layers the classifier read (the chosen one for best-layer), from seed 0's model
 * @param probabilities per seed, class probabilities of every test utterance (kept for reproducibility checks)
 * @param targetShares  label-free collapse guard: the share of the <em>unlabelled</em> target predicted as
 *                      each class (class order of the benchmark), averaged over seeds
 * @param collapsedSeeds seeds whose unlabelled-target predictions fall almost entirely in one class
 *                      (share ≥ {@link #COLLAPSE_SHARE})
 */
public record StrategyResult(String strategy, SeedSummary uar, SeedSummary accuracy, SeedSummary macroF1,
                             ConfidenceInterval ci, ConfusionMatrix confusion, String usedLayers,
                             List<double[][]> probabilities, double[] targetShares, int collapsedSeeds) {
    /**
     * A run that puts this share or more of the unlabelled target into one class is flagged as
     * collapsed. With 4 classes even a strongly skewed target (Urdu's test half) stays well below it;
     * the collapses seen in the first benchmark put 95–100 % into one class.
     */
    public static final double COLLAPSE_SHARE = 0.85;

    public boolean collapsed() {
        return collapsedSeeds > 0;
    }

    /** The shares as "neutral 0.31, happy 0.22, …". */
    public String describeShares(List<String> classes) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < targetShares.length; k++) {
            sb.append(k == 0 ? "" : ", ").append(classes.get(k)).append(String.format(" %.2f", targetShares[k]));
        }
        return sb.toString();
    }
}
