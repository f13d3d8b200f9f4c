package org.layeranchor.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.encoder.whisper.Precision;
import org.layeranchor.encoder.whisper.WhisperEncoder;
import org.layeranchor.testing.TinyWhisper;

/**
 * {@link Encoders#describe}: the description a driver takes instead of opening an encoder must be
 * the one the opened encoder gives, or features would be filed under another store folder.
 */
class EncodersDescribeTest {
    @TempDir
    Path dir;

    @Test
    void aWhisperFolderIsDescribedAsItsOpenedEncoderDescribesItself() throws Exception {
        TinyWhisper.write(dir, 5);
        for (WhisperEncoder.Mode mode : WhisperEncoder.Mode.values()) {
            for (Precision precision : new Precision[] {Precision.FP32, Precision.INT8}) {
                Encoders.Settings settings = new Encoders.Settings(mode, 1, ExecutionDevice.CPU, precision);
                EncoderInfo opened;
                try (SpeechEncoder encoder = Encoders.open(dir, settings)) {
                    opened = encoder.info();
                }
                assertEquals(opened, Encoders.describe(dir, settings), mode + " " + precision);
            }
        }
    }

    @Test
    void theDescriptionNamesTheWeights() throws Exception {
        Path other = Files.createDirectory(dir.resolve("other"));
        Path first = Files.createDirectory(dir.resolve("first"));
        TinyWhisper.write(first, 5);
        TinyWhisper.write(other, 6);
        Encoders.Settings settings = Encoders.Settings.defaults();
        assertNotEquals(Encoders.describe(first, settings).identity(), Encoders.describe(other, settings).identity());
    }

    @Test
    void whatIsNotAModelIsRefusedByName() throws Exception {
        Path missing = dir.resolve("nowhere");
        EncoderException e = assertThrows(EncoderException.class, () -> Encoders.describe(missing, Encoders.Settings.defaults()));
        assertTrue(e.getMessage().startsWith(missing + ": no such model file or folder"), e.getMessage());
        Path text = Files.writeString(dir.resolve("notes.txt"), "not weights");
        EncoderException notModel = assertThrows(EncoderException.class, () -> Encoders.describe(text, Encoders.Settings.defaults()));
        assertTrue(notModel.getMessage().startsWith(text + ": not a model"), notModel.getMessage());
    }
}
