package org.layeranchor.training.optim;

/**
 * The learning rate at each optimizer step: a linear warmup from peak/warmup to the peak over
 * {@code warmupSteps}, then constant, cosine decay to zero at {@code totalSteps}, or a step decay
 * (× {@code gamma} every {@code stepSize} steps).
 */
public record LearningRateSchedule(Shape shape, double peak, int warmupSteps, int totalSteps, int stepSize,
                                   double gamma) {

    public enum Shape { CONSTANT, COSINE, STEP }

    public LearningRateSchedule {
        if (peak <= 0 || warmupSteps < 0 || totalSteps < 1 || stepSize < 1 || gamma <= 0) {
            throw new IllegalArgumentException("bad schedule: " + shape + " peak " + peak + " warmup " + warmupSteps
                    + " total " + totalSteps + " stepSize " + stepSize + " gamma " + gamma);
        }
    }

    /** The rate for 0-based step {@code step}. */
    public double rateAt(int step) {
        if (step < warmupSteps) {
            return peak * (step + 1) / warmupSteps;
        }
        int after = step - warmupSteps;
        return switch (shape) {
            case CONSTANT -> peak;
            case COSINE -> {
                double progress = Math.min(1.0, after / (double) Math.max(1, totalSteps - warmupSteps));
                yield peak * 0.5 * (1 + Math.cos(Math.PI * progress));
            }
            case STEP -> peak * Math.pow(gamma, after / stepSize);
        };
    }
}
