package org.layeranchor.corpus;

import org.layeranchor.io.CsvWriter;
import org.layeranchor.io.CsvReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits as plain CSV a person can read, edit and reuse: one file per corpus with the header
 * {@code path,speaker,gender,split} and one row per utterance in manifest order ({@code path} as in
 * the manifest). Reading one back checks it against the corpus and that no speaker is in two splits.
 */
public final class SplitFile {
    public static final List<String> HEADER = List.of("path", "speaker", "gender", "split");

    private SplitFile() {
    }

    /** One row of a split file. */
    public record Row(int line, String path, String speaker, String split) {
    }

    public static void write(Path file, List<Utterance> utterances, SplitAssignment assignment) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(CsvWriter.line(HEADER));
            for (Utterance u : utterances) {
                String split = assignment.splitOf(u);
                if (split != null) {
                    w.write(CsvWriter.line(List.of(u.path(), u.speaker(), u.gender(), split)));
                }
            }
        }
    }

    /** Reads a split file; malformed content is an IOException naming the file and line. */
    public static List<Row> read(Path file) throws IOException {
        CsvReader.Table table = CsvReader.read(file);
        if (!table.problems().isEmpty()) {
            CsvReader.Problem p = table.problems().get(0);
            throw new IOException(file + ":" + p.line() + ": " + p.message());
        }
        if (table.rows().isEmpty() || !table.rows().get(0).fields().equals(HEADER)) {
            throw new IOException(file + ":1: expected the header " + String.join(",", HEADER));
        }
        List<Row> rows = new ArrayList<>();
        Map<String, String> splitOfSpeaker = new HashMap<>();
        for (CsvReader.Row r : table.rows().subList(1, table.rows().size())) {
            List<String> f = r.fields();
            if (f.size() != HEADER.size()) {
                throw new IOException(file + ":" + r.line() + ": " + f.size() + " fields, expected " + HEADER.size());
            }
            if (f.get(3).isEmpty()) {
                throw new IOException(file + ":" + r.line() + ": empty split name");
            }
            String before = splitOfSpeaker.putIfAbsent(f.get(1), f.get(3));
            if (before != null && !before.equals(f.get(3))) {
                throw new IOException(file + ":" + r.line() + ": speaker " + f.get(1) + " is in both '" + before
                        + "' and '" + f.get(3) + "': splits must be speaker-disjoint");
            }
            rows.add(new Row(r.line(), f.get(0), f.get(1), f.get(3)));
        }
        return rows;
    }

    /**
     * The corpus's utterances grouped by the split the file gives them (splits in order of first
     * appearance). Every path in the file must be in the corpus; corpus rows the file does not list
     * are left out.
     */
    public static Map<String, List<Utterance>> apply(Path file, Corpus corpus) throws IOException {
        Map<String, Utterance> byPath = new HashMap<>();
        for (Utterance u : corpus.utterances()) {
            byPath.put(u.path(), u);
        }
        Map<String, List<Utterance>> parts = new LinkedHashMap<>();
        for (Row r : read(file)) {
            Utterance u = byPath.get(r.path());
            if (u == null) {
                throw new IOException(file + ":" + r.line() + ": " + r.path() + " is not a usable row of " + corpus.manifest());
            }
            parts.computeIfAbsent(r.split(), s -> new ArrayList<>()).add(u);
        }
        return parts;
    }
}
