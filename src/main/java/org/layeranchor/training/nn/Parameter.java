package org.layeranchor.training.nn;

import java.util.Arrays;

/**
 * A trainable tensor: its values and the gradient accumulated for it, both flat and row-major.
 *
 * <p>Values are double precision while training (finite-difference checks need it); a trained model
 * rounds them to float32, the precision they are stored in, see {@link #roundToFloat()}.
 */
public final class Parameter {
    private final String name;
    private final int[] shape;
    private final double[] value;
    private final double[] grad;
    private final boolean decays;

    /**
     * @param name   stable name, used as the file name of the stored weights
     * @param decays whether weight decay applies (weight matrices yes; biases and fusion logits no)
     */
    public Parameter(String name, boolean decays, int... shape) {
        this.name = name;
        this.shape = shape.clone();
        int n = 1;
        for (int d : shape) {
            n = Math.multiplyExact(n, d);
        }
        this.value = new double[n];
        this.grad = new double[n];
        this.decays = decays;
    }

    public String name() {
        return name;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int size() {
        return value.length;
    }

    /** The values, shared (modules read and the optimiser writes them in place). */
    public double[] value() {
        return value;
    }

    /** The accumulated gradient, shared. */
    public double[] grad() {
        return grad;
    }

    public boolean decays() {
        return decays;
    }

    public void zeroGrad() {
        Arrays.fill(grad, 0);
    }

    /** Rounds every value to the nearest float32, so that storing as float32 loses nothing. */
    public void roundToFloat() {
        for (int i = 0; i < value.length; i++) {
            value[i] = (float) value[i];
        }
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
