package org.layeranchor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.encoder.ExecutionDeviceTest;
import org.layeranchor.testing.TinyWhisper;

/** {@code extract --device}: where CUDA cannot run, one line on stderr and exit 1; a typo is named. */
class ExtractDeviceOptionTest {
    @Test
    void cudaWhereItCannotRunExitsOneWithOneLine(@TempDir Path tmp) throws Exception {
        Path model = tmp.resolve("model");
        TinyWhisper.write(model, 4);
        Optional<String> why = ExecutionDeviceTest.cudaUnavailable(model);
        Assumptions.assumeTrue(why.isPresent(), "a CUDA GPU is usable here: the error path cannot be shown");
        Path corpus = ExtractCommandTest.corpus(tmp.resolve("tiny"), 2);
        LayerAnchorCliTest.Run r = LayerAnchorCliTest.run("extract", "--model", model.toString(), "--corpus",
                corpus.toString(), "--store", tmp.resolve("store").toString(), "--device", "cuda");
        assertEquals(1, r.code(), r.out());
        assertEquals("error: " + why.get(), r.err().strip());
    }

    @Test
    void aMisspelledDeviceIsNamed(@TempDir Path tmp) throws Exception {
        LayerAnchorCliTest.Run r = LayerAnchorCliTest.run("extract", "--model", tmp.toString(), "--corpus",
                tmp.toString(), "--store", tmp.resolve("store").toString(), "--device", "gpu0");
        assertEquals(1, r.code(), r.out());
        assertEquals("error: device 'gpu0': expected cpu, cuda or cuda:N (N = GPU number)", r.err().strip());
    }
}
