package org.layeranchor.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.cli.LayerAnchorCli;
import org.layeranchor.testing.SharedData;

/**
 * The extraction job as a cluster runs it: the packaged job jar submitted with SparkSubmit to a
 * {@code local-cluster[2,1,1024]} master, so that the driver and each of the two executors are
 * separate JVMs (task closures serialised, the job's classes loaded from the jar the driver serves,
 * one encoder per executor JVM), with one executor JVM killed (SIGKILL) while the job runs.
 *
 * <p>Real clips (the first {@value #CLIPS} of emodb) and whisper-base, in fast mode: the test is about
 * the cluster, not the encoder's numerics, and fast mode runs the same code path (open, encode, write
 * the entry) while encoding each 2-3 s clip at its own length instead of a padded 30-s window, which
 * keeps the encoding itself to seconds; the test's time is mostly JVM and Spark start-up.
 *
 * <p>Opt-in ({@code -Dlayeranchor.sparkCluster=true}; docs/SCALE_OUT.md): it starts four JVMs, resolves
 * Spark's jars with Maven, and needs the packaged job jar, so it runs in the integration-test phase.
 */
class SparkLocalClusterIT {
    private static final int CLIPS = 8;
    private static final String HOW = "-Dlayeranchor.sparkCluster=true (./mvnw -B -pl core,spark verify "
            + "-Dlayeranchor.sparkCluster=true -Dtest=SparkLocalClusterIT; docs/SCALE_OUT.md)";

    @Test
    void separateExecutorJvmsWriteExtractsStoreOpenTheEncoderOnceEachAndOutliveAKilledExecutor(
            @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path work) throws Exception {
        String jobJarProperty = System.getProperty("layeranchor.sparkJobJar");
        assumeTrue(jobJarProperty != null, "runs in the integration-test phase, against the packaged job jar: " + HOW);
        assumeTrue(Boolean.getBoolean("layeranchor.sparkCluster"),
                "the local-cluster test starts four JVMs and takes minutes; it runs with " + HOW);
        Path jobJar = Path.of(jobJarProperty);
        assertTrue(Files.isRegularFile(jobJar), jobJar + " missing");
        Path model = SharedData.whisperBase();
        Path corpus = firstClips(SharedData.corpus("emodb"), work.resolve("corpus"), CLIPS);
        Report report = new Report();
        report.line("work folder (kept if the test fails): " + work);

        // The reference store is written in this JVM while Spark's jars are resolved and the job runs:
        // its 20-odd seconds would otherwise add to the test's time.
        long t0 = System.nanoTime();
        Path reference = work.resolve("store-extract");
        CompletableFuture<Integer> referenceWritten = CompletableFuture.supplyAsync(() -> {
            int code = LayerAnchorCli.execute("extract", "--mode", "fast", "--threads", "1", "--model", model.toString(),
                    "--corpus", corpus.toString(), "--store", reference.toString());
            report.timed("reference store by layeranchor extract, in the test's JVM (from the test's start)", t0);
            return code;
        });
        Path sparkHome = SparkHome.prepare(work, Path.of("target"), Path.of(System.getProperty("layeranchor.repoRoot")),
                System.getProperty("layeranchor.sparkVersion"));
        report.timed("SPARK_HOME ready (from the test's start)", t0);

        long t = System.nanoTime();
        Path store = work.resolve("store-spark");
        Kill kill;
        OptionalInt exit;
        String out;
        String err;
        List<ExecutorLog> executors;
        try (LocalClusterJob job = LocalClusterJob.submit(sparkHome, jobJar, work, List.of("--mode", "fast",
                "--threads", "1", "--partitions", String.valueOf(CLIPS), "--model", model.toString(),
                "--corpus", corpus.toString(), "--store", store.toString()))) {
            kill = killOneExecutorOnceAnEntryIsWritten(job, store);
            exit = job.waitFor(300);
            out = job.driverOut();
            err = job.driverErr();
            executors = ExecutorLog.readAll(job.executorsFolder());
        }
        report.timed("SparkSubmit on local-cluster[2,1,1024], exit " + (exit.isPresent() ? exit.getAsInt() : "none"), t);
        assertEquals(0, referenceWritten.join(), "layeranchor extract's exit code");
        report.line("killed executor JVM " + kill.pid() + " with " + kill.entries() + " of " + CLIPS
                + " entries written, index.csv " + (kill.indexed() ? "written" : "not yet written"));
        for (ExecutorLog e : executors) {
            report.line("executor " + e.id() + " (JVM " + (e.pid().isPresent() ? e.pid().getAsLong() : "none") + "): "
                    + e.tasks() + " task(s), " + e.opens() + " encoder open(s)"
                    + (e.pid().isPresent() && e.pid().getAsLong() == kill.pid() ? ", killed" : ""));
        }
        out.strip().lines().forEach(report::line);
        report.timed("the test in all", t0);
        report.write(Path.of("target", "spark-local-cluster.txt"));

        // The job outlived the lost executor: exit 0, every utterance extracted, none failed.
        assertTrue(exit.isPresent(), "the job did not end in 300 s:\n" + tail(err));
        assertEquals(0, exit.getAsInt(), tail(err));
        assertTrue(out.contains(CLIPS + " utterances in " + CLIPS + " tasks: ") && out.contains(" 0 failed"), out);
        // The kill came mid-job: before the last entry and the index, and Spark saw the executor go.
        assertFalse(kill.indexed(), "the executor was killed after the job had written its index");
        assertTrue(kill.entries() < CLIPS, "the executor was killed after every entry was written");
        ExecutorLog killed = executors.stream()
                .filter(e -> e.pid().isPresent() && e.pid().getAsLong() == kill.pid()).findFirst()
                .orElseThrow(() -> new AssertionError("no executor log of the killed JVM " + kill.pid()));
        assertTrue(err.contains("Lost executor " + killed.id() + " "), "the driver did not notice the lost executor");

        // The same store as 'layeranchor extract' on the same clips: every file, byte for byte.
        assertSameTree(reference, store);

        // One encoder per executor JVM: each executor that ran a task opened it once, however many tasks
        // it ran; both first executors ran tasks; the killed one was replaced once, and nothing else started.
        for (ExecutorLog e : executors) {
            assertEquals(e.tasks() > 0 ? 1 : 0, e.opens(), "encoder opens of executor " + e.id() + " (" + e.tasks()
                    + " tasks)");
        }
        assertTrue(executors.get(0).tasks() > 0 && executors.get(1).tasks() > 0, executors.toString());
        assertTrue(executors.stream().anyMatch(e -> e.tasks() >= 2), "no executor reused its encoder: " + executors);
        assertEquals(List.of(0, 1, 2), executors.stream().map(ExecutorLog::id).toList(),
                "two executors and one replacement for the killed one");
        assertFalse(err.contains("Failed to launch executor"), "executor launches failed:\n" + tail(err));
    }

