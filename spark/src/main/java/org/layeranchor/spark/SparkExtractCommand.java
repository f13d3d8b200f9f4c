package org.layeranchor.spark;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.layeranchor.corpus.Corpus;
import org.layeranchor.corpus.CorpusProblem;
import org.layeranchor.corpus.Utterance;
import org.layeranchor.encoder.EncoderLocation;
import org.layeranchor.encoder.ExecutionDevice;
import org.layeranchor.encoder.whisper.WhisperEncoder;
import org.layeranchor.features.FeatureStore;
import org.layeranchor.features.Pooling;
import org.layeranchor.features.StoreIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code spark-submit ... layeranchor-spark.jar}: {@code layeranchor extract} as a Spark job. The
 * master, executors and cores come from spark-submit; the options here are extract's own.
 */
@Command(name = "layeranchor-spark-extract", mixinStandardHelpOptions = true,
        description = {"Encode every utterance of the given corpora on a Spark cluster into a feature store that every "
                + "local command reads ('analyze', 'train', 'benchmark', ...): the same entries, content keys and index "
                + "as 'layeranchor extract'. Model, corpora and store must be at the same paths on the driver and every "
                + "executor (a shared mount). Resumable: entries already in the store are never computed again. "
                + "Exit 1 if any utterance failed (listed in failures.csv)."})
public final class SparkExtractCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, description = "Whisper weights folder (or exported .onnx encoder), on the shared mount.")
    Path model;

    @Option(names = "--corpus", required = true, arity = "1..*", description = "Corpus folders (with manifest.csv), on the shared mount.")
    List<Path> corpora;

    @Option(names = "--store", required = true, description = "Feature store folder on the shared mount (created if missing).")
    Path store;

    @Option(names = "--mode", defaultValue = "faithful", description = "faithful (default) or fast, as in 'layeranchor extract'.")
    String mode;

    @Option(names = "--frames", description = "Also store frame-level features (float16).")
    boolean frames;

    @Option(names = "--pooling", defaultValue = Pooling.DEFAULT_LABEL,
            description = "speech or whole, as in 'layeranchor extract' (default ${DEFAULT-VALUE}).")
    String pooling;

    @Option(names = "--threads", defaultValue = "0",
            description = "ONNX Runtime threads of each executor's encoder (0 = spark.task.cpus: each of the executor's "
                    + "concurrent tasks gets its share of the executor's cores).")
    int threads;

    @Option(names = "--partitions", defaultValue = "0",
            description = "Tasks to split the utterances into (0 = at least 4 per core of the cluster, at most ~500 utterances each).")
    int partitions;

    @Option(names = "--device", defaultValue = "cpu",
            description = "cpu (default), or cuda / cuda:N to run the encoder on ONNX Runtime's CUDA provider "
                    + "(needs the jar built with -Pgpu and a GPU on every executor).")
    String device;

    public static void main(String[] args) {
        int code = execute(args);
        stopSpark();
        System.exit(code);
    }

    /**
     * Stops the job's Spark session before the JVM exits, as a spark-submit application should: the
     * application then ends as FINISHED and its executors are released, instead of being killed by
     * shutdown hooks while the application is still registered. On a {@code local-cluster} master
     * (Master and Workers inside this JVM) the latter made the Master take every killed executor for a
     * failed one and start a replacement, whose launch failed in turn ("Shutdown hooks cannot be
     * modified during shutdown") until {@code spark.deploy.maxExecutorRetries} (10) was spent.
     */
    private static void stopSpark() {
        scala.Option<SparkSession> session = SparkSession.getDefaultSession();
        if (session.isDefined()) {
            session.get().stop();
        }
    }

    /** Runs the command line and returns the exit code. */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The command line with its error handling (tests set its output streams). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SparkExtractCommand());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            // One clear line, as the local command line prints; the stack trace only when asked for.
            String msg = ex.getMessage();
            commandLine.getErr().println("error: " + (msg == null || msg.isBlank() ? ex.getClass().getSimpleName() : msg));
            if (Boolean.getBoolean("layeranchor.debug")) {
                ex.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        return cl;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        WhisperEncoder.Mode m = parseMode(mode);
        ExecutionDevice.parse(device); // a typo fails here, before Spark starts
        List<Utterance> all = new ArrayList<>();
        int manifestProblems = 0;
        for (Path dir : corpora) {
            Corpus c = Corpus.load(dir.toAbsolutePath());
            for (CorpusProblem p : c.problems()) {
                err.println("skipped: " + p);
            }
            manifestProblems += c.problems().size();
            all.addAll(c.utterances());
        }
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no utterances to extract (" + manifestProblems + " problem(s) above)");
        }
        FeatureStore fs = FeatureStore.open(store.toAbsolutePath());
        SparkSession spark = SparkSession.builder().appName("layeranchor extract").getOrCreate();
        int onnxThreads = threads > 0 ? threads : spark.sparkContext().getConf().getInt("spark.task.cpus", 1);
        EncoderSpec encoder = new EncoderSpec(model.toAbsolutePath().toString(), m, onnxThreads, device);
        SparkFeatureExtraction.Summary s = new SparkFeatureExtraction(spark, encoder, fs,
                new SparkFeatureExtraction.Options(frames, partitions, Pooling.parse(pooling))).run(all);
        fs.writeEncoderLocation(s.encoderKey(), new EncoderLocation(model.toAbsolutePath(), Optional.empty()));
        out.printf("store %s, encoder %s%n", store, s.encoderKey());
        out.printf(Locale.ROOT, "%d utterances in %d tasks: %d extracted, %d already in the store, %d failed, in %.1f s (%.2f utterances/s)%n",
                s.total(), s.partitions(), s.extracted(), s.cached(), s.failed(), s.seconds(), s.total() / s.seconds());
        for (StoreIndex.Failure f : s.failures()) {
            out.println("failed: " + f.corpus() + "/" + f.path() + " (manifest line " + f.line() + "): " + f.error());
        }
        if (manifestProblems > 0) {
            out.printf("%d manifest row(s) or corpora were skipped (see stderr; 'layeranchor corpus validate' lists them)%n",
                    manifestProblems);
        }
        return s.failed() == 0 && manifestProblems == 0 ? 0 : 1;
    }

    private static WhisperEncoder.Mode parseMode(String mode) {
        return switch (mode.toLowerCase(Locale.ROOT)) {
            case "faithful" -> WhisperEncoder.Mode.FAITHFUL;
            case "fast" -> WhisperEncoder.Mode.FAST;
            default -> throw new IllegalArgumentException("--mode: expected faithful or fast, got '" + mode + "'");
        };
    }
}
