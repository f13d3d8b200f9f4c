package org.layeranchor.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.evaluation.ConfusionMatrix;

class ConfusionMatrixHeatmapTest {
    @Test
    void writesAReadablePng(@TempDir Path dir) throws Exception {
        ConfusionMatrix m = ConfusionMatrix.of(List.of("angry", "happy", "neutral", "sad"),
                new int[] {0, 0, 1, 1, 2, 2, 3, 3}, new int[] {0, 1, 1, 1, 2, 0, 3, 2});
        Path png = ConfusionMatrixHeatmap.writePng(m, "test", dir.resolve("confusion"));
        assertTrue(png.toString().endsWith("confusion.png"));
        byte[] head = new byte[4];
        System.arraycopy(Files.readAllBytes(png), 0, head, 0, 4);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, head);
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image.getWidth() > 200 && image.getHeight() > 200);
    }
}
