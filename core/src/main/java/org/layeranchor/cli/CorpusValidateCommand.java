package org.layeranchor.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.layeranchor.corpus.CorpusProblem;
import org.layeranchor.corpus.CorpusValidator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "validate",
        mixinStandardHelpOptions = true,
        versionProvider = LayerAnchorCli.Version.class,
        description = {"Check every manifest row and decode every audio file; report all problems at once.",
                "Problems and warnings go to stderr as FILE:LINE: message.",
                "Exit 1 if there is any problem, unless --skip-bad is given."})
final class CorpusValidateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "DIR", arity = "1..*", description = "Corpus folders (each with manifest.csv).")
    List<Path> dirs;

    @Mixin
    ClassSetOptions classOptions;

    @Option(names = "--skip-bad",
            description = "Succeed as long as every corpus keeps some good rows; list the rejected ones in the --skipped file.")
    boolean skipBad;

    @Option(names = "--skipped", paramLabel = "FILE", defaultValue = "skipped-rows.csv",
            description = "Where --skip-bad writes the rejected rows as CSV file,line,problem (default: ${DEFAULT-VALUE}).")
    Path skippedFile;

    @Option(names = "--threads", paramLabel = "N", description = "Decoding threads (default: the number of cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--no-warnings", description = "Do not print warnings (short, silent, clipped audio; duration mismatches).")
    boolean noWarnings;

    @Override
    public Integer call() {
        if (threads < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long start = System.nanoTime();
        CorpusValidator.Report report = new CorpusValidator(classOptions.classSet(spec.commandLine()), threads).validate(dirs);
        double elapsed = (System.nanoTime() - start) / 1e9;

        for (CorpusProblem p : report.errors()) {
            err.println("error: " + p);
        }
        if (!noWarnings) {
            for (CorpusProblem p : report.warnings()) {
                err.println("warning: " + p);
            }
        }
        int files = 0;
        for (CorpusValidator.CorpusResult r : report.corpora()) {
            files += r.corpus().utterances().size();
            out.printf("%-10s %5d good rows, %4d problem(s), %4d warning(s), %.2f h of audio%n", r.corpus().name(),
                    r.good().size(), r.errors().size(), r.warnings().size(), r.audioSeconds() / 3600);
        }
        out.printf("decoded %d audio files in %.1f s (%d thread%s)%n", files, elapsed, threads, threads == 1 ? "" : "s");

        int problems = report.errors().size();
        if (problems == 0) {
            out.println("OK: no problems" + (report.warnings().isEmpty() ? "" : ", " + report.warnings().size() + " warning(s)"));
            return LayerAnchorCli.EXIT_OK;
        }
        if (!skipBad) {
            out.printf("FAILED: %d problem(s); fix them, or pass --skip-bad to go on with the good rows%n", problems);
            return LayerAnchorCli.EXIT_FAILURE;
        }
        try {
            report.writeSkipped(skippedFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + skippedFile + ": " + e.getMessage(), e);
        }
        boolean everyCorpusUsable = report.corpora().stream().noneMatch(r -> r.good().isEmpty());
        out.printf("skipped %d row(s), listed in %s%n", problems, skippedFile);
        if (!everyCorpusUsable) {
            out.println("FAILED: a corpus has no good rows left");
            return LayerAnchorCli.EXIT_FAILURE;
        }
        return LayerAnchorCli.EXIT_OK;
    }
}
