package org.layeranchor.spark;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code SPARK_HOME} for a {@code local-cluster} master. Its Workers start every executor JVM with
 * {@code $SPARK_HOME/jars/*} as class path, as a Spark distribution lays it out, so the test needs
 * one. It is always a new folder under the test's, since the Workers of a {@code local-cluster}
 * write the executors' folders and logs into {@code $SPARK_HOME/work}; its {@code jars} is either a
 * link to the {@code jars/} of the distribution named by the environment's {@code SPARK_HOME}, or a
 * folder of links to the jars Maven resolves for {@code spark-sql} alone (a distribution's jars; the
 * module's own class path would not do: Maven mediates some of Spark's jars, e.g. Jackson, with the
 * versions core asks for).
 */
final class SparkHome {
    private SparkHome() {
    }

    /**
     * {@code work/spark-home}, with the environment's distribution's jars if it names one. The list
     * Maven resolves is kept in {@code cache} (the module's target/) for the next run while its jars exist.
     */
    static Path prepare(Path work, Path cache, Path repoRoot, String sparkVersion)
            throws IOException, InterruptedException {
        Path home = Files.createDirectories(work.resolve("spark-home"));
        String given = System.getenv("SPARK_HOME");
        if (given != null && !given.isBlank() && Files.isDirectory(Path.of(given, "jars"))) {
            Files.createSymbolicLink(home.resolve("jars"), Path.of(given, "jars").toAbsolutePath());
            return home;
        }
        Path jars = Files.createDirectories(home.resolve("jars"));
        for (String jar : sparkJars(work.resolve("spark-pom"), cache, repoRoot, sparkVersion)) {
            Path target = Path.of(jar);
            Files.createSymbolicLink(jars.resolve(target.getFileName()), target);
        }
        return home;
    }

    private static List<String> sparkJars(Path pomDir, Path cache, Path repoRoot, String sparkVersion)
            throws IOException, InterruptedException {
        Path cached = cache.resolve("spark-" + sparkVersion + "-jars.txt");
        if (Files.isRegularFile(cached)) {
            List<String> jars = Files.readAllLines(cached);
            if (!jars.isEmpty() && jars.stream().allMatch(j -> Files.isRegularFile(Path.of(j)))) {
                return jars;
            }
        }
        List<String> jars = resolveSparkJars(pomDir, repoRoot, sparkVersion);
        Files.createDirectories(cache);
        Files.write(cached, jars);
        return jars;
    }

    /**
     * spark-sql's jars and their dependencies, as Maven resolves them for a project with nothing else:
     * from the local repository if it has them all (a build of this project usually leaves them), else
     * from the remote repositories.
     */
    private static List<String> resolveSparkJars(Path pomDir, Path repoRoot, String sparkVersion)
            throws IOException, InterruptedException {
        Files.createDirectories(pomDir);
        Files.writeString(pomDir.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
                  <groupId>local</groupId><artifactId>spark-home</artifactId><version>1</version>
                  <dependencies><dependency><groupId>org.apache.spark</groupId><artifactId>spark-sql_2.13</artifactId>
                    <version>%s</version></dependency></dependencies></project>
                """.formatted(sparkVersion));
        Path classpath = pomDir.resolve("classpath.txt");
        if (!maven(pomDir, repoRoot, classpath, true) && !maven(pomDir, repoRoot, classpath, false)) {
            throw new IOException("could not resolve Spark's jars with Maven in " + pomDir + ":\n"
                    + Files.readString(pomDir.resolve("maven.log"), StandardCharsets.UTF_8));
        }
        return List.of(Files.readString(classpath).strip().split(File.pathSeparator));
    }

    private static boolean maven(Path pomDir, Path repoRoot, Path classpath, boolean offline)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(repoRoot.resolve("mvnw").toString(), "-B", "-q"));
        if (offline) {
            cmd.add("-o");
        }
        cmd.addAll(List.of("org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath",
                "-Dmdep.outputFile=" + classpath));
        Process mvn = new ProcessBuilder(cmd).directory(pomDir.toFile()).redirectErrorStream(true)
                .redirectOutput(pomDir.resolve("maven.log").toFile()).start();
        if (!mvn.waitFor(5, TimeUnit.MINUTES)) {
            mvn.destroyForcibly();
            return false;
        }
        return mvn.exitValue() == 0;
    }
}
