package org.layeranchor.training.nn;

/** The rectifier max(0, x), applied in place. */
public final class Relu {
    private Relu() {
    }

    /** x ← max(0, x) on the first n rows. */
    public static void forwardInPlace(double[][] x, int n) {
        for (int i = 0; i < n; i++) {
            double[] r = x[i];
            for (int j = 0; j < r.length; j++) {
                r[j] = r[j] > 0 ? r[j] : 0;
            }
        }
    }

    /** dy ← dy · [y &gt; 0] on the first n rows, given the rectified output y. */
    public static void backwardInPlace(double[][] y, double[][] dy, int n) {
        for (int i = 0; i < n; i++) {
            double[] yr = y[i];
            double[] d = dy[i];
            for (int j = 0; j < d.length; j++) {
                d[j] = yr[j] > 0 ? d[j] : 0;
            }
        }
    }
}
