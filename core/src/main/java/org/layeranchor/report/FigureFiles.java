package org.layeranchor.report;

import de.erichseifert.vectorgraphics2d.Document;
import de.erichseifert.vectorgraphics2d.Processors;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Renders a {@link Figure} as PNG and SVG and writes both beside each other. Works headless. */
final class FigureFiles {
    /** PNGs are drawn at twice their CSS size, so they stay sharp on high-density screens and when zoomed. */
    static final int PNG_SCALE = 2;

    private FigureFiles() {
    }

    /** Writes {@code dir/name.png} and {@code dir/name.svg}; returns the PNG's path. */
    static Path write(Figure figure, Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Path png = dir.resolve(name + ".png");
        Files.write(png, png(figure));
        Files.writeString(dir.resolve(name + ".svg"), svg(figure), StandardCharsets.UTF_8);
        return png;
    }

    static byte[] png(Figure figure) {
        BufferedImage image = new BufferedImage(figure.width() * PNG_SCALE, figure.height() * PNG_SCALE,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.scale(PNG_SCALE, PNG_SCALE);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, figure.width(), figure.height());
            figure.draw(g);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory does not fail
        }
        return out.toByteArray();
    }

    static String svg(Figure figure) {
        VectorGraphics2D g = new VectorGraphics2D();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, figure.width(), figure.height());
        figure.draw(g);
        Document doc = Processors.get("svg").getDocument(g.getCommands(),
                new PageSize(0, 0, figure.width(), figure.height()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            doc.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return portableText(out.toString(StandardCharsets.UTF_8));
    }

    /**
     * VectorGraphics2D names the physical font Java drew with ("DejaVu Sans") and leaves out the size
     * of text in its default 12-pixel font, which a browser would then draw at 16 px. Give the root
     * element that size and every family a fallback of similar widths, so text stays where it was
     * measured on machines without that font.
     */
    static String portableText(String svg) {
        String withFallbacks = svg.replaceAll("font-family:(&quot;[^&]+&quot;|[^;\"]+);",
                "font-family:$1,Verdana,sans-serif;");
        return withFallbacks.replaceFirst("<svg ", "<svg style=\"font-size:12px;font-family:sans-serif\" ");
    }
}
