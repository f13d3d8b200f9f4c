package org.layeranchor.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the UAR tables back from a benchmark's {@code results.json} ({@link BenchmarkReport#json}), so
 * that figures can be drawn again from a finished run. A file that is not such a results file fails
 * with one message naming the file and the JSON field that is wrong.
 */
public final class ResultsJson {
    private ResultsJson() {
    }

    public static List<UarTable> read(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such file");
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not valid JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
        try {
            return tables(root);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage());
        }
    }

    static List<UarTable> tables(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a benchmark results file (expected a JSON object)");
        }
        JsonNode classes = array(root.path("settings"), "settings.classes", "classes");
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("settings.classes is empty");
        }
        JsonNode directions = array(root, "directions", "directions");
        // setting → rows in file order; strategies from the setting's first direction.
        Map<String, List<String>> labels = new LinkedHashMap<>();
        Map<String, List<String>> strategies = new LinkedHashMap<>();
        Map<String, List<double[]>> rows = new LinkedHashMap<>();
        Map<String, List<boolean[]>> collapsed = new LinkedHashMap<>();
        for (int d = 0; d < directions.size(); d++) {
            String where = "directions[" + d + "]";
            JsonNode dir = directions.get(d);
            String setting = text(dir, where, "setting");
            List<String> names = new ArrayList<>();
            List<Double> uars = new ArrayList<>();
            JsonNode ss = array(dir, where + ".strategies", "strategies");
            boolean[] flags = new boolean[ss.size()];
            for (int s = 0; s < ss.size(); s++) {
                String at = where + ".strategies[" + s + "]";
                names.add(text(ss.get(s), at, "strategy"));
                JsonNode uar = ss.get(s).path("uar_mean");
                if (!uar.isNumber() || uar.asDouble() < 0 || uar.asDouble() > 1) {
                    throw new IllegalArgumentException(at + ".uar_mean must be a number in [0, 1], found " + uar);
                }
                uars.add(uar.asDouble());
                flags[s] = ss.get(s).path("collapsed_seeds").asInt(0) > 0;
            }
            List<String> expected = strategies.computeIfAbsent(setting, k -> names);
            if (!expected.equals(names)) {
                throw new IllegalArgumentException(where + " lists strategies " + names + ", but earlier " + setting
                        + " directions list " + expected);
            }
            labels.computeIfAbsent(setting, k -> new ArrayList<>())
                    .add(UarTable.label(text(dir, where, "source"), text(dir, where, "target")));
            rows.computeIfAbsent(setting, k -> new ArrayList<>()).add(uars.stream().mapToDouble(Double::doubleValue).toArray());
            collapsed.computeIfAbsent(setting, k -> new ArrayList<>()).add(flags);
        }
        List<UarTable> tables = new ArrayList<>();
        for (String setting : BenchmarkReport.SETTINGS) {
            if (rows.containsKey(setting)) {
                tables.add(new UarTable(setting, labels.get(setting), strategies.get(setting),
                        rows.get(setting).toArray(double[][]::new), collapsed.get(setting).toArray(boolean[][]::new),
                        1.0 / classes.size()));
            }
        }
        if (tables.isEmpty()) {
            throw new IllegalArgumentException("no directions of a known setting " + BenchmarkReport.SETTINGS);
        }
        return tables;
    }

    private static JsonNode array(JsonNode parent, String where, String field) {
        JsonNode node = parent.path(field);
        if (!node.isArray()) {
            throw new IllegalArgumentException(where + " is missing or not a list");
        }
        return node;
    }

    private static String text(JsonNode parent, String where, String field) {
        JsonNode node = parent.path(field);
        if (!node.isTextual() || node.asText().isBlank()) {
            throw new IllegalArgumentException(where + "." + field + " is missing or not a string");
        }
        return node.asText();
    }
}
