package org.layeranchor.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.layeranchor.corpus.Corpus;
import org.layeranchor.corpus.CorpusProblem;
import org.layeranchor.corpus.SpeakerSplits;
import org.layeranchor.corpus.SplitAssignment;
import org.layeranchor.corpus.SplitFile;
import org.layeranchor.corpus.Utterance;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "split",
        mixinStandardHelpOptions = true,
        versionProvider = LayerAnchorCli.Version.class,
        description = {"Write speaker-disjoint, gender-balanced, deterministic splits of each corpus.",
                "One CSV per corpus, OUT/<corpus>.<scheme>.csv, with columns path,speaker,gender,split.",
                "The same input and seed give the same split on every machine."})
final class CorpusSplitCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "DIR", arity = "1..*", description = "Corpus folders (each with manifest.csv).")
    List<Path> dirs;

    @Option(names = "--scheme", paramLabel = "SCHEME", defaultValue = "adapt-test",
            description = "adapt-test (two speaker halves) or folds (k speaker-independent folds); default: ${DEFAULT-VALUE}.")
    String scheme;

    @Option(names = "--folds", paramLabel = "K", defaultValue = "5", description = "Number of folds for --scheme folds (default: ${DEFAULT-VALUE}).")
    int folds;

    @Option(names = "--seed", paramLabel = "TEXT", defaultValue = SpeakerSplits.DEFAULT_SEED,
            description = "Any text; a different seed gives a different split (default: ${DEFAULT-VALUE}).")
    String seed;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", required = true, description = "Folder for the split files.")
    Path out;

    @Override
    public Integer call() {
        if (!scheme.equals("adapt-test") && !scheme.equals("folds")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--scheme must be adapt-test or folds, not '" + scheme + "'");
        }
        if (scheme.equals("folds") && folds < 2) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--folds must be at least 2");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int failed = 0;
        for (Path dir : dirs) {
            Corpus corpus = Corpus.load(dir);
            if (corpus.utterances().isEmpty()) {
                corpus.problems().forEach(p -> err.println("error: " + p));
                failed++;
                continue;
            }
            if (!corpus.problems().isEmpty()) {
                err.printf("warning: %s: %d manifest row(s) rejected and left out of the split (see 'corpus validate')%n",
                        corpus.manifest(), corpus.problems().size());
            }
            SplitAssignment assignment;
            try {
                assignment = scheme.equals("folds") ? SpeakerSplits.kFold(corpus.utterances(), folds, seed)
                        : SpeakerSplits.adaptTest(corpus.utterances(), seed);
            } catch (IllegalArgumentException e) {
                err.println("error: " + new CorpusProblem(corpus.manifest(), 0, e.getMessage()));
                failed++;
                continue;
            }
            String suffix = scheme.equals("folds") ? "folds" + folds : scheme;
            Path file = out.resolve(corpus.name() + "." + suffix + ".csv");
            try {
                SplitFile.write(file, corpus.utterances(), assignment);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
            }
            stdout.printf("%s -> %s (seed '%s')%n", corpus.name(), file, seed);
            for (Map.Entry<String, List<Utterance>> part : assignment.partition(corpus.utterances()).entrySet()) {
                stdout.printf("  %-6s %3d speakers%s, %5d utterances%n", part.getKey(),
                        assignment.speakersIn(part.getKey()).size(), genders(part.getValue()), part.getValue().size());
            }
        }
        return failed == 0 ? LayerAnchorCli.EXIT_OK : LayerAnchorCli.EXIT_FAILURE;
    }

    private static String genders(List<Utterance> utterances) {
        Map<String, Set<String>> speakers = new TreeMap<>();
        for (Utterance u : utterances) {
            speakers.computeIfAbsent(u.gender().isEmpty() ? "unknown" : u.gender(), g -> new TreeSet<>()).add(u.speaker());
        }
        List<String> parts = new ArrayList<>();
        speakers.forEach((g, s) -> parts.add(g + " " + s.size()));
        return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }
}
