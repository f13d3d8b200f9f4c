package org.layeranchor.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.layeranchor.features.FeatureStore;
import org.layeranchor.features.StoreVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code layeranchor store verify}: is every entry of a feature store intact? */
@Command(name = "store", mixinStandardHelpOptions = true, description = "Inspect feature stores.",
        subcommands = {StoreCommand.Verify.class})
final class StoreCommand {
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Re-read every entry that index.csv lists and report missing, truncated or corrupt files "
                    + "(by checksum where the index recorded one) and entries of the wrong shape, one line per file. "
                    + "Reads only: safe while extract runs. Exit 1 if any file is damaged.")
    static final class Verify implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--store", required = true, description = "Feature store folder.")
        Path store;

        @Option(names = "--encoder", description = "Only this encoder key (default: every one in the store).")
        String encoder;

        @Option(names = "--skip-frames", description = "Check the pooled entries only (frame files are most of a store's size).")
        boolean skipFrames;

        @Override
        public Integer call() throws Exception {
            FeatureStore fs = FeatureStore.openExisting(store);
            List<String> keys = encoder == null ? fs.encoderKeys() : List.of(fs.resolveEncoderKey(encoder));
            if (keys.isEmpty()) {
                throw new IllegalArgumentException(store + ": the store holds no features yet (run 'layeranchor extract')");
            }
            PrintWriter out = spec.commandLine().getOut();
            StoreVerifier verifier = new StoreVerifier(fs, !skipFrames);
            int damaged = 0;
            for (String key : keys) {
                StoreVerifier.Report r = verifier.verify(key);
                out.printf("encoder %s: %d index rows%s, %d entry files checked%s%n", key, r.rows(),
                        r.journalRows() > 0 ? " (and " + r.journalRows() + " in journals not merged yet)" : "",
                        r.entriesChecked(), skipFrames ? " (frame files skipped)" : "");
                r.problems().forEach(p -> out.println(p.line()));
                if (r.withoutChecksum() > 0) {
                    out.printf("note: %d entry files have no checksum in index.csv (written before checksums were kept); "
                            + "their structure and length were checked, not their bytes%n", r.withoutChecksum());
                }
                if (r.unlistedEntries() > 0) {
                    out.printf("note: %d entry files are not in index.csv (left by a killed run; the next extract reuses "
                            + "or ignores them)%n", r.unlistedEntries());
                }
                if (r.journals() > 0) {
                    out.printf("note: %d journals not merged yet (an extract in progress, or a killed one: the next "
                            + "extract merges them; their rows were checked too)%n", r.journals());
                }
                if (r.temporaries() > 0) {
                    out.printf("note: %d temporary files (of a writer in progress, or of a gone one: removed by a later "
                            + "extract once provably stale)%n", r.temporaries());
                }
                damaged += r.problems().size();
            }
            out.println(damaged == 0 ? "ok: no damaged files" : damaged + " damaged file(s)");
            return damaged == 0 ? 0 : 1;
        }
    }
}
