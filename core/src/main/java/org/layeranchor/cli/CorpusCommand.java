package org.layeranchor.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code layeranchor corpus ...}: statistics, validation and splits of corpus folders. */
@Command(name = "corpus",
        mixinStandardHelpOptions = true,
        versionProvider = LayerAnchorCli.Version.class,
        description = "Inspect, validate and split corpora (folders with manifest.csv and audio).",
        subcommands = {CorpusInfoCommand.class, CorpusValidateCommand.class, CorpusSplitCommand.class})
public final class CorpusCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Missing subcommand: info, validate or split (see 'layeranchor corpus --help')");
    }
}
