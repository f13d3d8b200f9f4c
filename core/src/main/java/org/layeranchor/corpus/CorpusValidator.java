package org.layeranchor.corpus;

import org.layeranchor.io.CsvWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.layeranchor.audio.Audio;
import org.layeranchor.audio.AudioCheck;
import org.layeranchor.audio.AudioException;
import org.layeranchor.audio.AudioReader;
import org.layeranchor.audio.AudioReport;
import org.layeranchor.audio.AudioWarning;
import org.layeranchor.audio.FailureMessage;
import org.layeranchor.parallel.OrderedTasks;
import org.layeranchor.io.RegularFiles;

/**
 * Checks corpora completely: every manifest row, and every audio file decoded, on a thread pool.
 * All problems are collected (nothing stops at the first), and reported in manifest order whatever
 * order the threads finish in.
 */
public final class CorpusValidator {
    /** A manifest duration further than this from the decoded length is worth a warning. */
    public static final double DURATION_TOLERANCE_S = 0.05;

    private final ClassSet classSet;
    private final int threads;

    /**
     * @param classSet labels in it (and its merges) are accepted as emotions besides the known words
     * @param threads  decoding threads (at least 1)
     */
    public CorpusValidator(ClassSet classSet, int threads) {
        this.classSet = classSet;
        this.threads = Math.max(1, threads);
    }

    /** The result for one corpus. */
    public record CorpusResult(Corpus corpus, List<Utterance> good, List<CorpusProblem> errors,
                               List<CorpusProblem> warnings, double audioSeconds) {
        public CorpusResult {
            good = List.copyOf(good);
            errors = List.copyOf(errors);
            warnings = List.copyOf(warnings);
        }
    }

    /** The results for all corpora, in the order they were given. */
    public record Report(List<CorpusResult> corpora) {
        public Report {
            corpora = List.copyOf(corpora);
        }

        public List<CorpusProblem> errors() {
            return corpora.stream().flatMap(c -> c.errors().stream()).toList();
        }

        public List<CorpusProblem> warnings() {
            return corpora.stream().flatMap(c -> c.warnings().stream()).toList();
        }

        public boolean ok() {
            return corpora.stream().allMatch(c -> c.errors().isEmpty());
        }

        /** Writes the rejected rows as CSV {@code file,line,problem}, in report order. */
        public void writeSkipped(Path file) throws IOException {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                w.write(CsvWriter.line(List.of("file", "line", "problem")));
                for (CorpusProblem p : errors()) {
                    w.write(CsvWriter.line(List.of(p.file().toString(), Integer.toString(p.line()), p.message())));
                }
            }
        }
    }

    public Report validate(List<Path> corpusDirs) {
        List<Corpus> corpora = corpusDirs.stream().map(d -> Corpus.load(d, classSet)).toList();
        // Every file of every corpus in one list, so the threads never idle between corpora. A task never
        // throws: whatever the check of one file throws (running out of memory included) is that file's
        // problem line, so the shared runner's first-failure rule never applies.
        List<Callable<FileResult>> tasks = new ArrayList<>();
        for (Corpus c : corpora) {
            for (Utterance u : c.utterances()) {
                tasks.add(() -> {
                    try {
                        return checkFile(c, u);
                    } catch (Exception | OutOfMemoryError | StackOverflowError e) {
                        return FileResult.error(FailureMessage.line(u.path(), e));
                    }
                });
            }
        }
        List<FileResult> checked;
        try {
            checked = OrderedTasks.run(tasks, threads);
        } catch (IOException e) {
            throw new IllegalStateException("validation interrupted: " + e.getMessage(), e);
        }
        List<CorpusResult> results = new ArrayList<>();
        int at = 0;
        for (Corpus c : corpora) {
            results.add(collect(c, checked.subList(at, at + c.utterances().size())));
            at += c.utterances().size();
        }
        return new Report(results);
    }

    private static CorpusResult collect(Corpus corpus, List<FileResult> checked) {
        List<Utterance> good = new ArrayList<>();
        List<CorpusProblem> errors = new ArrayList<>(corpus.problems());
        List<CorpusProblem> warnings = new ArrayList<>();
        double seconds = 0;
        for (int j = 0; j < checked.size(); j++) {
            Utterance u = corpus.utterances().get(j);
            FileResult r = checked.get(j);
            if (r.error() != null) {
                errors.add(new CorpusProblem(corpus.manifest(), u.line(), r.error()));
            } else {
                good.add(u);
                seconds += r.seconds();
            }
            for (String w : r.warnings()) {
                warnings.add(new CorpusProblem(corpus.manifest(), u.line(), w));
            }
        }
        errors.sort(CorpusProblem.ORDER);
        return new CorpusResult(corpus, good, errors, warnings, seconds);
    }

    private record FileResult(String error, List<String> warnings, double seconds) {
        static FileResult error(String message) {
            return new FileResult(message, List.of(), 0);
        }
    }

    /** Decodes one file at its own rate (clipping shows best there) and checks it. */
    private static FileResult checkFile(Corpus corpus, Utterance u) {
        Path file = u.audioFile();
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                return FileResult.error(u.path() + ": is a directory, not an audio file");
            }
            bytes = RegularFiles.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return FileResult.error(u.path() + ": file not found (in " + corpus.dir() + ")");
        } catch (IOException e) {
            return FileResult.error(u.path() + ": cannot be read (" + e.getMessage() + ")");
        }
        Audio audio;
        try {
            audio = AudioReader.decode(bytes, u.path());
        } catch (AudioException e) {
            return FileResult.error(e.getMessage());
        }
        List<String> warnings = new ArrayList<>();
        AudioReport report = AudioCheck.check(audio);
        for (AudioWarning w : report.warnings()) {
            warnings.add(u.path() + ": " + w.message());
        }
        double seconds = audio.durationSeconds();
        if (!Double.isNaN(u.durationS()) && Math.abs(u.durationS() - seconds) > DURATION_TOLERANCE_S) {
            warnings.add(String.format("%s: duration_s is %.3f but the audio lasts %.3f s", u.path(), u.durationS(), seconds));
        }
        return new FileResult(null, warnings, seconds);
    }
}
