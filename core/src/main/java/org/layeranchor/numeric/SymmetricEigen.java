package org.layeranchor.numeric;

import java.util.Arrays;

/**
 * Eigendecomposition of a real symmetric matrix: A = V Λ Vᵀ.
 *
 * <p>Two classical steps: Householder reduction to a tridiagonal matrix T = Qᵀ A Q, then the
 * implicit-shift QL iteration on T (Wilkinson; the EISPACK {@code tred2}/{@code tql2} pair, here
 * written row-major so that every inner loop walks contiguous memory). Cost about 4n³ flops with
 * vectors and (2/3)n³ without; n = 512 takes a fraction of a second.
 *
 * <p>Eigenvectors are returned as <em>rows</em>: {@code vectors[k]} is the unit eigenvector for
 * {@code values[k]}. Values are sorted ascending.
 */
public final class SymmetricEigen {
    private static final int MAX_QL_ITERATIONS_PER_VALUE = 60;

    /** values ascending; vectors[k] (a row) is the unit eigenvector of values[k]. */
    public record Decomposition(double[] values, double[][] vectors) {
    }

    private SymmetricEigen() {
    }

    /** Eigenvalues and eigenvectors. The input is symmetrised as (A + Aᵀ)/2 and not modified. */
    public static Decomposition decompose(double[][] a) {
        int n = checkSquare(a);
        double[][] work = symmetrisedCopy(a);
        double[] diag = new double[n];
        double[] sub = new double[n];
        double[][] reflectors = tridiagonalise(work, diag, sub);
        // Rows of qt are the columns of Q; the QL rotations mix pairs of them.
        double[][] qt = accumulateTransposedQ(reflectors, n);
        implicitQl(diag, sub, qt);
        sortAscending(diag, qt);
        return new Decomposition(diag, qt);
    }

    /** Eigenvalues only (ascending): cheaper, no vectors are accumulated. */
    public static double[] eigenvalues(double[][] a) {
        int n = checkSquare(a);
        double[][] work = symmetrisedCopy(a);
        double[] diag = new double[n];
        double[] sub = new double[n];
        tridiagonalise(work, diag, sub);
        implicitQl(diag, sub, null);
        Arrays.sort(diag);
        return diag;
    }

    /**
     * The principal square root of a positive semi-definite matrix, V max(Λ,0)^{1/2} Vᵀ. Eigenvalues
     * below zero are round-off of a PSD matrix (e.g. a rank-deficient covariance) and are clamped to 0.
     */
    public static double[][] psdSquareRoot(double[][] a) {
        Decomposition e = decompose(a);
        int n = e.values().length;
        // S = Σ_k sqrt(λ_k) v_k v_kᵀ = Wᵀ W with W's rows w_k = λ_k^{1/4} v_k.
        double[][] w = new double[n][];
        for (int k = 0; k < n; k++) {
            double scale = Math.sqrt(Math.sqrt(Math.max(e.values()[k], 0)));
            w[k] = e.vectors()[k].clone();
            for (int i = 0; i < n; i++) {
                w[k][i] *= scale;
            }
        }
        return AllocatingProducts.transposeTimesSelf(w);
    }

    private static int checkSquare(double[][] a) {
        int n = a.length;
        for (double[] row : a) {
            if (row.length != n) {
                throw new IllegalArgumentException("matrix is not square: " + n + " rows, a row of " + row.length);
            }
        }
        return n;
    }

