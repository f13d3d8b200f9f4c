package org.layeranchor.analysis.classify;

/** A smooth objective for {@link Lbfgs}: its value at x, with the gradient written into {@code gradient}. */
@FunctionalInterface
public interface DifferentiableFunction {
    double valueAndGradient(double[] x, double[] gradient);
}