    /** What the kill saw: the executor JVM killed, the entries in the store then, whether the index was written. */
    record Kill(long pid, int entries, boolean indexed) {
    }

    /**
     * Kills (SIGKILL) one executor JVM as soon as the store holds an entry: the executors are then up
     * and encoding, and most of the job is still ahead. The victim is one that has opened its encoder
     * (its log says so), so that "an executor that ran a task opened its encoder once" holds for it too.
     */
    private static Kill killOneExecutorOnceAnEntryIsWritten(LocalClusterJob job, Path store) throws Exception {
        while (job.isRunning()) {
            int entries = pooledEntries(store);
            if (entries > 0 && Files.isDirectory(job.executorsFolder())) {
                List<Long> opened = ExecutorLog.readAll(job.executorsFolder()).stream()
                        .filter(e -> e.opens() > 0 && e.pid().isPresent()).map(e -> e.pid().getAsLong()).toList();
                ProcessHandle victim = job.executors().stream().filter(p -> opened.contains(p.pid())).findFirst()
                        .orElse(null);
                if (victim != null) {
                    boolean indexed = indexWritten(store);
                    assertTrue(victim.destroyForcibly(), "could not kill executor JVM " + victim.pid());
                    return new Kill(victim.pid(), entries, indexed);
                }
            }
            Thread.sleep(100);
        }
        fail("the job ended before an executor could be killed:\n" + tail(job.driverErr()));
        return null;
    }

    /** Complete entries: pooled files under their final names (a writer renames a temporary into place). */
    private static int pooledEntries(Path store) throws IOException {
        if (!Files.isDirectory(store)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(store)) {
            return (int) s.filter(p -> p.toString().contains("/pooled/") && p.toString().endsWith(".npy")
                    && !p.getFileName().toString().contains(".tmp-")).count();
        }
    }

    private static boolean indexWritten(Path store) throws IOException {
        if (!Files.isDirectory(store)) {
            return false;
        }
        try (Stream<Path> s = Files.walk(store, 2)) {
            return s.anyMatch(p -> p.getFileName().toString().equals("index.csv"));
        }
    }

    /** A corpus of the first {@code n} clips of {@code source}: its manifest's first rows, the audio linked. */
    private static Path firstClips(Path source, Path target, int n) throws IOException {
        List<String> rows = Files.readAllLines(source.resolve("manifest.csv")).subList(0, n + 1);
        for (String row : rows.subList(1, rows.size())) {
            String audio = row.substring(0, row.indexOf(','));
            Path link = target.resolve(audio);
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, source.resolve(audio).toAbsolutePath());
        }
        Files.write(target.resolve("manifest.csv"), rows);
        return target;
    }

    /** Both folders hold the same files with the same bytes, nothing more and nothing less. */
    private static void assertSameTree(Path expected, Path actual) throws IOException {
        Map<String, byte[]> want = files(expected);
        Map<String, byte[]> got = files(actual);
        assertEquals(want.keySet(), got.keySet(), "files of " + actual + " against " + expected);
        assertTrue(want.keySet().stream().anyMatch(f -> f.endsWith("index.csv")), want.keySet().toString());
        for (String f : want.keySet()) {
            assertArrayEquals(want.get(f), got.get(f), f);
        }
    }

    private static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(p -> !p.equals(dir)).toList()) {
                out.put(dir.relativize(p).toString(), Files.isRegularFile(p) ? Files.readAllBytes(p) : new byte[0]);
            }
        }
        return out;
    }

    private static String tail(String log) {
        return log.length() <= 6000 ? log : log.substring(log.length() - 6000);
    }

    /** The run's times and findings, printed and written to target/ (scripts/spark-local-cluster.sh commits it). */
    private static final class Report {
        private final List<String> lines = new ArrayList<>();

        synchronized void timed(String what, long startNanos) {
            line(String.format(Locale.ROOT, "%s: %.1f s", what, (System.nanoTime() - startNanos) / 1e9));
        }

        synchronized void line(String line) {
            lines.add(line);
            System.out.println("local-cluster: " + line);
        }

        synchronized void write(Path file) throws IOException {
            Files.createDirectories(file.getParent());
            Files.write(file, lines);
        }
    }
}
