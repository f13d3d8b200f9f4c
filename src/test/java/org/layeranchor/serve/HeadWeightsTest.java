package org.layeranchor.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.npy.Npy;
import org.layeranchor.npy.NpyArray;
import org.layeranchor.training.TrainedModel;

/** The ONNX export reads the head's files a second time, with the same checks as loading. */
class HeadWeightsTest {
    @Test
    void aHeadArrayChangedAfterLoadingIsRefusedNamingTheFile(@TempDir Path dir) throws Exception {
        for (String committed : new String[] {"format-1-lam", "format-2-lam-linear"}) {
            Path folder = dir.resolve(committed);
            TrainedModel.load(Path.of(getClass().getResource("/models/" + committed).toURI())).save(folder);
            TrainedModel trained = TrainedModel.load(folder);
            HeadWeights intact = HeadWeights.read(folder, trained);
            assertArrayEquals(Npy.read(folder.resolve("normalizer/scale.npy")).data(), flat(intact.scale()));

            Path scale = folder.resolve("normalizer/scale.npy");
            NpyArray a = Npy.read(scale);
            float[] changed = a.data().clone();
            changed[0] *= 2;
            Npy.writeFloat32(scale, changed, a.shape());
            String message = assertThrows(IOException.class, () -> HeadWeights.read(folder, trained)).getMessage();
            assertTrue(message.startsWith(scale + ": SHA-256"), message);
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
