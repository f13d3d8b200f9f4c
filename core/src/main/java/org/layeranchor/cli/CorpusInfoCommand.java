package org.layeranchor.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.layeranchor.corpus.ClassSet;
import org.layeranchor.corpus.Corpus;
import org.layeranchor.corpus.CorpusProblem;
import org.layeranchor.corpus.CorpusSummary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "info",
        mixinStandardHelpOptions = true,
        versionProvider = LayerAnchorCli.Version.class,
        description = {"Print languages, utterances, speakers, hours and per-emotion counts of each corpus.",
                "Reads the manifests only (hours from duration_s); use 'corpus validate' to check the audio."})
final class CorpusInfoCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "DIR", arity = "1..*", description = "Corpus folders (each with manifest.csv).")
    List<Path> dirs;

    @Mixin
    ClassSetOptions classOptions;

    @Override
    public Integer call() {
        ClassSet classSet = classOptions.classSet(spec.commandLine());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int failed = 0;
        List<CorpusSummary> summaries = new ArrayList<>();
        for (Path dir : dirs) {
            Corpus corpus = Corpus.load(dir, classSet);
            if (corpus.utterances().isEmpty() && !corpus.problems().isEmpty()) {
                for (CorpusProblem p : corpus.problems()) {
                    err.println("error: " + p);
                }
                failed++;
                continue;
            }
            CorpusSummary s = CorpusSummary.of(corpus, classSet);
            summaries.add(s);
            print(out, s, classSet);
        }
        if (summaries.size() > 1) {
            int utterances = summaries.stream().mapToInt(CorpusSummary::utterances).sum();
            int speakers = summaries.stream().mapToInt(CorpusSummary::speakers).sum();
            double hours = summaries.stream().mapToDouble(CorpusSummary::hours).sum();
            out.printf("total: %d corpora, %d utterances, %d speakers, %.2f h%n", summaries.size(), utterances, speakers, hours);
        }
        return failed == 0 ? LayerAnchorCli.EXIT_OK : LayerAnchorCli.EXIT_FAILURE;
    }

    private static void print(PrintWriter out, CorpusSummary s, ClassSet classSet) {
        out.printf("%s  (%s)%n", s.name(), s.dir());
        out.printf("  languages   %s%n", s.languages().isEmpty() ? "(not given)" : String.join(", ", s.languages()));
        out.printf("  utterances  %d%n", s.utterances());
        out.printf("  speakers    %d%s%n", s.speakers(), genders(s.speakersByGender()));
        out.printf("  hours       %.2f%s%n", s.hours(),
                s.rowsWithoutDuration() > 0 ? " (+ " + s.rowsWithoutDuration() + " rows without duration_s)" : "");
        out.printf("  emotions    class set %s%n", classSet);
        for (Map.Entry<String, Integer> e : s.classCounts().entrySet()) {
            out.printf("    %-10s %5d%n", e.getKey(), e.getValue());
        }
        List<String> outside = new ArrayList<>();
        s.outsideClassSet().forEach((label, n) -> outside.add(label + " " + n));
        out.printf("    %-10s %5d%s%n", "(outside)", s.outsideCount(),
                outside.isEmpty() ? "" : "  " + String.join(", ", outside));
        if (s.problems() > 0) {
            out.printf("  problems    %d row(s) rejected; run 'layeranchor corpus validate %s' for details%n",
                    s.problems(), s.dir());
        }
    }

    private static String genders(Map<String, Integer> byGender) {
        if (byGender.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        byGender.forEach((g, n) -> parts.add((g.isEmpty() ? "unknown" : g) + " " + n));
        return " (" + String.join(", ", parts) + ")";
    }
}
