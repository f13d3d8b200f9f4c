package org.layeranchor.corpus;

import org.layeranchor.io.CsvReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code manifest.csv}: columns {@code path,speaker,gender,emotion,language,text,duration_s} in
 * any order, only {@code path} and {@code emotion} required, other columns kept in
 * {@link Utterance#extra()}. Every row is checked; rejected rows become {@link CorpusProblem}s.
 */
final class ManifestReader {
    static final String FILE_NAME = "manifest.csv";
    static final List<String> STANDARD_COLUMNS =
            List.of("path", "speaker", "gender", "emotion", "language", "text", "duration_s");

    private ManifestReader() {
    }

    static Corpus read(Path dir, Set<String> extraEmotions) {
        Path manifest = dir.resolve(FILE_NAME);
        Path folderName = dir.toAbsolutePath().normalize().getFileName();
        String name = folderName == null ? dir.toString() : folderName.toString();
        List<CorpusProblem> problems = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            problems.add(new CorpusProblem(dir, 0, "corpus folder not found"));
            return new Corpus(name, dir, List.of(), problems);
        }
        CsvReader.Table table;
        try {
            Optional<CorpusProblem> tooLarge = ManifestLimits.check(manifest);
            if (tooLarge.isPresent()) {
                problems.add(tooLarge.get());
                return new Corpus(name, dir, List.of(), problems);
            }
            table = CsvReader.read(manifest);
        } catch (NoSuchFileException e) {
            problems.add(new CorpusProblem(manifest, 0, "manifest not found (a corpus folder needs " + FILE_NAME + ")"));
            return new Corpus(name, dir, List.of(), problems);
        } catch (IOException e) {
            problems.add(new CorpusProblem(manifest, 0, "cannot read the manifest: " + e.getMessage()));
            return new Corpus(name, dir, List.of(), problems);
        }
        for (CsvReader.Problem p : table.problems()) {
            problems.add(new CorpusProblem(manifest, p.line(), p.message()));
        }
        if (table.rows().isEmpty()) {
            if (table.problems().isEmpty()) {
                problems.add(new CorpusProblem(manifest, 0, "manifest is empty"));
            }
            return new Corpus(name, dir, List.of(), sorted(problems));
        }
        CsvReader.Row header = table.rows().get(0);
        boolean headerUnreadable = table.problems().stream().anyMatch(p -> p.line() <= header.line());
        if (headerUnreadable) {
            problems.add(new CorpusProblem(manifest, 1, "the header line could not be read, so no row can be"));
            return new Corpus(name, dir, List.of(), sorted(problems));
        }
        int problemsBeforeHeader = problems.size();
        Map<String, Integer> columns = new LinkedHashMap<>();
        Map<String, Integer> copies = new LinkedHashMap<>();
        for (int i = 0; i < header.fields().size(); i++) {
            String column = header.fields().get(i).trim();
            if (columns.putIfAbsent(column, i) != null) {
                copies.merge(column, 2, (n, two) -> n + 1);
            }
        }
        // One line per repeated column, with its count: a header of 1,000,000 copies is one problem, not 999,999.
        copies.forEach((column, n) -> problems.add(new CorpusProblem(manifest, header.line(), "column '"
                + CorpusProblem.printable(column) + "' appears " + (n == 2 ? "twice" : String.format("%,d times", n))
                + " in the header")));
        for (String required : List.of("path", "emotion")) {
            if (!columns.containsKey(required)) {
                problems.add(new CorpusProblem(manifest, header.line(), "header has no '" + required
                        + "' column (found: " + String.join(",", columns.keySet()) + ")"));
            }
        }
        if (problems.size() > problemsBeforeHeader) {
            // Without a usable header no row can be interpreted.
            return new Corpus(name, dir, List.of(), sorted(problems));
        }

        RowChecker checker = new RowChecker(name, dir, columns, extraEmotions);
        List<Utterance> utterances = new ArrayList<>();
        for (CsvReader.Row row : table.rows().subList(1, table.rows().size())) {
            String problem = checker.check(row);
            if (problem == null) {
                utterances.add(checker.utterance(row));
            } else {
                problems.add(new CorpusProblem(manifest, row.line(), problem));
            }
        }
        return new Corpus(name, dir, utterances, sorted(problems));
    }

    private static List<CorpusProblem> sorted(List<CorpusProblem> problems) {
        problems.sort(CorpusProblem.ORDER);
        return problems;
    }

    /** Checks rows one by one, remembering paths to catch duplicates. */
    private static final class RowChecker {
        private final String corpus;
        private final Path dir;
        private final Map<String, Integer> columns;
        private final Set<String> extraEmotions;
        private final int width;
        private final Map<String, Integer> firstLineOfPath = new HashMap<>();

        RowChecker(String corpus, Path dir, Map<String, Integer> columns, Set<String> extraEmotions) {
            this.corpus = corpus;
            this.dir = dir;
            this.columns = columns;
            this.extraEmotions = extraEmotions;
            this.width = columns.size();
        }

        /** The reason to reject the row, or null when it is fine. */
        String check(CsvReader.Row row) {
            if (row.fields().size() != width) {
                return "wrong number of columns: " + row.fields().size() + " fields, the header has " + width;
            }
            String path = get(row, "path");
            String pathProblem = pathProblem(path);
            if (pathProblem != null) {
                return pathProblem;
            }
            String emotion = EmotionLabels.normalise(get(row, "emotion"));
            if (emotion.isEmpty()) {
                return path + ": empty emotion";
            }
            if (!EmotionLabels.KNOWN.contains(emotion) && !extraEmotions.contains(emotion)) {
                return path + ": unknown emotion '" + emotion + "' (not a known emotion word; "
                        + "name it in the class set or a merge if it is meant)";
            }
            String duration = get(row, "duration_s");
            if (!duration.isEmpty()) {
                try {
                    double d = Double.parseDouble(duration);
                    if (!(d >= 0) || Double.isInfinite(d)) {
                        return path + ": duration_s must be a non-negative number, got '" + duration + "'";
                    }
                } catch (NumberFormatException e) {
                    return path + ": duration_s is not a number: '" + duration + "'";
                }
            }
            String key = Path.of(path.replace('\\', '/')).normalize().toString();
            Integer first = firstLineOfPath.putIfAbsent(key, row.line());
            if (first != null) {
                return path + ": duplicate path (first listed on line " + first + ")";
            }
            return null;
        }

        private String pathProblem(String path) {
            if (path.isEmpty()) {
                return "empty path";
            }
            Path p;
            try {
                p = Path.of(path);
            } catch (InvalidPathException e) {
                return path + ": invalid path (" + e.getReason() + ")";
            }
            // Windows-style absolute paths are rejected on every OS, so a manifest means the same everywhere.
            if (p.isAbsolute() || path.startsWith("/") || path.startsWith("\\") || path.matches("^[A-Za-z]:.*")) {
                return path + ": absolute path (paths must be relative to the corpus folder)";
            }
            // Backslashes count as separators here too: "..\\x.flac" escapes on Windows.
            Path normal = Path.of(path.replace('\\', '/')).normalize();
            if (normal.startsWith("..")) {
                return path + ": path escapes the corpus folder";
            }
            if (normal.toString().isEmpty()) {
                return path + ": path names the corpus folder itself, not a file";
            }
            return null;
        }

        Utterance utterance(CsvReader.Row row) {
            Map<String, String> extra = new LinkedHashMap<>();
            for (Map.Entry<String, Integer> c : columns.entrySet()) {
                if (!STANDARD_COLUMNS.contains(c.getKey())) {
                    extra.put(c.getKey(), row.fields().get(c.getValue()));
                }
            }
            String duration = get(row, "duration_s");
            return new Utterance(corpus, dir, get(row, "path"), get(row, "speaker"), get(row, "gender"),
                    EmotionLabels.normalise(get(row, "emotion")), get(row, "language"), get(row, "text"),
                    duration.isEmpty() ? Double.NaN : Double.parseDouble(duration),
                    Collections.unmodifiableMap(extra), row.line());
        }

        /** The trimmed field, or "" for an optional column the manifest does not have. */
        private String get(CsvReader.Row row, String column) {
            Integer i = columns.get(column);
            return i == null ? "" : row.fields().get(i).trim();
        }
    }
}
