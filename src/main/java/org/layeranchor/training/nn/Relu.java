package org.layeranchor.training.nn;

/** The rectifier max(0, x), applied in place. */
public final class Relu {
    private Relu() {
    }

    /** x ← max(0, x) on the first {@code count} entries. */
    public static void forwardInPlace(double[] x, int count) {
        for (int i = 0; i < count; i++) {
            x[i] = x[i] > 0 ? x[i] : 0;
        }
    }

    /** dy ← dy · [y > 0], given the rectified output y (in place on dy). */
    public static void backwardInPlace(double[] y, double[] dy, int count) {
        for (int i = 0; i < count; i++) {
            dy[i] = y[i] > 0 ? dy[i] : 0;
        }
    }
}
