package org.layeranchor.evaluation;

import java.util.List;

/**
 * Counts of (true class, predicted class) pairs and the metrics derived from them.
 *
 * <p>UAR (unweighted average recall, = balanced accuracy) is the mean of per-class recalls over the
 * classes that occur in the truth; classes with no true examples are left out of the mean, as
 * scikit-learn's {@code balanced_accuracy_score} does.
 */
public final class ConfusionMatrix {
    private final List<String> classes;
    private final long[][] counts; // [true][predicted]

    public ConfusionMatrix(List<String> classes) {
        this.classes = List.copyOf(classes);
        this.counts = new long[classes.size()][classes.size()];
    }

    public static ConfusionMatrix of(List<String> classes, int[] truth, int[] predicted) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException(truth.length + " true labels but " + predicted.length + " predictions");
        }
        ConfusionMatrix m = new ConfusionMatrix(classes);
        for (int i = 0; i < truth.length; i++) {
            m.add(truth[i], predicted[i]);
        }
        return m;
    }

    public void add(int truth, int predicted) {
        counts[truth][predicted]++;
    }

    public List<String> classes() {
        return classes;
    }

    public long count(int truth, int predicted) {
        return counts[truth][predicted];
    }

    public long total() {
        long n = 0;
        for (long[] row : counts) {
            for (long c : row) {
                n += c;
            }
        }
        return n;
    }

    /** Recall of each class; NaN for a class with no true examples. */
    public double[] recall() {
        double[] r = new double[classes.size()];
        for (int c = 0; c < r.length; c++) {
            long support = rowSum(c);
            r[c] = support == 0 ? Double.NaN : counts[c][c] / (double) support;
        }
        return r;
    }

    /** Unweighted average recall over classes present in the truth. */
    public double uar() {
        double sum = 0;
        int n = 0;
        for (double r : recall()) {
            if (!Double.isNaN(r)) {
                sum += r;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Weighted accuracy (plain accuracy: correct / total). */
    public double accuracy() {
        long correct = 0;
        for (int c = 0; c < classes.size(); c++) {
            correct += counts[c][c];
        }
        long t = total();
        return t == 0 ? Double.NaN : correct / (double) t;
    }

    /** Macro-averaged F1 over classes present in the truth or the predictions (0 where undefined). */
    public double macroF1() {
        double sum = 0;
        int n = 0;
        for (int c = 0; c < classes.size(); c++) {
            long tp = counts[c][c];
            long support = rowSum(c);
            long predicted = colSum(c);
            if (support == 0 && predicted == 0) {
                continue;
            }
            sum += 2.0 * tp / (support + predicted);
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private long rowSum(int c) {
        long s = 0;
        for (long v : counts[c]) {
            s += v;
        }
        return s;
    }

    private long colSum(int c) {
        long s = 0;
        for (long[] row : counts) {
            s += row[c];
        }
        return s;
    }

    /** A fixed-width text table, rows = true class, columns = predicted class. */
    public String toText() {
        int w = Math.max(8, classes.stream().mapToInt(String::length).max().orElse(0) + 1);
        StringBuilder sb = new StringBuilder(String.format("%-" + w + "s", "true\\pred"));
        for (String c : classes) {
            sb.append(String.format("%" + w + "s", c));
        }
        sb.append('\n');
        for (int t = 0; t < classes.size(); t++) {
            sb.append(String.format("%-" + w + "s", classes.get(t)));
            for (int p = 0; p < classes.size(); p++) {
                sb.append(String.format("%" + w + "d", counts[t][p]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
