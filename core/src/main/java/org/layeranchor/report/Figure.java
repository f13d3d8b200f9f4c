package org.layeranchor.report;

import java.awt.Graphics2D;

/**
 * A figure drawn once with Java2D and written both as a raster ({@link FigureFiles#png}) and as a
 * vector image ({@link FigureFiles#svg}) from the same drawing code. Sizes are in CSS pixels.
 */
interface Figure {
    int width();

    int height();

    /** What the figure shows, in one sentence (the image's alt text). */
    String description();

    /** Draws the figure on a white background that the caller has already filled. */
    void draw(Graphics2D g);
}
