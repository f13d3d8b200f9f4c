package org.layeranchor.training.nn;

import java.util.Arrays;

/**
 * A trainable matrix (a vector is one row): values and the gradient accumulated for them, both as
 * arrays of rows so that the products in {@link org.layeranchor.numeric.AccumulatingProducts} vectorise.
 *
 * <p>Values are double precision while training (finite-difference checks need it); a trained model
 * rounds them to float32, the precision they are stored in, see {@link #roundToFloat()}.
 */
public final class Parameter {
    private final String name;
    private final int[] shape;
    private final double[][] value;
    private final double[][] grad;
    private final boolean decays;

    /**
     * @param name   stable name, used as the file name of the stored weights
     * @param decays whether weight decay applies (weight matrices yes; biases and fusion logits no)
     * @param shape  {@code [cols]} for a vector (stored as one row) or {@code [rows, cols]}
     */
    public Parameter(String name, boolean decays, int... shape) {
        if (shape.length < 1 || shape.length > 2) {
            throw new IllegalArgumentException(name + ": a parameter is a vector or a matrix, not " + Arrays.toString(shape));
        }
        this.name = name;
        this.shape = shape.clone();
        int rows = shape.length == 1 ? 1 : shape[0];
        int cols = shape[shape.length - 1];
        this.value = new double[rows][cols];
        this.grad = new double[rows][cols];
        this.decays = decays;
    }

    public String name() {
        return name;
    }

    /** The logical shape ({@code [cols]} or {@code [rows, cols]}), as stored. */
    public int[] shape() {
        return shape.clone();
    }

    public int rows() {
        return value.length;
    }

    public int cols() {
        return value[0].length;
    }

    public int size() {
        return rows() * cols();
    }

    /** The values, shared (modules read and the optimizer writes them in place). */
    public double[][] value() {
        return value;
    }

    /** The accumulated gradient, shared. */
    public double[][] grad() {
        return grad;
    }

    /** For a vector parameter, its single row. */
    public double[] vector() {
        return value[0];
    }

    public boolean decays() {
        return decays;
    }

    public void zeroGrad() {
        for (double[] g : grad) {
            Arrays.fill(g, 0);
        }
    }

    /** Rounds every value to the nearest float32, so that storing as float32 loses nothing. */
    public void roundToFloat() {
        for (double[] row : value) {
            for (int j = 0; j < row.length; j++) {
                row[j] = (float) row[j];
            }
        }
    }

    /** The values in row-major order, as float32 (exact after {@link #roundToFloat()}). */
    public float[] toFloats() {
        float[] out = new float[size()];
        int c = cols();
        for (int i = 0; i < rows(); i++) {
            for (int j = 0; j < c; j++) {
                out[i * c + j] = (float) value[i][j];
            }
        }
        return out;
    }

    /** Sets the values from row-major float32 data of {@link #size()} values. */
    public void setFromFloats(float[] data) {
        if (data.length != size()) {
            throw new IllegalArgumentException(name + ": " + data.length + " values for a parameter of " + size());
        }
        int c = cols();
        for (int i = 0; i < rows(); i++) {
            for (int j = 0; j < c; j++) {
                value[i][j] = data[i * c + j];
            }
        }
    }

    /** Copies the values (for keeping the best epoch's weights). */
    public void copyValuesTo(double[][] into) {
        for (int i = 0; i < value.length; i++) {
            System.arraycopy(value[i], 0, into[i], 0, value[i].length);
        }
    }

    public void copyValuesFrom(double[][] from) {
        for (int i = 0; i < value.length; i++) {
            System.arraycopy(from[i], 0, value[i], 0, value[i].length);
        }
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
