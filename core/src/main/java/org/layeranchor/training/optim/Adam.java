package org.layeranchor.training.optim;

import java.util.List;
import org.layeranchor.training.nn.Parameter;

/**
 * Adam (Kingma &amp; Ba 2015) with either coupled L2 weight decay (classic Adam: wd·θ is added to
 * the gradient) or decoupled weight decay (AdamW, Loshchilov &amp; Hutter 2019: θ shrinks by lr·wd
 * before the Adam step, as PyTorch's {@code AdamW} does). Decay applies only to parameters that
 * {@link Parameter#decays()}.
 */
public final class Adam {
    private final List<Parameter> parameters;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final boolean decoupled;
    private final double[][][] firstMoment;  // [parameter][row][col]
    private final double[][][] secondMoment;
    private int steps;

    public Adam(List<Parameter> parameters, double beta1, double beta2, double epsilon, double weightDecay,
                boolean decoupled) {
        this.parameters = List.copyOf(parameters);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
        this.firstMoment = new double[this.parameters.size()][][];
        this.secondMoment = new double[this.parameters.size()][][];
        for (int i = 0; i < this.parameters.size(); i++) {
            Parameter p = this.parameters.get(i);
            firstMoment[i] = new double[p.rows()][p.cols()];
            secondMoment[i] = new double[p.rows()][p.cols()];
        }
    }

    /** Number of steps taken so far. */
    public int steps() {
        return steps;
    }

    /** One update of every parameter from its accumulated gradient, at learning rate {@code lr}. */
    public void step(double lr) {
        steps++;
        double correction1 = 1 - Math.pow(beta1, steps);
        double correction2 = 1 - Math.pow(beta2, steps);
        for (int p = 0; p < parameters.size(); p++) {
            Parameter param = parameters.get(p);
            double decay = param.decays() ? weightDecay : 0;
            double shrink = decoupled ? 1 - lr * decay : 1;
            double l2 = decoupled ? 0 : decay;
            for (int r = 0; r < param.rows(); r++) {
                double[] theta = param.value()[r];
                double[] g = param.grad()[r];
                double[] m = firstMoment[p][r];
                double[] v = secondMoment[p][r];
                for (int i = 0; i < theta.length; i++) {
                    double gi = g[i] + l2 * theta[i];
                    m[i] = beta1 * m[i] + (1 - beta1) * gi;
                    v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
                    double mHat = m[i] / correction1;
                    double vHat = v[i] / correction2;
                    theta[i] = theta[i] * shrink - lr * mHat / (Math.sqrt(vHat) + epsilon);
                }
            }
        }
    }
}
