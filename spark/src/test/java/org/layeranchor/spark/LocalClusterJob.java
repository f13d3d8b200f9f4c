package org.layeranchor.spark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * The job's jar submitted with {@code SparkSubmit} (what {@code spark-submit} runs) to a
 * {@code local-cluster[2,1,1024]} master: a standalone Master and two Workers of one core each inside
 * the driver's JVM, and each Worker's executor in a JVM of its own, started by the Worker as on a
 * cluster (a child process of the driver here). The driver's output goes to {@code driver.out} and
 * {@code driver.err}; each executor's to {@code $SPARK_HOME/work/APP/ID/stderr} (the Workers' folder).
 */
final class LocalClusterJob implements AutoCloseable {
    private static final String EXECUTOR_MAIN = "org.apache.spark.executor.CoarseGrainedExecutorBackend";

    private final Process driver;
    private final Path work;
    private final Path sparkHome;

    private LocalClusterJob(Process driver, Path work, Path sparkHome) {
        this.driver = driver;
        this.work = work;
        this.sparkHome = sparkHome;
    }

    static LocalClusterJob submit(Path sparkHome, Path jobJar, Path work, List<String> jobArgs) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g"));
        cmd.addAll(moduleOpenings());
        cmd.addAll(List.of("-cp", sparkHome.resolve("jars") + "/*", "org.apache.spark.deploy.SparkSubmit",
                "--master", "local-cluster[2,1,1024]",
                "--conf", "spark.ui.enabled=false",
                "--conf", "spark.driver.host=127.0.0.1",
                "--conf", "spark.driver.bindAddress=127.0.0.1",
                "--conf", "spark.task.maxFailures=4",
                // Schedule only once both executors are up: each then runs tasks, and one encoder open per
                // executor is checked on both (by default the first executor could take every task).
                "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
                "--conf", "spark.scheduler.maxRegisteredResourcesWaitingTime=120s",
                jobJar.toString()));
        cmd.addAll(jobArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile())
                .redirectOutput(work.resolve("driver.out").toFile())
                .redirectError(work.resolve("driver.err").toFile());
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", sparkHome.toString());
        env.put("SPARK_SCALA_VERSION", "2.13"); // Spark's launcher looks for a source build's folders otherwise
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        return new LocalClusterJob(pb.start(), work, sparkHome);
    }

    /**
     * Spark's {@code --add-opens} for Java 17, taken from this JVM's own arguments (spark/pom.xml's
     * list): SparkSubmit started as a plain {@code java} command needs them as surefire's JVM does.
     */
    private static List<String> moduleOpenings() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("--add-exports")
                        || a.startsWith("-Djdk.reflect") || a.startsWith("-Dio.netty"))
                .toList();
    }

    /** The executor JVMs running now (children of the driver, started by its Workers). */
    List<ProcessHandle> executors() {
        return driver.toHandle().children()
                .filter(p -> p.info().commandLine().orElse("").contains(EXECUTOR_MAIN))
                .toList();
    }

    boolean isRunning() {
        return driver.isAlive();
    }

    /** The driver's exit code, or empty if it did not end in time (then it is killed with its executors). */
    OptionalInt waitFor(long seconds) throws InterruptedException {
        if (driver.waitFor(seconds, TimeUnit.SECONDS)) {
            return OptionalInt.of(driver.exitValue());
        }
        close();
        return OptionalInt.empty();
    }

    String driverOut() throws IOException {
        return Files.readString(work.resolve("driver.out"));
    }

    String driverErr() throws IOException {
        return Files.readString(work.resolve("driver.err"));
    }

    /** Where the Workers of a local-cluster master put the executors' folders: {@code $SPARK_HOME/work}. */
    Path executorsFolder() {
        return sparkHome.resolve("work");
    }

    /** Kills whatever is left of the cluster: the executors first, then the driver (Master and Workers). */
    @Override
    public void close() {
        driver.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        driver.destroyForcibly();
    }
}
