package org.layeranchor.encoder.whisper;

/**
 * A weight matrix W [in][out] quantised to int8 per output column, symmetrically:
 * {@code W[i][o] ≈ values[i][o] · scales[o]}, values in [−127, 127] (−128 is left unused so that
 * the range is symmetric and negating a column is exact).
 *
 * @param values row-major [in][out], as the ONNX initialiser stores it
 * @param scales one per output column; a column of zeros gets scale 1 (any scale reproduces it)
 */
record Int8Columns(byte[] values, float[] scales) {
    static Int8Columns quantise(float[] w, int inDim, int outDim) {
        if (w.length != (long) inDim * outDim) {
            throw new IllegalArgumentException("weight has " + w.length + " values, expected " + inDim + " x " + outDim);
        }
        float[] scales = new float[outDim];
        for (int i = 0; i < inDim; i++) {
            for (int o = 0; o < outDim; o++) {
                scales[o] = Math.max(scales[o], Math.abs(w[i * outDim + o]));
            }
        }
        for (int o = 0; o < outDim; o++) {
            scales[o] = scales[o] > 0 ? scales[o] / 127f : 1f;
        }
        byte[] q = new byte[w.length];
        for (int i = 0; i < inDim; i++) {
            for (int o = 0; o < outDim; o++) {
                long r = Math.round(w[i * outDim + o] / scales[o]);
                q[i * outDim + o] = (byte) Math.max(-127, Math.min(127, r));
            }
        }
        return new Int8Columns(q, scales);
    }

    /** The float value the quantised weight stands for. */
    float dequantised(int i, int o) {
        return values[i * scales.length + o] * scales[o];
    }
}
