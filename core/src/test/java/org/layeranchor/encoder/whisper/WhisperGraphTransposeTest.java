package org.layeranchor.encoder.whisper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The tiled transpose that lays out every weight matrix of the encoder graph, against the definition. */
class WhisperGraphTransposeTest {
    @Test
    void everyElementLandsWhereTheDefinitionPutsIt() {
        // Sizes on and off the 32-wide tiles, a square and two oblongs, into a wider matrix at an offset.
        int[][] shapes = {{1, 1}, {31, 33}, {64, 32}, {70, 5}, {5, 70}, {96, 96}};
        for (int[] shape : shapes) {
            int rows = shape[0];
            int cols = shape[1];
            float[] src = new float[rows * cols];
            for (int i = 0; i < src.length; i++) {
                src[i] = i + 0.5f;
            }
            int stride = rows + 7;
            int offset = 3;
            float[] dst = new float[cols * stride];
            java.util.Arrays.fill(dst, -1f);
            WhisperGraph.transposeInto(src, rows, cols, dst, stride, offset);
            for (int c = 0; c < cols; c++) {
                for (int j = 0; j < stride; j++) {
                    int r = j - offset;
                    float expected = r >= 0 && r < rows ? src[r * cols + c] : -1f;
                    assertEquals(expected, dst[c * stride + j], 0f, rows + "x" + cols + " at column " + c + ", slot " + j);
                }
            }
        }
    }
}
