package org.layeranchor.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.layeranchor.audio.FailureMessage;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code layeranchor} command line. Commands only parse arguments, call one stage and print;
 * everything they do is reachable from Java code without this package.
 *
 * <p>Exit codes: 0 success, 1 failure (message on stderr), 2 bad usage.
 */
@Command(name = "layeranchor",
        mixinStandardHelpOptions = true,
        versionProvider = LayerAnchorCli.Version.class,
        description = "Cross-lingual speech emotion recognition from every transformer layer.",
        subcommands = {
                CommandLine.HelpCommand.class,
                CorpusCommand.class,
                ModelCommand.class,
                StoreCommand.class,
                ExtractCommand.class,
                AnalyzeCommand.class,
                TrainCommand.class,
                AdaptationCommand.class,
                EvaluateCommand.class,
                BenchmarkCommand.class,
                ReportCommand.class,
                LayersCommand.class,
                PredictCommand.class,
                TimelineBenchmarkCommand.class,
                ServeCommand.class,
                ExportOnnxCommand.class,
                BenchCommand.class,
        })
public final class LayerAnchorCli implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: see 'layeranchor --help'");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (used by tests). */
    public static int execute(String... args) {
        CommandLine cl = commandLine();
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError | StackOverflowError e) {
            // picocli hands only exceptions to the handler above; these errors would print a JVM stack trace.
            cl.getErr().println("error: " + FailureMessage.reason("", e));
            FailureMessage.debugTrace(e, cl.getErr());
            cl.getErr().flush();
            return EXIT_FAILURE;
        }
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new LayerAnchorCli());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            // Failures are reported as one clear line; the stack trace only when asked for.
            commandLine.getErr().println("error: " + describe(ex));
            if (Boolean.getBoolean("layeranchor.debug")) {
                ex.printStackTrace(commandLine.getErr());
            }
            return EXIT_FAILURE;
        });
        return cl;
    }

    private static String describe(Throwable ex) {
        String msg = ex.getMessage();
        return msg == null || msg.isBlank() ? ex.getClass().getSimpleName() : msg;
    }

    /**
     * Reads the version and git commit Maven wrote into the jar's resources at build time (so a jar from
     * a release archive names its commit without git); "unknown" for a build outside a git checkout.
     */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = BuildInfo.properties();
            return new String[] {"LayerAnchor " + BuildInfo.value(p, "version"),
                    "commit " + BuildInfo.value(p, "commit") + ("true".equals(p.getProperty("dirty")) ? " (with uncommitted changes)" : ""),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }

    /** The build's facts from {@code /org/layeranchor/version.properties}. */
    static final class BuildInfo {
        private BuildInfo() {
        }

        static Properties properties() throws IOException {
            Properties p = new Properties();
            try (InputStream in = LayerAnchorCli.class.getResourceAsStream("/org/layeranchor/version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return p;
        }

        /** A value, or "unknown" when absent or left unfiltered (a placeholder such as ${layeranchor.commit}). */
        static String value(Properties p, String key) {
            String v = p.getProperty(key, "").trim();
            return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
        }
    }
}
