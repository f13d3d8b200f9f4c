package org.layeranchor.analysis.classify;

/**
 * Limited-memory BFGS (Nocedal &amp; Wright, Numerical Optimization, alg. 7.4/7.5) with a backtracking
 * Armijo line search. Meant for the smooth convex objectives of the linear probes here; pairs with
 * non-positive curvature sᵀy are skipped rather than stored, which keeps the inverse-Hessian
 * approximation positive definite without a full Wolfe search.
 */
public final class Lbfgs {
    /**
     * @param memory            number of correction pairs kept
     * @param maxIterations     iteration cap (the result says whether it converged before it)
     * @param gradientTolerance stop when max |∂f/∂x_i| falls below this
     */
    public record Settings(int memory, int maxIterations, double gradientTolerance) {
        public static Settings defaults() {
            return new Settings(10, 200, 1e-5);
        }
    }

    /**
     * The minimiser found, its value and the iterations used. {@code converged}: the gradient test was
     * met, or f stopped changing (relative change ≤ 1e-13, i.e. at the limit of double precision).
     */
    public record Result(double[] x, double value, int iterations, boolean converged) {
    }

    private static final double ARMIJO_C1 = 1e-4;
    private static final int MAX_BACKTRACKS = 40;

    private Lbfgs() {
    }

    public static Result minimise(DifferentiableFunction f, double[] start, Settings settings) {
        int n = start.length;
        int mem = settings.memory();
        double[][] s = new double[mem][];
        double[][] y = new double[mem][];
        double[] rho = new double[mem];
        int stored = 0;
        int newest = -1;

        double[] x = start.clone();
        double[] g = new double[n];
        double fx = f.valueAndGradient(x, g);
        double[] direction = new double[n];
        double[] alpha = new double[mem];
        double[] xNew = new double[n];
        double[] gNew = new double[n];

        for (int iter = 0; iter < settings.maxIterations(); iter++) {
            if (maxAbs(g) < settings.gradientTolerance()) {
                return new Result(x, fx, iter, true);
            }
            // Two-loop recursion: direction = −H g.
            System.arraycopy(g, 0, direction, 0, n);
            for (int k = 0; k < stored; k++) {
                int idx = Math.floorMod(newest - k, mem);
                alpha[idx] = rho[idx] * dot(s[idx], direction);
                axpy(-alpha[idx], y[idx], direction);
            }
            double gamma = stored == 0 ? 1.0 / Math.max(norm(g), 1e-300)
                    : dot(s[newest], y[newest]) / dot(y[newest], y[newest]);
            scale(direction, gamma);
            for (int k = stored - 1; k >= 0; k--) {
                int idx = Math.floorMod(newest - k, mem);
                double beta = rho[idx] * dot(y[idx], direction);
                axpy(alpha[idx] - beta, s[idx], direction);
            }
            scale(direction, -1);
            double slope = dot(g, direction);
            if (slope >= 0) { // not a descent direction (numerical trouble): restart from steepest descent
                stored = 0;
                System.arraycopy(g, 0, direction, 0, n);
                scale(direction, -1.0 / Math.max(norm(g), 1e-300));
                slope = dot(g, direction);
            }
            // Backtracking line search from the full quasi-Newton step.
            double step = 1;
            double fNew = Double.NaN;
            boolean accepted = false;
            for (int b = 0; b < MAX_BACKTRACKS; b++) {
                for (int i = 0; i < n; i++) {
                    xNew[i] = x[i] + step * direction[i];
                }
                fNew = f.valueAndGradient(xNew, gNew);
                if (fNew <= fx + ARMIJO_C1 * step * slope) {
                    accepted = true;
                    break;
                }
                step *= 0.5;
            }
            if (!accepted) { // no decrease possible at machine precision: x is as good as it gets
                return new Result(x, fx, iter, false);
            }
            double[] sk = new double[n];
            double[] yk = new double[n];
            for (int i = 0; i < n; i++) {
                sk[i] = xNew[i] - x[i];
                yk[i] = gNew[i] - g[i];
            }
            double sy = dot(sk, yk);
            if (sy > 1e-12 * dot(yk, yk)) {
                newest = (newest + 1) % mem;
                s[newest] = sk;
                y[newest] = yk;
                rho[newest] = 1 / sy;
                stored = Math.min(stored + 1, mem);
            }
            double previous = fx;
            System.arraycopy(xNew, 0, x, 0, n);
            System.arraycopy(gNew, 0, g, 0, n);
            fx = fNew;
            if (Math.abs(previous - fx) <= 1e-13 * Math.max(Math.abs(previous), Math.abs(fx))) {
                return new Result(x, fx, iter + 1, true);
            }
        }
        return new Result(x, fx, settings.maxIterations(), maxAbs(g) < settings.gradientTolerance());
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static void scale(double[] x, double a) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= a;
        }
    }

    private static double norm(double[] x) {
        return Math.sqrt(dot(x, x));
    }

    private static double maxAbs(double[] x) {
        double m = 0;
        for (double v : x) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
