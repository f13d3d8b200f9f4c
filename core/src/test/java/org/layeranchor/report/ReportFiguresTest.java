package org.layeranchor.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ReportFiguresTest {
    @TempDir
    Path dir;

    @Test
    void writesTheSummaryAndOneHeatMapPerSettingAsPngAndSvg() throws Exception {
        List<UarTable> tables = UarTable.of(SyntheticResults.create(1));
        List<ReportFigures.Written> written = ReportFigures.write(tables, dir);
        assertEquals(List.of("summary", "heatmap-inductive", "heatmap-transductive", "heatmap-lolo-inductive",
                "heatmap-lolo-transductive"), written.stream().map(ReportFigures.Written::name).toList());
        for (ReportFigures.Written w : written) {
            BufferedImage png = ImageIO.read(w.png().toFile());
            assertEquals(2 * w.width(), png.getWidth(), w.name());
            assertEquals(2 * w.height(), png.getHeight(), w.name());
            Element svg = parse(w.svg());
            assertEquals("0 0 " + w.width() + " " + w.height(), svg.getAttribute("viewBox"), w.name());
            assertTrue(svg.getAttribute("style").contains("font-size:12px"), "SVG text has a size in every viewer");
            List<String> texts = texts(svg);
            for (String strategy : tables.get(0).strategies()) {
                // The heat map breaks long names after their hyphen; the summary writes them whole.
                String head = strategy.contains("-") && !w.name().equals("summary") ? strategy.split("-")[0] : strategy;
                assertTrue(texts.stream().anyMatch(t -> t.startsWith(head)), w.name() + " lacks " + strategy + ": " + texts);
            }
        }
        List<String> mapTexts = texts(parse(dir.resolve("heatmap-inductive.svg")));
        assertTrue(mapTexts.containsAll(tables.get(0).directions()), mapTexts.toString());
        assertTrue(mapTexts.contains(String.format(Locale.ROOT, "%.1f", 100 * tables.get(0).uar()[3][4])));
        // The collapsed run (first row, last-layer) is marked, and the mark explained under the map.
        assertTrue(mapTexts.contains(String.format(Locale.ROOT, "%.1f ⚠", 100 * tables.get(0).uar()[0][0])),
                mapTexts.toString());
        assertEquals(1, mapTexts.stream().filter(t -> t.endsWith("⚠")).count(), mapTexts.toString());
        assertTrue(mapTexts.stream().anyMatch(t -> t.startsWith("⚠ collapsed: ≥ 85 %")), mapTexts.toString());
    }

    @Test
    void heatMapCellsAreColouredByTheirUarOnOneScaleForEverySetting() throws Exception {
        List<UarTable> tables = UarTable.of(SyntheticResults.create(2));
        double[] range = UarHeatMap.range(tables);
        assertTrue(range[0] <= 0.4 && range[1] >= 0.6 && Math.round(range[0] * 100) % 10 == 0, "whole tens");
        for (UarTable t : List.of(tables.get(0), tables.get(3))) {
            UarHeatMap map = new UarHeatMap(t, "test", range[0], range[1]);
            BufferedImage png = ImageIO.read(new ByteArrayInputStream(FigureFiles.png(map)));
            int darkest = -1;
            int brightest = -1;
            for (int d = 0; d < t.directions().size(); d++) {
                for (int s = 0; s < t.strategies().size(); s++) {
                    Rectangle2D cell = map.cell(d, s);
                    // A corner of the cell, clear of its number and of the best-of-row outline.
                    Color drawn = new Color(png.getRGB((int) (2 * (cell.getX() + 5)), (int) (2 * (cell.getY() + 5))));
                    Color expected = map.colour(t.uar()[d][s]);
                    assertEquals(expected.getRGB(), drawn.getRGB(), t.setting() + " " + t.directions().get(d) + " "
                            + t.strategies().get(s));
                }
            }
            // Higher UAR reads brighter: the colour scale is monotone in luminance.
            double previous = -1;
            for (double u = range[0]; u <= range[1]; u += 0.01) {
                double l = UarHeatMap.luminance(map.colour(u));
                assertTrue(l >= previous - 1e-9, "luminance falls at " + u);
                previous = l;
            }
        }
    }

    @Test
    void theSummaryRanksStrategiesByTheHeadlineMeanAndDrawsWithOnlyOneSetting() throws Exception {
        List<UarTable> tables = UarTable.of(SyntheticResults.create(4));
        UarTable headline = tables.get(0);
        List<String> expected = new ArrayList<>(headline.strategies());
        expected.sort(Comparator.comparingDouble((String s) -> headline.mean(headline.strategies().indexOf(s))).reversed());
        assertEquals(expected, new StrategyMeansFigure(tables).strategies());

        StrategyMeansFigure single = new StrategyMeansFigure(List.of(headline));
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(FigureFiles.png(single)));
        assertEquals(2 * single.width(), png.getWidth());
        assertTrue(single.description().contains(expected.get(0)), single.description());
    }

    @Test
    void theSummarysLegendNamesTransductiveOnlyWhenATransductiveTableIsDrawn() throws Exception {
        List<UarTable> tables = UarTable.of(SyntheticResults.create(5));
        List<UarTable> inductiveOnly = tables.stream().filter(UarTable::inductive).toList();
        assertEquals(2, inductiveOnly.size(), "pairwise and leave one language out, as --quick writes them");
        List<String> both = texts(parse(ReportFigures.write(tables, dir.resolve("both")).get(0).svg()));
        List<String> quick = texts(parse(ReportFigures.write(inductiveOnly, dir.resolve("quick")).get(0).svg()));
        assertTrue(both.containsAll(List.of("inductive", "transductive", "one direction")), both.toString());
        assertTrue(quick.containsAll(List.of("inductive", "one direction")), quick.toString());
        assertFalse(quick.contains("transductive"), quick.toString());
    }

    /** The SVG as XML, well-formed or failing; its DTD is not fetched (no network in tests). */
    private static Element parse(Path svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f.newDocumentBuilder().parse(svg.toFile()).getDocumentElement();
    }

    private static List<String> texts(Element svg) {
        NodeList nodes = svg.getElementsByTagName("text");
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent());
        }
        return texts;
    }
}
