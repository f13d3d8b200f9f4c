package org.layeranchor.training;

import java.util.Arrays;
import java.util.List;
import org.layeranchor.numeric.AccumulatingProducts;
import org.layeranchor.training.EmotionClassifierNetwork.Activations;
import org.layeranchor.training.nn.CoralLoss;

/**
 * The CORAL terms of one training step: for each anchor, the source and target representations,
 * their CORAL distance, and the gradients fed back into the network.
 *
 * <p>A layer anchor's representation is built from the projections z_b of its layers (one layer:
 * z_b itself; a group: their mean or concatenation, see {@link Anchor}); the final-embedding anchor
 * uses h. Gradients into h go straight into {@code dHidden}; gradients into z wait until
 * {@link EmotionClassifierNetwork#backwardHead} has written dz, then are added by
 * {@link #addBranchGradients}.
 */
final class AnchorAlignment {
    private final EmotionClassifierNetwork network;
    private final List<Anchor> anchors;
    private final boolean concatenateGroups;
    private final int[][] branchesOf;       // [anchor][member] branch indices; empty for the embedding
    private final CoralLoss[] coral;        // [anchor]
    private final double[][][] sourceRep;   // [anchor][n][q]
    private final double[][][] targetRep;
    private final double[][][] sourceGrad;  // [anchor][n][q]: λ·∂CORAL/∂rep
    private final double[][][] targetGrad;
    private final boolean[] targetBranches; // branches the target forward pass needs
    private final boolean targetHead;       // whether the target needs the head (embedding anchor)
    private final double[] lastValues;      // unweighted CORAL per anchor, last step

    AnchorAlignment(EmotionClassifierNetwork network, List<Anchor> anchors, boolean concatenateGroups, int maxRows) {
        this.network = network;
        this.anchors = List.copyOf(anchors);
        this.concatenateGroups = concatenateGroups;
        int count = anchors.size();
        this.branchesOf = new int[count][];
        this.coral = new CoralLoss[count];
        this.sourceRep = new double[count][][];
        this.targetRep = new double[count][][];
        this.sourceGrad = new double[count][][];
        this.targetGrad = new double[count][][];
        this.targetBranches = new boolean[network.branches()];
        this.lastValues = new double[count];
        boolean head = false;
        for (int a = 0; a < count; a++) {
            Anchor anchor = anchors.get(a);
            int q;
            if (anchor.finalEmbedding()) {
                head = true;
                branchesOf[a] = new int[0];
                q = network.hiddenDim();
            } else {
                branchesOf[a] = anchor.layers().stream().mapToInt(network::branchOf).toArray();
                for (int b : branchesOf[a]) {
                    targetBranches[b] = true;
                }
                q = concatenateGroups ? network.projectionDim() * branchesOf[a].length : network.projectionDim();
            }
            coral[a] = new CoralLoss(q, maxRows);
            sourceRep[a] = new double[maxRows][q];
            targetRep[a] = new double[maxRows][q];
            sourceGrad[a] = new double[maxRows][q];
            targetGrad[a] = new double[maxRows][q];
        }
        this.targetHead = head;
        if (head) {
            Arrays.fill(targetBranches, true);
        }
    }

    boolean isEmpty() {
        return anchors.isEmpty();
    }

    /** Branches the target batch must be projected through (all of them for an embedding anchor). */
    boolean[] targetBranches() {
        return targetBranches;
    }

    boolean targetNeedsHead() {
        return targetHead;
    }

    /** Unweighted CORAL per anchor from the last {@link #align} call. */
    double[] lastValues() {
        return lastValues.clone();
    }

    /**
     * Computes Σ_anchors CORAL (returned unweighted) and the gradients of λ·CORAL. Expects cleared
     * gradients in both activations; writes embedding gradients into their dHidden.
     */
    double align(Activations source, int ns, Activations target, int nt, double lambda) {
        double total = 0;
        for (int a = 0; a < anchors.size(); a++) {
            double value;
            if (anchors.get(a).finalEmbedding()) {
                value = coral[a].lossAndGradients(source.finalEmbedding(), ns, target.finalEmbedding(), nt, lambda,
                        sourceGrad[a], targetGrad[a]);
                addRows(sourceGrad[a], source.dHidden, ns);
                addRows(targetGrad[a], target.dHidden, nt);
            } else {
                represent(source, ns, branchesOf[a], sourceRep[a]);
                represent(target, nt, branchesOf[a], targetRep[a]);
                value = coral[a].lossAndGradients(sourceRep[a], ns, targetRep[a], nt, lambda, sourceGrad[a], targetGrad[a]);
            }
            lastValues[a] = value;
            total += value;
        }
        return total;
    }

    /** Adds the pending layer-anchor gradients of the source (or target) batch into its dz. */
    void addBranchGradients(Activations act, int n, boolean source) {
        int p = network.projectionDim();
        for (int a = 0; a < anchors.size(); a++) {
            int[] members = branchesOf[a];
            if (members.length == 0) {
                continue;
            }
            double[][] g = source ? sourceGrad[a] : targetGrad[a];
            if (concatenateGroups) {
                // rep[i][m·p + j] = z_m[i][j]  ⇒  dz_m[i][j] += drep[i][m·p + j]
                for (int m = 0; m < members.length; m++) {
                    double[][] dz = act.dz[members[m]];
                    int offset = m * p;
                    for (int i = 0; i < n; i++) {
                        double[] d = dz[i];
                        double[] gi = g[i];
                        for (int j = 0; j < p; j++) {
                            d[j] += gi[offset + j];
                        }
                    }
                }
            } else {
                // rep = (1/g) Σ_m z_m  ⇒  dz_m += drep / g
                double share = 1.0 / members.length;
                for (int member : members) {
                    double[][] dz = act.dz[member];
                    for (int i = 0; i < n; i++) {
                        double[] d = dz[i];
                        double[] gi = g[i];
                        for (int j = 0; j < p; j++) {
                            d[j] += share * gi[j];
                        }
                    }
                }
            }
        }
    }

    private void represent(Activations act, int n, int[] members, double[][] rep) {
        int p = network.projectionDim();
        if (concatenateGroups) {
            for (int m = 0; m < members.length; m++) {
                double[][] z = act.z[members[m]];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(z[i], 0, rep[i], m * p, p);
                }
            }
        } else {
            double share = 1.0 / members.length;
            AccumulatingProducts.zeroRows(rep, n);
            for (int member : members) {
                double[][] z = act.z[member];
                for (int i = 0; i < n; i++) {
                    double[] r = rep[i];
                    double[] zi = z[i];
                    for (int j = 0; j < p; j++) {
                        r[j] += share * zi[j];
                    }
                }
            }
        }
    }

    private static void addRows(double[][] from, double[][] into, int n) {
        for (int i = 0; i < n; i++) {
            double[] f = from[i];
            double[] t = into[i];
            for (int j = 0; j < f.length; j++) {
                t[j] += f[j];
            }
        }
    }
}