    private static double[][] symmetrisedCopy(double[][] a) {
        int n = a.length;
        double[][] s = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                s[i][j] = 0.5 * (a[i][j] + a[j][i]);
            }
        }
        return s;
    }

    /**
     * Householder reduction, in place on {@code a}. Step k reflects rows/columns k+1..n-1 so that
     * column k has zeros below the subdiagonal. Returns the reflectors: {@code reflectors[k]} holds
     * v (length n-k-1) scaled so that H_k = I - v vᵀ, or null when step k needed no reflection.
     * On return diag[i] = T[i][i] and sub[i] = T[i][i-1] (sub[0] = 0).
     */
    private static double[][] tridiagonalise(double[][] a, double[] diag, double[] sub) {
        int n = a.length;
        double[][] reflectors = new double[Math.max(n - 2, 0)][];
        for (int k = 0; k < n - 2; k++) {
            int m = n - k - 1;
            double[] x = new double[m];
            double norm2 = 0;
            for (int i = 0; i < m; i++) {
                x[i] = a[k][k + 1 + i]; // row k right of the diagonal = column k below it (symmetry)
                norm2 += x[i] * x[i];
            }
            double tail2 = norm2 - x[0] * x[0];
            if (tail2 == 0) { // already tridiagonal in this column
                sub[k + 1] = x[0];
                continue;
            }
            double alpha = -Math.copySign(Math.sqrt(norm2), x[0]);
            x[0] -= alpha; // v = x - alpha e1
            double vtv = tail2 + x[0] * x[0];
            double scale = Math.sqrt(2 / vtv); // so that H = I - v vᵀ with the rescaled v
            for (int i = 0; i < m; i++) {
                x[i] *= scale;
            }
            reflectors[k] = x;
            sub[k + 1] = alpha;
            // Trailing block B = a[k+1.., k+1..] becomes H B H = B - v wᵀ - w vᵀ,
            // with p = B v and w = p - (pᵀv / 2) v.
            double[] p = new double[m];
            for (int i = 0; i < m; i++) {
                double[] row = a[k + 1 + i];
                double s = 0;
                for (int j = 0; j < m; j++) {
                    s += row[k + 1 + j] * x[j];
                }
                p[i] = s;
            }
            double ptv = 0;
            for (int i = 0; i < m; i++) {
                ptv += p[i] * x[i];
            }
            double half = 0.5 * ptv;
            for (int i = 0; i < m; i++) {
                p[i] -= half * x[i];
            }
            for (int i = 0; i < m; i++) {
                double[] row = a[k + 1 + i];
                double vi = x[i];
                double wi = p[i];
                for (int j = 0; j < m; j++) {
                    row[k + 1 + j] -= vi * p[j] + wi * x[j];
                }
            }
        }
        for (int i = 0; i < n; i++) {
            diag[i] = a[i][i];
        }
        if (n >= 2) {
            sub[n - 1] = a[n - 1][n - 2];
        }
        sub[0] = 0;
        return reflectors;
    }

    /** Qᵀ for Q = H_0 H_1 … H_{n-3}, built backwards so each step touches only its trailing block. */
    private static double[][] accumulateTransposedQ(double[][] reflectors, int n) {
        double[][] q = new double[n][n];
        for (int i = 0; i < n; i++) {
            q[i][i] = 1;
        }
        double[] vtq = new double[n];
        for (int k = reflectors.length - 1; k >= 0; k--) {
            double[] v = reflectors[k];
            if (v == null) {
                continue;
            }
            int off = k + 1;
            int m = v.length;
            // Q ← H_k Q on rows/columns off..n-1: Q -= v (vᵀ Q).
            Arrays.fill(vtq, 0);
            for (int i = 0; i < m; i++) {
                double vi = v[i];
                double[] row = q[off + i];
                for (int j = off; j < n; j++) {
                    vtq[j] += vi * row[j];
                }
            }
            for (int i = 0; i < m; i++) {
                double vi = v[i];
                double[] row = q[off + i];
                for (int j = off; j < n; j++) {
                    row[j] -= vi * vtq[j];
                }
            }
        }
        // The QL step rotates columns of Q; as rows of Qᵀ those rotations walk contiguous memory.
        double[][] qt = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                qt[j][i] = q[i][j];
            }
        }
        return qt;
    }

    /**
     * Implicit-shift QL on the tridiagonal (diag, sub with sub[i] = T[i][i-1]). On return diag holds
     * the eigenvalues (unsorted). When {@code zt} is given, its rows (columns of the accumulated
     * transform) are rotated along, so they end as the eigenvectors.
     */
    private static void implicitQl(double[] d, double[] subIn, double[][] zt) {
        int n = d.length;
        if (n == 0) {
            return;
        }
        double[] e = new double[n];
        for (int i = 1; i < n; i++) {
            e[i - 1] = subIn[i]; // e[i] = T[i+1][i]
        }
        double shiftSum = 0;
        double tst1 = 0;
        double eps = Math.ulp(1.0);
        for (int l = 0; l < n; l++) {
            tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
            int m = l;
            while (m < n - 1 && Math.abs(e[m]) > eps * tst1) {
                m++;
            }
            if (m > l) {
                int iterations = 0;
                do {
                    if (++iterations > MAX_QL_ITERATIONS_PER_VALUE) {
                        throw new ArithmeticException("QL iteration did not converge for eigenvalue " + l);
                    }
                    // Wilkinson-style shift from the leading 2×2 block.
                    double g = d[l];
                    double p = (d[l + 1] - g) / (2 * e[l]);
                    double r = Math.hypot(p, 1);
                    if (p < 0) {
                        r = -r;
                    }
                    d[l] = e[l] / (p + r);
                    d[l + 1] = e[l] * (p + r);
                    double dl1 = d[l + 1];
                    double h = g - d[l];
                    for (int i = l + 2; i < n; i++) {
                        d[i] -= h;
                    }
                    shiftSum += h;
                    // Chase the bulge with Givens rotations from m-1 down to l.
                    p = d[m];
                    double c = 1;
                    double c2 = 1;
                    double c3 = 1;
                    double el1 = e[l + 1];
                    double s = 0;
                    double s2 = 0;
                    for (int i = m - 1; i >= l; i--) {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        g = c * e[i];
                        h = c * p;
                        r = Math.hypot(p, e[i]);
                        e[i + 1] = s * r;
                        s = e[i] / r;
                        c = p / r;
                        p = c * d[i] - s * g;
                        d[i + 1] = h + s * (c * g + s * d[i]);
                        if (zt != null) {
                            double[] zi = zt[i];
                            double[] zi1 = zt[i + 1];
                            for (int k = 0; k < n; k++) {
                                double hk = zi1[k];
                                zi1[k] = s * zi[k] + c * hk;
                                zi[k] = c * zi[k] - s * hk;
                            }
                        }
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1;
                    e[l] = s * p;
                    d[l] = c * p;
                } while (Math.abs(e[l]) > eps * tst1);
            }
            d[l] += shiftSum;
            e[l] = 0;
        }
    }

    private static void sortAscending(double[] values, double[][] vectors) {
        int n = values.length;
        // Selection sort: n swaps of row references, negligible next to the decomposition.
        for (int i = 0; i < n - 1; i++) {
            int min = i;
            for (int j = i + 1; j < n; j++) {
                if (values[j] < values[min]) {
                    min = j;
                }
            }
            if (min != i) {
                double t = values[i];
                values[i] = values[min];
                values[min] = t;
                double[] r = vectors[i];
                vectors[i] = vectors[min];
                vectors[min] = r;
            }
        }
    }
}
