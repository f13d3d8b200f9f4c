package org.layeranchor.features;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.layeranchor.corpus.CsvFormat;

/**
 * {@code index.csv} and {@code failures.csv} of one encoder folder. Rows are keyed by corpus and path;
 * a new run replaces the rows of the utterances it covers and keeps all others, so corpora extracted
 * at different times share one index.
 */
public final class StoreIndex {
    private StoreIndex() {
    }

    /** A failed utterance: where it is and why. */
    public record Failure(String corpus, String path, int line, String error) {
    }

    public static Map<String, IndexRow> read(Path encoderDir) throws IOException {
        Map<String, IndexRow> rows = new TreeMap<>();
        Path f = encoderDir.resolve("index.csv");
        if (Files.exists(f)) {
            addRows(CsvFormat.readAll(f), 1, f.toString(), rows);
        }
        return rows;
    }

    /** Adds parsed records (from {@code first} on; earlier ones are headers) to {@code rows}. */
    static void addRows(List<List<String>> records, int first, String source, Map<String, IndexRow> rows)
            throws IOException {
        for (int i = first; i < records.size(); i++) {
            List<String> r = records.get(i);
            if (r.size() != 12) {
                throw new IOException(source + ":" + (i + 1) + ": expected 12 columns, found " + r.size());
            }
            try {
                IndexRow row = new IndexRow(r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5), r.get(6),
                        Double.parseDouble(r.get(7)), r.get(8), Integer.parseInt(r.get(9)), !r.get(11).isEmpty());
                rows.put(row.key(), row);
            } catch (NumberFormatException e) {
                throw new IOException(source + ":" + (i + 1) + ": bad number (" + e.getMessage() + ")");
            }
        }
    }

    /** Replaces the index with {@code rows}, sorted by corpus and path (written atomically). */
    public static void write(Path encoderDir, Collection<IndexRow> rows) throws IOException {
        List<IndexRow> sorted = new ArrayList<>(rows);
        sorted.sort(java.util.Comparator.comparing(IndexRow::key));
        FeatureStore.writeAtomically(encoderDir.resolve("index.csv"), out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            w.write(IndexRow.HEADER + "\n");
            for (IndexRow r : sorted) {
                w.write(CsvFormat.line(r.corpus(), r.corpusDir(), r.path(), r.speaker(), r.gender(), r.emotion(),
                        r.language(), Double.toString(r.durationS()), r.audioSha256(), Integer.toString(r.frames()),
                        r.pooledFile(), r.framesFile()));
            }
            w.flush();
        });
    }

    public static Map<String, Failure> readFailures(Path encoderDir) throws IOException {
        Map<String, Failure> rows = new TreeMap<>();
        Path f = encoderDir.resolve("failures.csv");
        if (!Files.exists(f)) {
            return rows;
        }
        List<List<String>> records = CsvFormat.readAll(f);
        for (int i = 1; i < records.size(); i++) {
            List<String> r = records.get(i);
            rows.put(r.get(0) + "/" + r.get(1), new Failure(r.get(0), r.get(1), Integer.parseInt(r.get(2)), r.get(3)));
        }
        return rows;
    }

    public static void writeFailures(Path encoderDir, Collection<Failure> failures) throws IOException {
        FeatureStore.writeAtomically(encoderDir.resolve("failures.csv"), out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            w.write("corpus,path,line,error\n");
            for (Failure f : failures) {
                w.write(CsvFormat.line(f.corpus(), f.path(), Integer.toString(f.line()), f.error()));
            }
            w.flush();
        });
    }

}
