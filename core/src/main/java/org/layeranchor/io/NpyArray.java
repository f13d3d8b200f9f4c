package org.layeranchor.io;

import java.util.Arrays;

/**
 * A dense array read from a {@code .npy} file, converted to float32, C order.
 *
 * @param shape  dimensions, outermost first
 * @param data   values in C (row-major) order
 * @param dtype  the dtype as stored in the file, e.g. {@code <f2}
 */
public record NpyArray(long[] shape, float[] data, String dtype) {
    public long size() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    public String shapeString() {
        return Arrays.toString(shape);
    }

    /** Reshapes the data as a matrix [shape[0]][product of the rest]. */
    public float[][] asMatrix() {
        int rows = (int) shape[0];
        int cols = rows == 0 ? 0 : (int) (size() / rows);
        float[][] m = new float[rows][cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(data, r * cols, m[r], 0, cols);
        }
        return m;
    }
}
