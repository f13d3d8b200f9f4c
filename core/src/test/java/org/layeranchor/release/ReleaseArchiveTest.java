package org.layeranchor.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.encoder.whisper.WhisperEncoder;
import org.layeranchor.testing.SharedData;
import org.layeranchor.testing.TinyEmotionModel;
import org.layeranchor.training.GitCommit;

/**
 * The release archive as a user gets it: core/pom.xml builds {@code layeranchor-VERSION.tar.gz} and
 * {@code .zip} before the tests (process-test-classes); this unpacks the tar.gz in a temporary folder
 * outside any git checkout and runs its {@code bin/layeranchor} as a user would.
 */
class ReleaseArchiveTest {
    @TempDir
    static Path dir;
    static Path archive;
    static Path home;

    @BeforeAll
    static void unpack() throws Exception {
        String base = System.getProperty("layeranchor.release.archive");
        Assumptions.assumeTrue(base != null, "layeranchor.release.archive is not set (run through Maven)");
        archive = Path.of(base + ".tar.gz");
        Assumptions.assumeTrue(Files.isRegularFile(archive),
                "no release archive at " + archive + " (it is built by './mvnw -B -pl core test' or 'package')");
        Path unpacked = Files.createDirectories(dir.resolve("unpacked"));
        Run tar = run(unpacked, List.of("tar", "xzf", archive.toString()));
        assertEquals(0, tar.code(), tar.output());
        String name = archive.getFileName().toString().replace(".tar.gz", "");
        home = unpacked.resolve(name);
        assertTrue(Files.isDirectory(home), "the archive unpacks into one folder named " + name);
    }

    @Test
    void holdsTheLeanJarLaunchersReadmeAndLicences() throws IOException {
        for (String file : List.of("bin/layeranchor", "bin/layeranchor.cmd", "lib/layeranchor.jar", "README.md",
                "licenses/THIRD-PARTY.txt")) {
            assertTrue(Files.isRegularFile(home.resolve(file)), "missing " + file);
        }
        assertTrue(Files.isExecutable(home.resolve("bin/layeranchor")), "bin/layeranchor is executable");
        assertTrue(Files.readString(home.resolve("bin/layeranchor.cmd")).contains("\r\n"), "the .cmd has Windows line ends");
        String thirdParty = Files.readString(home.resolve("licenses/THIRD-PARTY.txt"));
        for (String library : List.of("onnxruntime", "picocli", "jackson-databind", "jetty-server", "jflac-codec")) {
            assertTrue(thirdParty.contains(":" + library + ":"), "THIRD-PARTY.txt lists " + library);
        }
        assertFalse(thirdParty.contains("junit-jupiter"), "test-only libraries are not bundled, so not listed");
        try (Stream<Path> files = Files.walk(home.resolve("licenses/libraries"))) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().equals("ThirdPartyNotices.txt")),
                    "ONNX Runtime's ThirdPartyNotices.txt is carried over");
        }
        assertTrue(Files.readString(home.resolve("licenses/models/silero-vad/LICENSE")).contains("MIT License"),
                "the Silero VAD model's licence is beside the libraries'");
        assertTrue(Files.isRegularFile(home.resolve("licenses/models/silero-vad/README.md")), "and its provenance");
        try (ZipFile jar = new ZipFile(home.resolve("lib/layeranchor.jar").toFile())) {
            List<String> debug = jar.stream().map(ZipEntry::getName)
                    .filter(n -> n.endsWith(".pdb") || n.contains(".dSYM/")).toList();
            assertEquals(List.of(), debug, "debug symbols are left out of the jar");
            assertTrue(jar.getEntry("ai/onnxruntime/native/linux-x64/libonnxruntime.so") != null,
                    "the Linux x86-64 native library is in the jar");
            assertTrue(jar.getEntry("vad/silero_vad_v5.onnx") != null, "the Silero VAD model is in the jar");
        }
    }

    @Test
    void zipHoldsTheSameFilesAndTheChecksumsMatch() throws Exception {
        Path zip = Path.of(archive.toString().replace(".tar.gz", ".zip"));
        Set<String> inZip;
        try (ZipFile z = new ZipFile(zip.toFile())) {
            inZip = z.stream().filter(e -> !e.isDirectory()).map(ZipEntry::getName).collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> inTar;
        try (Stream<Path> files = Files.walk(home)) {
            inTar = files.filter(Files::isRegularFile)
                    .map(p -> home.getParent().relativize(p).toString().replace('\\', '/'))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(inTar, inZip);
        for (Path a : List.of(archive, zip)) {
            Path sum = Path.of(a + ".sha256");
            assertTrue(Files.isRegularFile(sum), "missing " + sum);
            // sha256sum's format, so that 'sha256sum -c FILE.sha256' checks it
            assertEquals(sha256(a) + "  " + a.getFileName(), Files.readString(sum).trim());
        }
    }

    @Test
    void versionNamesTheVersionAndTheCommitItWasBuiltFrom() throws Exception {
        Run v = launch("--version");
        assertEquals(0, v.code(), v.output());
        String version = archive.getFileName().toString().replaceFirst("^layeranchor-", "")
                .replaceFirst("(-linux-x86_64)?\\.tar\\.gz$", "");
        assertTrue(v.output().startsWith("LayerAnchor " + version + "\n"), v.output());
        // Run outside git; the commit comes from the jar. A build outside git says "unknown".
        String expected = GitCommit.current();
        assertTrue(v.output().contains("\ncommit " + expected), "expected commit " + expected + " in:\n" + v.output());
    }

    @Test
    void modelInfoRunsOnTheSharedWhisperBase() throws Exception {
        Path whisper = SharedData.whisperBase();
        Run info = launch("model", "info", "--model", whisper.toString());
        assertEquals(0, info.code(), info.output());
        assertTrue(info.output().contains("parameters:  20,590,592"), info.output());
    }

    @Test
    void predictsOneCorpusClip() throws Exception {
        Path manifest = SharedData.corpus("emodb").resolve("manifest.csv");
        String first = Files.readAllLines(manifest).get(1);
        Path clip = manifest.getParent().resolve(first.substring(0, first.indexOf(',')));
        TinyEmotionModel tiny = TinyEmotionModel.create(dir.resolve("model"), WhisperEncoder.Mode.FAST);
        Run p = launch("predict", "--model", tiny.model().toString(), "--encoder=" + tiny.encoder(),
                "--format", "csv", clip.toString());
        assertEquals(0, p.code(), p.output());
        List<String> rows = p.output().lines().filter(l -> l.contains(clip.getFileName().toString())).toList();
        assertEquals(1, rows.size(), p.output());
        assertTrue(TinyEmotionModel.CLASSES.stream().anyMatch(c -> rows.get(0).contains("," + c + ",")), p.output());
    }

    private static Run launch(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/layeranchor").toString());
        command.addAll(List.of(args));
        return run(dir, command);
    }

    record Run(int code, String output) {
    }

    private static Run run(Path workingDir, List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true);
        pb.environment().put("LAYERANCHOR_JAVA_OPTS", "-Xmx1g");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
