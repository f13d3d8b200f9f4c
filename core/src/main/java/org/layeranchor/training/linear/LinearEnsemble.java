package org.layeranchor.training.linear;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The linear head: one {@link LinearMember} per anchor (a layer, or a group read as one), the class
 * probabilities averaged over the members (score-level fusion). Each member was trained on source
 * rows aligned with the target at its own layers by {@link ClosedFormCoral}, so averaging combines
 * several independently aligned views of the utterance.
 *
 * <p>Inputs are the model's standardised rows for its used layers: {@code inputs[b][row][2·dim]},
 * branch b reading encoder layer {@code usedLayers[b]}.
 */
public record LinearEnsemble(List<LinearMember> members) {
    public LinearEnsemble {
        members = List.copyOf(members);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a linear head needs at least one member");
        }
        int classes = members.get(0).classes();
        for (LinearMember m : members) {
            if (m.classes() != classes) {
                throw new IllegalArgumentException("members disagree on the number of classes: " + classes + " and "
                        + m.classes());
            }
        }
    }

    public int classes() {
        return members.get(0).classes();
    }

    /** Ascending distinct layers the members read. */
    public List<Integer> usedLayers() {
        return members.stream().flatMap(m -> Arrays.stream(m.layers()).boxed()).distinct().sorted().toList();
    }

    /**
     * Averaged class probabilities [row][class].
     *
     * @param usedLayers encoder layer of each input branch
     * @param inputs     [branch][row][inputDim] standardised rows
     */
    public double[][] probabilities(int[] usedLayers, double[][][] inputs) {
        int rows = inputs.length == 0 ? 0 : inputs[0].length;
        int classes = classes();
        double[][] out = new double[rows][classes];
        List<int[]> branchesOf = new ArrayList<>();
        for (LinearMember m : members) {
            branchesOf.add(branchesOf(m, usedLayers));
        }
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < members.size(); i++) {
                double[] p = softmax(members.get(i).logits(concat(inputs, branchesOf.get(i), r)));
                for (int k = 0; k < classes; k++) {
                    out[r][k] += p[k] / members.size();
                }
            }
        }
        return out;
    }

    /** The row {@code r} of the given branches, concatenated. */
    static double[] concat(double[][][] inputs, int[] branches, int r) {
        if (branches.length == 1) {
            return inputs[branches[0]][r];
        }
        int w = inputs[branches[0]][r].length;
        double[] x = new double[w * branches.length];
        for (int i = 0; i < branches.length; i++) {
            System.arraycopy(inputs[branches[i]][r], 0, x, i * w, w);
        }
        return x;
    }

    private static int[] branchesOf(LinearMember m, int[] usedLayers) {
        int[] layers = m.layers();
        int[] b = new int[layers.length];
        for (int i = 0; i < layers.length; i++) {
            b[i] = -1;
            for (int j = 0; j < usedLayers.length; j++) {
                if (usedLayers[j] == layers[i]) {
                    b[i] = j;
                }
            }
            if (b[i] < 0) {
                throw new IllegalArgumentException("member reads layer " + layers[i] + ", which is not among the inputs "
                        + Arrays.toString(usedLayers));
            }
        }
        return b;
    }

    /** Softmax with the maximum subtracted. */
    static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[z.length];
        for (int k = 0; k < z.length; k++) {
            p[k] = Math.exp(z[k] - max);
            sum += p[k];
        }
        for (int k = 0; k < z.length; k++) {
            p[k] /= sum;
        }
        return p;
    }
}
