package org.layeranchor.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.layeranchor.io.CsvReader;
import org.layeranchor.io.PrintableText;

/**
 * Speaker ids of audio files for {@code predict --speakers FILE.csv}: a CSV with the header
 * {@code file,speaker}, one row per file. A relative path is relative to the CSV's own folder (so the
 * table travels with the recordings it describes), an absolute one is taken as it is.
 *
 * <p>The table is checked whole before anything is predicted: every bad line is an error naming the
 * CSV and its line, since a file silently left without its speaker would be standardised with the
 * wrong statistics. Rows that name files outside the batch are allowed (one table can describe a whole
 * collection); files of the batch without a row are reported, once, by the caller.
 */
final class SpeakerTable {
    static final List<String> HEADER = List.of("file", "speaker");

    /**
     * @param speakerOf the speaker of each file of the batch that has a row, in batch order
     * @param unlisted  the files of the batch without a row (predicted with the domain's statistics)
     * @param otherRows rows naming files that are not in the batch
     */
    record Assignment(Map<Path, String> speakerOf, List<Path> unlisted, int otherRows) {
    }

    private SpeakerTable() {
    }

    /**
     * Reads {@code csv} and gives each file of {@code batch} its speaker.
     *
     * @throws IllegalArgumentException naming the CSV and the line of the first problem (and how many more there are)
     */
    static Assignment read(Path csv, List<Path> batch) throws IOException {
        if (!Files.isRegularFile(csv)) {
            throw new IllegalArgumentException("--speakers " + csv + ": no such file");
        }
        CsvReader.Table table = CsvReader.read(csv);
        List<CsvReader.Problem> problems = new ArrayList<>(table.problems());
        List<CsvReader.Row> rows = table.rows();
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(csv + ": empty; expected the header 'file,speaker' and one row per file");
        }
        CsvReader.Row header = rows.get(0);
        if (!header.fields().equals(HEADER)) {
            throw new IllegalArgumentException(where(csv, header.line()) + "the header must be 'file,speaker', got '"
                    + PrintableText.escape(String.join(",", header.fields())) + "'");
        }
        Path folder = csv.toAbsolutePath().getParent();
        Map<Path, String> listed = new HashMap<>();
        Map<Path, Integer> listedOn = new HashMap<>();
        for (CsvReader.Row row : rows.subList(1, rows.size())) {
            String problem = problemOf(row, folder, listed, listedOn);
            if (problem != null) {
                problems.add(new CsvReader.Problem(row.line(), problem));
                continue;
            }
            Path file = key(folder.resolve(row.fields().get(0)));
            listed.put(file, row.fields().get(1));
            listedOn.put(file, row.line());
        }
        if (!problems.isEmpty()) {
            problems.sort(java.util.Comparator.comparingInt(CsvReader.Problem::line)); // fixed top-down
            CsvReader.Problem first = problems.get(0);
            throw new IllegalArgumentException(where(csv, first.line()) + first.message()
                    + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problem(s) in the file)" : ""));
        }
        Map<Path, String> speakerOf = new LinkedHashMap<>();
        List<Path> unlisted = new ArrayList<>();
        java.util.Set<Path> matched = new java.util.HashSet<>();
        for (Path f : batch) {
            Path k = key(f);
            String speaker = listed.get(k);
            if (speaker == null) {
                unlisted.add(f);
            } else {
                speakerOf.put(f, speaker);
                matched.add(k);
            }
        }
        return new Assignment(speakerOf, unlisted, listed.size() - matched.size());
    }

    /** What is wrong with one data row, or null. */
    private static String problemOf(CsvReader.Row row, Path folder, Map<Path, String> listed, Map<Path, Integer> listedOn) {
        List<String> f = row.fields();
        if (f.size() != 2) {
            return "expected 2 fields (file,speaker), got " + f.size();
        }
        if (f.get(0).isBlank()) {
            return "the file is empty";
        }
        if (f.get(1).isBlank()) {
            return "the speaker of " + PrintableText.escape(f.get(0)) + " is empty";
        }
        Path file;
        try {
            file = key(folder.resolve(f.get(0)));
        } catch (java.nio.file.InvalidPathException e) {
            return "'" + PrintableText.escape(f.get(0)) + "' is not a file path: " + e.getReason();
        }
        String before = listed.get(file);
        if (before != null) {
            return PrintableText.escape(f.get(0)) + " is listed again (line " + listedOn.get(file) + " gives it speaker '"
                    + PrintableText.escape(before) + "')";
        }
        return null;
    }

    private static String where(Path csv, int line) {
        return csv + " line " + line + ": ";
    }

    /** One spelling per file: the same file named relative, absolute or through a link matches. */
    private static Path key(Path p) {
        Path absolute = p.toAbsolutePath().normalize();
        try {
            return absolute.toRealPath();
        } catch (IOException e) {
            return absolute; // not there (yet): a row for a file outside the batch, compared as written
        }
    }
}
