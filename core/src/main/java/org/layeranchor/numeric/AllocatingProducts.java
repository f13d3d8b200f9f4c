package org.layeranchor.numeric;

/**
 * Dense matrix products on row-major {@code double[row][col]} arrays that <b>allocate and return</b>
 * their result: the contract for whole-matrix work (analysis measures, closed-form CORAL). Loop
 * orders are chosen so the innermost loop walks contiguous rows (these products dominate the
 * analysis run time). For per-step work into preallocated buffers with a summation order that does
 * not depend on the batch, use {@link AccumulatingProducts}.
 */
public final class AllocatingProducts {
    private AllocatingProducts() {
    }

    /** A B. */
    public static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        int inner = b.length;
        int m = inner == 0 ? 0 : b[0].length;
        double[][] c = new double[n][m];
        for (int i = 0; i < n; i++) {
            if (a[i].length != inner) {
                throw new IllegalArgumentException("shape mismatch: A row of " + a[i].length + ", B has " + inner + " rows");
            }
            double[] ci = c[i];
            double[] ai = a[i];
            for (int k = 0; k < inner; k++) {
                double aik = ai[k];
                if (aik == 0) {
                    continue;
                }
                double[] bk = b[k];
                for (int j = 0; j < m; j++) {
                    ci[j] += aik * bk[j];
                }
            }
        }
        return c;
    }

    /** Rows and columns of one tile of Xᵀ X: 16 × 256 doubles (32 kB) stay in the core's first-level cache. */
    private static final int TILE_ROWS = 16;
    private static final int TILE_COLUMNS = 256;

    /**
     * Xᵀ X (columns × columns), symmetric; a sum of rank-1 updates over the rows of X, taken one tile
     * of the result at a time. Every element still adds the rows' products in row order, so the
     * result is bit for bit that of the plain rank-1 loop; but a tile stays in cache while all rows
     * pass, where the plain loop streamed the whole d × d result from memory once per row (for
     * 1,024-dimensional utterance vectors, 4 MB per row: anchor ranking's largest cost).
     */
    public static double[][] transposeTimesSelf(double[][] x) {
        int d = x.length == 0 ? 0 : x[0].length;
        double[][] g = new double[d][d];
        for (int i0 = 0; i0 < d; i0 += TILE_ROWS) {
            int i1 = Math.min(d, i0 + TILE_ROWS);
            for (int j0 = i0; j0 < d; j0 += TILE_COLUMNS) { // the upper triangle: tiles from the diagonal on
                int j1 = Math.min(d, j0 + TILE_COLUMNS);
                for (double[] row : x) {
                    for (int i = i0; i < i1; i++) {
                        double xi = row[i];
                        if (xi == 0) {
                            continue;
                        }
                        double[] gi = g[i];
                        for (int j = Math.max(i, j0); j < j1; j++) {
                            gi[j] += xi * row[j];
                        }
                    }
                }
            }
        }
        mirrorUpperToLower(g);
        return g;
    }

    /** Xᵀ Y for X (n×p) and Y (n×q): a p×q matrix. */
    public static double[][] transposeTimes(double[][] x, double[][] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("row counts differ: " + x.length + " vs " + y.length);
        }
        int p = x.length == 0 ? 0 : x[0].length;
        int q = y.length == 0 ? 0 : y[0].length;
        double[][] c = new double[p][q];
        for (int r = 0; r < x.length; r++) {
            double[] xr = x[r];
            double[] yr = y[r];
            for (int i = 0; i < p; i++) {
                double xi = xr[i];
                if (xi == 0) {
                    continue;
                }
                double[] ci = c[i];
                for (int j = 0; j < q; j++) {
                    ci[j] += xi * yr[j];
                }
            }
        }
        return c;
    }

    /** X Yᵀ for X (n×d) and Y (m×d): the n×m matrix of row dot products. */
    public static double[][] timesTranspose(double[][] x, double[][] y) {
        double[][] c = new double[x.length][y.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < y.length; j++) {
                c[i][j] = dot(x[i], y[j]);
            }
        }
        return c;
    }

    /** X Xᵀ (rows × rows), symmetric. */
    public static double[][] selfTimesTranspose(double[][] x) {
        int n = x.length;
        double[][] g = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                g[i][j] = dot(x[i], x[j]);
            }
        }
        mirrorUpperToLower(g);
        return g;
    }

    public static double dot(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("lengths differ: " + a.length + " vs " + b.length);
        }
        // Four accumulators: independent dependency chains let the JIT pipeline the multiply-adds.
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < a.length; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < a.length; i++) {
            s0 += a[i] * b[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    public static double trace(double[][] a) {
        double t = 0;
        for (int i = 0; i < a.length; i++) {
            t += a[i][i];
        }
        return t;
    }

    /** ‖A‖²_F. */
    public static double frobeniusSquared(double[][] a) {
        double s = 0;
        for (double[] row : a) {
            for (double v : row) {
                s += v * v;
            }
        }
        return s;
    }

    private static void mirrorUpperToLower(double[][] g) {
        for (int i = 0; i < g.length; i++) {
            for (int j = 0; j < i; j++) {
                g[i][j] = g[j][i];
            }
        }
    }
}
