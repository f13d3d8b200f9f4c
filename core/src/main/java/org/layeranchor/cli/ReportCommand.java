package org.layeranchor.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.layeranchor.report.ReportFigures;
import org.layeranchor.report.ResultsJson;
import org.layeranchor.report.UarTable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code layeranchor report}: the benchmark's figures drawn again from its results.json, nothing rerun. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Draw a finished benchmark's figures again from its results.json: summary.png/.svg (mean UAR of "
                + "every strategy over directions, 95 %% intervals) and heatmap-SETTING.png/.svg (direction × strategy).")
final class ReportCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--results", required = true, description = "A benchmark's results.json.")
    Path results;

    @Option(names = "--out", description = "Folder for the figures (default: figures/ beside the results file).")
    Path out;

    @Override
    public Integer call() throws Exception {
        List<UarTable> tables = ResultsJson.read(results);
        Path dir = out != null ? out : results.toAbsolutePath().getParent().resolve(ReportFigures.DIR);
        for (ReportFigures.Written w : ReportFigures.write(tables, dir)) {
            spec.commandLine().getOut().printf("wrote %s and %s%n", w.png(), w.svg().getFileName());
        }
        return 0;
    }
}
