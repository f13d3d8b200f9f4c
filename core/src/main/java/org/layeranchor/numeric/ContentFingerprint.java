package org.layeranchor.numeric;

/**
 * A 64-bit fingerprint of an array's every value, in order, for remembering work done on data by its
 * content rather than by which array object holds it: two arrays of the same shape with the same
 * fingerprint hold the same numbers but for a collision of chance about 2^-64. Linear in the values,
 * so it costs a thousandth of the covariance or eigendecomposition it stands in for.
 *
 * <p>FNV-1a over each value's raw bits, with a shift that spreads high bits into low ones; callers
 * fold the shape in with {@link #start}.
 */
public final class ContentFingerprint {
    private ContentFingerprint() {
    }

    /** The starting state for arrays of the given shape. */
    public static long start(long shape) {
        return 0xcbf29ce484222325L ^ shape;
    }

    /** Folds one value's raw bits into the state. */
    public static long add(long state, long bits) {
        long h = (state ^ bits) * 0x100000001b3L;
        return h ^ (h >>> 29);
    }

    /** Every value of {@code rows}, row by row, with the shape (row count, width of the first row). */
    public static long of(double[][] rows) {
        long h = start((long) rows.length << 32 | (rows.length == 0 ? 0 : rows[0].length));
        for (double[] row : rows) {
            h = add(h, row.length);
            for (double v : row) {
                h = add(h, Double.doubleToRawLongBits(v));
            }
        }
        return h;
    }
}
