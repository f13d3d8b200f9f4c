package org.layeranchor.features;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.layeranchor.io.CsvReader;
import org.layeranchor.io.CsvWriter;
import org.layeranchor.parallel.ProcessFileLock;

/**
 * {@code index.csv} and {@code failures.csv} of one encoder folder. Rows are keyed by corpus and path;
 * a new run replaces the rows of the utterances it covers and keeps all others, so corpora extracted
 * at different times share one index.
 *
 * <p>Several writers (processes, Spark executors) may extract into one store at once. None of them
 * rewrites the index from what it read at its start: each applies its own {@link Changes} with
 * {@link #merge}, which re-reads both files under the {@link IndexLock}, so no writer's rows are lost.
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
            addRows(table(CsvReader.read(f), f.toString()), 1, f.toString(), rows, true);
        }
        return rows;
    }

    /** The records of a table LayerAnchor wrote itself; any unparsable line means the file was damaged. */
    static List<CsvReader.Row> table(CsvReader.Table t, String source) throws IOException {
        if (!t.problems().isEmpty()) {
            CsvReader.Problem p = t.problems().get(0);
            throw new IOException(source + ":" + p.line() + ": " + p.message());
        }
        return t.rows();
    }

    /** Adds parsed records (from {@code first} on; earlier ones are headers) to {@code rows}; later rows replace earlier ones. */
    static void addRows(List<CsvReader.Row> records, int first, String source, Map<String, IndexRow> rows)
            throws IOException {
        addRows(records, first, source, rows, false);
    }

    /**
     * As above; with {@code unique} (index.csv, which holds one row per utterance), a second row for the
     * same corpus and path is damage, named with both lines, rather than silently winning.
     */
    static void addRows(List<CsvReader.Row> records, int first, String source, Map<String, IndexRow> rows, boolean unique)
            throws IOException {
        Map<String, Integer> lineOf = new java.util.HashMap<>();
        for (int i = first; i < records.size(); i++) {
            List<String> r = records.get(i).fields();
            int line = records.get(i).line();
            if (r.size() != IndexRow.COLUMNS && r.size() != IndexRow.COLUMNS_WITHOUT_CHECKSUMS) {
                throw new IOException(source + ":" + line + ": expected " + IndexRow.COLUMNS + " columns (or "
                        + IndexRow.COLUMNS_WITHOUT_CHECKSUMS + ", without checksums), found " + r.size());
            }
            String pooledCrc = r.size() == IndexRow.COLUMNS ? r.get(12) : "";
            String framesCrc = r.size() == IndexRow.COLUMNS ? r.get(13) : "";
            for (String crc : List.of(pooledCrc, framesCrc)) {
                if (!crc.isEmpty() && !EntryChecksum.isWellFormed(crc)) {
                    throw new IOException(source + ":" + line + ": bad checksum '" + crc + "' (expected 8 hex digits or nothing)");
                }
            }
            // The content key names the entry files (pooled/ab/abcd….npy): anything but 64 hex digits would
            // fail later with an index error, or, holding "../", read outside the store.
            if (!r.get(8).matches("[0-9a-f]{64}")) {
                throw new IOException(source + ":" + line + ": bad audio_sha256 '" + printable(r.get(8))
                        + "' (expected 64 lower-case hex digits)");
            }
            IndexRow row;
            try {
                double duration = Double.parseDouble(r.get(7));
                int frames = Integer.parseInt(r.get(9));
                if (!(duration >= 0) || Double.isInfinite(duration) || frames < 0) {
                    throw new IOException(source + ":" + line + ": bad duration_s " + r.get(7) + " or frames " + r.get(9)
                            + " (expected non-negative numbers)");
                }
                row = new IndexRow(r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5), r.get(6),
                        duration, r.get(8), frames, !r.get(11).isEmpty(), pooledCrc, framesCrc);
            } catch (NumberFormatException e) {
                throw new IOException(source + ":" + line + ": bad number (" + e.getMessage() + ")");
            }
            Integer earlier = lineOf.put(row.key(), line);
            if (unique && earlier != null) {
                throw new IOException(source + ":" + line + ": a second row for corpus " + row.corpus() + ", path "
                        + row.path() + " (the first is line " + earlier + "); delete one and run extract again");
            }
            rows.put(row.key(), row);
        }
    }

    /**
     * One writer's work, to be merged into the index.
     *
     * @param rows     entries it finished (replacing the rows of the same corpus and path)
     * @param covered  keys ({@code corpus/path}) of every utterance it tried: their old failures are cleared
     * @param failures utterances that failed: recorded, and their rows removed from the index
     */
    public record Changes(Collection<IndexRow> rows, Collection<String> covered, Collection<Failure> failures) {
        public static final Changes NONE = new Changes(List.of(), List.of(), List.of());

        boolean touchFailures() {
            return !covered.isEmpty() || !failures.isEmpty();
        }
    }

    /**
     * Merges {@code changes} into the index, safely while other writers do the same: under the
     * index lock, re-reads {@code index.csv}, folds in every journal (rows of writers killed before
     * their merge, and of live ones so far), applies the changes, writes {@code index.csv} (and
     * {@code failures.csv} when the changes touch failures), then removes the journals whose writers
     * are gone. Writes nothing when nothing changed. Returns the merged index.
     */
    public static Map<String, IndexRow> merge(Path encoderDir, Changes changes, StaleFilePolicy policy) throws IOException {
        try (ProcessFileLock lock = IndexLock.acquire(encoderDir)) {
            Map<String, IndexRow> index = read(encoderDir);
            Instant now = Instant.now();
            boolean changed = false;
            List<Path> finished = new ArrayList<>();
            for (Path journal : Journal.all(encoderDir)) {
                changed |= Journal.fold(journal, index) > 0;
                if (Journal.removableAfterFold(journal, policy, now)) {
                    finished.add(journal);
                }
            }
            for (IndexRow r : changes.rows()) {
                index.put(r.key(), r);
                changed = true;
            }
            for (Failure f : changes.failures()) {
                changed |= index.remove(f.corpus() + "/" + f.path()) != null;
            }
            if (changed || !finished.isEmpty()) {
                write(encoderDir, index.values());
            }
            if (changes.touchFailures()) {
                Map<String, Failure> failures = readFailures(encoderDir);
                changes.covered().forEach(failures::remove);
                changes.failures().forEach(f -> failures.put(f.corpus() + "/" + f.path(), f));
                writeFailures(encoderDir, failures.values());
            }
            for (Path journal : finished) {
                Files.deleteIfExists(journal); // its rows are in index.csv now
            }
            return index;
        }
    }

    /** One row as a line of {@code index.csv}; extraction journals hold such lines, one per finished entry. */
    public static String journalLine(IndexRow row) {
        return row.csvLine();
    }

    /**
     * Adds the rows of a journal (lines as {@link #journalLine}, no header) to {@code rows}; a last line
     * cut short by a killed writer is ignored. A missing journal adds nothing.
     */
    public static void foldJournal(Path journal, Map<String, IndexRow> rows) throws IOException {
        if (!Files.exists(journal)) {
            return;
        }
        String text = Files.readString(journal, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        if (end < 0) {
            return;
        }
        byte[] complete = text.substring(0, end + 1).getBytes(StandardCharsets.UTF_8);
        addRows(table(CsvReader.parse(complete), journal.toString()), 0, journal.toString(), rows);
    }

    /** Replaces the index with {@code rows}, sorted by corpus and path (written atomically). */
    public static void write(Path encoderDir, Collection<IndexRow> rows) throws IOException {
        List<IndexRow> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing(IndexRow::key));
        AtomicFiles.write(encoderDir.resolve("index.csv"), out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            w.write(IndexRow.HEADER + "\n");
            for (IndexRow r : sorted) {
                w.write(r.csvLine());
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
        List<CsvReader.Row> records = table(CsvReader.read(f), f.toString());
        for (int i = 1; i < records.size(); i++) {
            List<String> r = records.get(i).fields();
            rows.put(r.get(0) + "/" + r.get(1), new Failure(r.get(0), r.get(1), Integer.parseInt(r.get(2)), r.get(3)));
        }
        return rows;
    }

    public static void writeFailures(Path encoderDir, Collection<Failure> failures) throws IOException {
        AtomicFiles.write(encoderDir.resolve("failures.csv"), out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            w.write("corpus,path,line,error\n");
            for (Failure f : failures) {
                w.write(CsvWriter.line(List.of(f.corpus(), f.path(), Integer.toString(f.line()), f.error())));
            }
            w.flush();
        });
    }


    /** At most 80 characters, control characters as '?': a damaged field goes into one readable line. */
    private static String printable(String s) {
        String t = s.replaceAll("\\p{Cntrl}", "?");
        return t.length() > 80 ? t.substring(0, 80) + "…" : t;
    }
}
