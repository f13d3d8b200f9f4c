package org.layeranchor.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.layeranchor.io.Npy;
import org.layeranchor.training.TrainedModel;

/**
 * The ONNX export's head comes from the loaded model, not from a second reading of its files: its
 * numbers are exactly those the folder stores (checked on load), for both heads.
 */
class HeadWeightsTest {
    @Test
    void theHeadIsTheLoadedModelsNumbersAsTheFolderStoresThem() throws Exception {
        for (String committed : new String[] {"format-1-lam", "format-2-lam-linear"}) {
            Path folder = Path.of(getClass().getResource("/models/" + committed).toURI());
            TrainedModel trained = TrainedModel.load(folder);
            HeadWeights head = HeadWeights.of(trained);
            assertArrayEquals(Npy.read(folder.resolve("normalizer/scale.npy")).data(), flat(head.scale()), committed);
            assertArrayEquals(Npy.read(folder.resolve("normalizer/centre.npy")).data(), flat(head.centre()), committed);
            if (trained.linearHead() != null) {
                assertNull(head.projectionWeights());
                assertEquals(trained.linearHead(), head.linear());
                continue;
            }
            int first = head.usedLayers()[0];
            assertArrayEquals(Npy.read(folder.resolve("weights/projection.layer" + first + ".weight.npy")).data(),
                    head.projectionWeights()[0]);
            assertArrayEquals(Npy.read(folder.resolve("weights/output.bias.npy")).data(), head.outputBias());
            double sum = 0;
            for (double w : head.fusionWeights()) {
                sum += w;
            }
            assertEquals(1.0, sum, 1e-12);
        }
    }

    private static float[] flat(float[][] m) {
        float[] out = new float[m.length * m[0].length];
        for (int i = 0; i < m.length; i++) {
            System.arraycopy(m[i], 0, out, i * m[0].length, m[0].length);
        }
        return out;
    }
}
