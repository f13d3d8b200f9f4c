package org.layeranchor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.encoder.EncoderLocation;
import org.layeranchor.testing.SharedData;

/**
 * The model that ships in the repository (models/default) is what predict uses without --model, on
 * real speech with whisper-base from ../shared, found through the location the model records
 * relative to itself; without its encoder, one line says what to do.
 */
class DefaultModelTest {
    private static final Path CLIP = SharedData.corpus("emodb").resolve("audio/03a01Wa.flac");

    @AfterEach
    void noOverride() {
        System.clearProperty(DefaultModel.PROPERTY);
    }

    @Test
    void theRepositoryShipsADefaultModelThatFindsItsEncoderNextToTheRepository() throws Exception {
        Path model = DefaultModel.locate().orElseThrow();
        assertEquals(Path.of("models", "default"), model.getParent().getFileName().resolve(model.getFileName()));
        EncoderLocation recorded = EncoderLocation.read(model).orElseThrow();
        assertEquals(SharedData.whisperBase().toRealPath(), Path.of(recorded.reference()).toRealPath());
    }

    @Test
    void predictWithoutModelUsesTheDefaultModelOnARealClip() {
        LayerAnchorCliTest.Run r = LayerAnchorCliTest.run("predict", "--format", "csv", CLIP.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("model: the default model"), r.err());
        assertTrue(r.err().contains("1 file(s) are too few to adapt to this batch (40 or more are needed)"), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("file,segment,start_s,end_s,emotion,p_neutral,p_happy,p_sad,p_angry,error", lines.get(0));
        String[] row = lines.get(1).split(",");
        assertEquals(CLIP.toString(), row[0]);
        assertTrue(List.of("neutral", "happy", "sad", "angry").contains(row[4]), lines.get(1));
        double sum = Stream.of(row[5], row[6], row[7], row[8]).mapToDouble(Double::parseDouble).sum();
        assertEquals(1.0, sum, 1e-4);
    }

    @Test
    void withoutItsEncoderOneLineSaysHowToNameIt(@TempDir Path tmp) throws Exception {
        Path copy = Files.createDirectories(tmp.resolve("a/b/default"));
        Path shipped = DefaultModel.locate().orElseThrow();
        try (Stream<Path> files = Files.walk(shipped)) {
            for (Path f : files.toList()) {
                Path to = copy.resolve(shipped.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Files.writeString(copy.resolve(EncoderLocation.FILE),
                "{\"model_path\": \"" + tmp.resolve("gone/whisper-base") + "\", \"relative_path\": \"../../../shared/whisper-base\"}");
        System.setProperty(DefaultModel.PROPERTY, copy.toString());
        LayerAnchorCliTest.Run r = LayerAnchorCliTest.run("predict", CLIP.toString());
        assertEquals(2, r.code(), r.out() + r.err());
        String line = r.err().lines().filter(l -> l.contains("encoder")).findFirst().orElse(r.err());
        assertTrue(line.contains("is not at " + tmp.resolve("gone/whisper-base")) && line.contains("--encoder"), r.err());
    }

    @Test
    void noDefaultModelAndNoModelIsOneClearLine(@TempDir Path tmp) {
        System.setProperty(DefaultModel.PROPERTY, tmp.resolve("missing").toString());
        LayerAnchorCliTest.Run r = LayerAnchorCliTest.run("predict", CLIP.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("is not a model folder") || r.err().contains("no --model given"), r.err());
    }
}
