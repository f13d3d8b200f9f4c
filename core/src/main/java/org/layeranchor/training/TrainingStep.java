package org.layeranchor.training;

import java.util.List;
import org.layeranchor.training.EmotionClassifierNetwork.Activations;
import org.layeranchor.training.nn.ClassBalancedCrossEntropy;

/**
 * The loss of one mini-batch and its gradient with respect to every parameter:
 * L = CE_balanced(source batch) + λ · Σ_anchors CORAL(source batch, target batch).
 *
 * <p>Order: source forward → CE → target forward (only what the anchors need) → CORAL and its
 * gradients → source backward (head, then the anchors' gradients join dz, then the projections) →
 * target backward. Gradients accumulate into the parameters' {@code grad}; the caller zeroes them.
 */
final class TrainingStep {
    private final EmotionClassifierNetwork net;
    private final ClassBalancedCrossEntropy ce;
    private final AnchorAlignment alignment;
    private final Activations source;
    private final Activations target;
    private final int[] batchLabels;
    private double lastCrossEntropy;
    private double lastCoral;

    TrainingStep(EmotionClassifierNetwork net, double[] classWeights, List<Anchor> anchors,
                 boolean concatenateGroups, int maxRows) {
        this.net = net;
        this.ce = new ClassBalancedCrossEntropy(classWeights, maxRows);
        this.alignment = new AnchorAlignment(net, anchors, concatenateGroups, maxRows);
        this.source = net.newActivations(maxRows);
        this.target = alignment.isEmpty() ? null : net.newActivations(maxRows);
        this.batchLabels = new int[maxRows];
    }

    boolean aligns() {
        return !alignment.isEmpty();
    }

    double lastCrossEntropy() {
        return lastCrossEntropy;
    }

    /** Unweighted Σ CORAL of the last step (0 without anchors). */
    double lastCoral() {
        return lastCoral;
    }

    /**
     * Source rows {@code order[from..from+n)} with labels {@code labels[row]}; target rows
     * {@code targetRows[0..n)} (ignored when there are no anchors or λ = 0). Returns the total loss.
     */
    double lossAndGradients(LayerInputs train, int[] order, int from, int n, int[] labels, LayerInputs targetInputs,
                            int[] targetRows, double lambda) {
        net.forwardBranches(train, order, from, n, source, null);
        net.forwardHead(source, n);
        for (int i = 0; i < n; i++) {
            batchLabels[i] = labels[order == null ? from + i : order[from + i]];
        }
        lastCrossEntropy = ce.lossAndGradient(source.logits, batchLabels, 0, n, source.dLogits);
        net.clearGradients(source, n);
        boolean adapt = target != null && lambda > 0;
        lastCoral = 0;
        if (adapt) {
            net.forwardBranches(targetInputs, targetRows, 0, n, target, alignment.targetBranches());
            if (alignment.targetNeedsHead()) {
                net.forwardHead(target, n);
            }
            net.clearGradients(target, n);
            lastCoral = alignment.align(source, n, target, n, lambda);
        }
        net.backwardHead(source, n, true);
        if (adapt) {
            alignment.addBranchGradients(source, n, true);
        }
        net.backwardBranches(source, n, null);
        if (adapt) {
            if (alignment.targetNeedsHead()) {
                net.backwardHead(target, n, false);
            }
            alignment.addBranchGradients(target, n, false);
            net.backwardBranches(target, n, alignment.targetBranches());
        }
        return lastCrossEntropy + lambda * lastCoral;
    }
}
