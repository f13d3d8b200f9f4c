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
     * 1,024-dimensional utterance vectors, 4 MB per row: anchor ranking's largest cost), and rows
     * pass four at a time ({@link #addFourRows}).
     */
    public static double[][] transposeTimesSelf(double[][] x) {
        int d = x.length == 0 ? 0 : x[0].length;
        double[][] g = new double[d][d];
        for (int i0 = 0; i0 < d; i0 += TILE_ROWS) {
            int i1 = Math.min(d, i0 + TILE_ROWS);
            for (int j0 = i0; j0 < d; j0 += TILE_COLUMNS) { // the upper triangle: tiles from the diagonal on
                int j1 = Math.min(d, j0 + TILE_COLUMNS);
                int r = 0;
                for (; r + 3 < x.length; r += 4) {
                    addFourRows(x[r], x[r + 1], x[r + 2], x[r + 3], g, i0, i1, j0, j1);
                }
                for (; r < x.length; r++) {
                    addRow(x[r], g, i0, i1, j0, j1);
                }
            }
        }
        mirrorUpperToLower(g);
        return g;
    }

    /** One row's products added into the tile's upper-triangle elements, skipping a zero multiplier. */
    private static void addRow(double[] row, double[][] g, int i0, int i1, int j0, int j1) {
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

    /**
     * Four consecutive rows' products added into the tile, each element loaded and stored once for the
     * four instead of four times. Java adds left to right, so every element still receives the rows'
     * products one at a time in row order: bit for bit {@link #addRow} four times. Where a multiplier is
     * zero the rows go one by one, so that a zero skips its row exactly as {@link #addRow} does.
     */
    private static void addFourRows(double[] r0, double[] r1, double[] r2, double[] r3, double[][] g, int i0, int i1,
                                    int j0, int j1) {
        for (int i = i0; i < i1; i++) {
            double a0 = r0[i];
            double a1 = r1[i];
            double a2 = r2[i];
            double a3 = r3[i];
            if (a0 == 0 || a1 == 0 || a2 == 0 || a3 == 0) {
                addRow(r0, g, i, i + 1, j0, j1);
                addRow(r1, g, i, i + 1, j0, j1);
                addRow(r2, g, i, i + 1, j0, j1);
                addRow(r3, g, i, i + 1, j0, j1);
                continue;
            }
            double[] gi = g[i];
            for (int j = Math.max(i, j0); j < j1; j++) {
                gi[j] = gi[j] + a0 * r0[j] + a1 * r1[j] + a2 * r2[j] + a3 * r3[j];
            }
        }
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

    /**
     * X Yᵀ for X (n×d) and Y (m×d): the n×m matrix of row dot products, each element exactly
     * {@link #dot} of its two rows. Four rows of X at a time meet each row of Y ({@link #dotFour}),
     * so each row of Y is read once per four products instead of once per product.
     */
    public static double[][] timesTranspose(double[][] x, double[][] y) {
        double[][] c = new double[x.length][y.length];
        int i = 0;
        for (; i + 3 < x.length; i += 4) {
            for (int j = 0; j < y.length; j++) {
                dotFour(x[i], x[i + 1], x[i + 2], x[i + 3], y[j], c, i, j);
            }
        }
        for (; i < x.length; i++) {
            for (int j = 0; j < y.length; j++) {
                c[i][j] = dot(x[i], y[j]);
            }
        }
        return c;
    }

    /** X Xᵀ (rows × rows), symmetric; each element exactly {@link #dot} of its two rows, as {@link #timesTranspose}. */
    public static double[][] selfTimesTranspose(double[][] x) {
        int n = x.length;
        double[][] g = new double[n][n];
        int i = 0;
        for (; i + 3 < n; i += 4) {
            // From the block's first row on: the few products below the diagonal that this computes are
            // overwritten by their mirror images, which are the same numbers (a·b and b·a multiply the same pairs).
            for (int j = i; j < n; j++) {
                dotFour(x[i], x[i + 1], x[i + 2], x[i + 3], x[j], g, i, j);
            }
        }
        for (; i < n; i++) {
            for (int j = i; j < n; j++) {
                g[i][j] = dot(x[i], x[j]);
            }
        }
        mirrorUpperToLower(g);
        return g;
    }

    /**
     * c[i + r][j] = a_r · b for r = 0..3, each summed exactly as {@link #dot} sums it (the same four
     * lanes, the same order, the same final additions), so each is bit for bit {@code dot(a_r, b)}.
     * Sixteen independent sums instead of four keep more multiply-adds in flight, and b is loaded once
     * for the four rows.
     */
    private static void dotFour(double[] a0, double[] a1, double[] a2, double[] a3, double[] b, double[][] c, int i,
                                int j) {
        int d = b.length;
        if (a0.length != d || a1.length != d || a2.length != d || a3.length != d) {
            throw new IllegalArgumentException("lengths differ: rows of " + a0.length + ", " + a1.length + ", "
                    + a2.length + ", " + a3.length + " vs " + d);
        }
        double p0 = 0, p1 = 0, p2 = 0, p3 = 0;
        double q0 = 0, q1 = 0, q2 = 0, q3 = 0;
        double r0 = 0, r1 = 0, r2 = 0, r3 = 0;
        double t0 = 0, t1 = 0, t2 = 0, t3 = 0;
        int k = 0;
        for (; k + 3 < d; k += 4) {
            double b0 = b[k];
            double b1 = b[k + 1];
            double b2 = b[k + 2];
            double b3 = b[k + 3];
            p0 += a0[k] * b0;
            p1 += a0[k + 1] * b1;
            p2 += a0[k + 2] * b2;
            p3 += a0[k + 3] * b3;
            q0 += a1[k] * b0;
            q1 += a1[k + 1] * b1;
            q2 += a1[k + 2] * b2;
            q3 += a1[k + 3] * b3;
            r0 += a2[k] * b0;
            r1 += a2[k + 1] * b1;
            r2 += a2[k + 2] * b2;
            r3 += a2[k + 3] * b3;
            t0 += a3[k] * b0;
            t1 += a3[k + 1] * b1;
            t2 += a3[k + 2] * b2;
            t3 += a3[k + 3] * b3;
        }
        for (; k < d; k++) {
            p0 += a0[k] * b[k];
            q0 += a1[k] * b[k];
            r0 += a2[k] * b[k];
            t0 += a3[k] * b[k];
        }
        c[i][j] = (p0 + p1) + (p2 + p3);
        c[i + 1][j] = (q0 + q1) + (q2 + q3);
        c[i + 2][j] = (r0 + r1) + (r2 + r3);
        c[i + 3][j] = (t0 + t1) + (t2 + t3);
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
