package org.layeranchor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.encoder.whisper.WhisperEncoder;
import org.layeranchor.serve.EmotionPredictor;
import org.layeranchor.serve.EmotionServer;
import org.layeranchor.testing.TestWav;
import org.layeranchor.testing.TinyEmotionModel;
import picocli.CommandLine;

/**
 * Issue 25, rows 4 and 5: {@code serve --timeout 1e10} and {@code --max-seconds Infinity} started and
 * then failed every prediction with 500; {@code --segment 0.05} predicted from padding. Each such value
 * is now a usage error (exit 2) at start, in one line naming the option and the value.
 */
class OptionRangesTest {
    @TempDir
    static Path dir;
    static TinyEmotionModel tiny;
    static Path clip;

    @BeforeAll
    static void modelAndClip() throws Exception {
        tiny = TinyEmotionModel.create(dir, WhisperEncoder.Mode.FAST);
        clip = TestWav.writeMono16(dir.resolve("clip.wav"), 16_000, TestWav.tone(TinyEmotionModel.pitchOf("mid"), 16_000, 0.8, 0.3));
    }

    @Test
    void serveRefusesDurationsThatAreNotFiniteInRangeOrOverflowWhenConverted() throws Exception {
        String[][] bad = {
            {"--timeout", "1e10"}, {"--timeout", "NaN"}, {"--timeout", "-1"}, {"--timeout", "0"},
            {"--timeout", "Infinity"}, {"--read-timeout", "Infinity"}, {"--read-timeout", "1e300"},
            {"--max-seconds", "Infinity"}, {"--max-seconds", "NaN"}, {"--max-seconds", "-5"},
            {"--max-seconds", "0.05"}, {"--segment", "0.05"}, {"--segment", "0.0001"}, {"--segment", "NaN"},
            {"--max-body-mb", "1e300"}, {"--max-body-mb", "NaN"}, {"--max-buffered-mb", "Infinity"},
            {"--min-upload-rate", "-1"}, {"--min-upload-rate", "NaN"},
        };
        for (String[] option : bad) {
            Run r = serve(option[0], option[1]);
            assertEquals(CommandLine.ExitCode.USAGE, r.code(), String.join(" ", option) + ": " + r.err());
            assertUsageLine(r.err(), option[0], option[1]);
        }
    }

    @Test
    void predictRefusesTheSameDurationsAndSegmentsUnderTheMinimum() {
        String[][] bad = {
            {"--segment", "0.05"}, {"--segment", "0.0001"}, {"--segment", "NaN"}, {"--segment", "-1"},
            {"--segment", "Infinity"}, {"--max-seconds", "Infinity"}, {"--max-seconds", "NaN"},
            {"--max-seconds", "1e10"}, {"--max-seconds", "-1"},
        };
        for (String[] option : bad) {
            LayerAnchorCliTest.Run r = LayerAnchorCliTest.run("predict", "--model", tiny.model().toString(),
                    "--encoder=" + tiny.encoder(), option[0], option[1], clip.toString());
            assertEquals(CommandLine.ExitCode.USAGE, r.code(), String.join(" ", option) + ": " + r.err());
            assertUsageLine(r.err(), option[0], option[1]);
            assertEquals("", r.out(), "nothing predicted");
        }
        // The edges of the documented ranges are accepted.
        LayerAnchorCliTest.Run edge = LayerAnchorCliTest.run("predict", "--model", tiny.model().toString(),
                "--encoder=" + tiny.encoder(), "--segment", "0.1", "--max-seconds", "86400", clip.toString());
        assertEquals(0, edge.code(), edge.err());
        assertTrue(edge.out().contains("clip.wav"), edge.out());
    }

    @Test
    void theLibraryOptionsRefuseTheSameValuesForCallersFromJava() {
        EmotionServer.Options d = EmotionServer.Options.defaults();
        assertThrows(IllegalArgumentException.class, () -> d.withLimits(1 << 20, Double.POSITIVE_INFINITY, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> d.withLimits(1 << 20, 300, Duration.ofSeconds((long) 1e10)));
        assertThrows(IllegalArgumentException.class, () -> d.withConnections(Duration.ofDays(2), 64, 256L << 20));
        assertThrows(IllegalArgumentException.class, () -> EmotionPredictor.Options.defaults().withSegmentSeconds(0.05));
        assertEquals(0.1, EmotionPredictor.Options.defaults().withSegmentSeconds(0.1).segmentSeconds());
    }

    /** The error's first line names the option and the value as parsed; no stack trace. */
    private static void assertUsageLine(String err, String option, String value) {
        String first = err.lines().findFirst().orElse("");
        assertTrue(first.startsWith(option + " must be a number of"), err);
        assertTrue(first.contains("got " + Double.parseDouble(value)), err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), err);
    }

    record Run(int code, String err) {
    }

    /** Runs serve with one option; a serve that starts is stopped after 20 s and fails the test. */
    private static Run serve(String option, String value) throws Exception {
        CommandLine cl = LayerAnchorCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> args = new ArrayList<>(List.of("serve", "--model", tiny.model().toString(), "--encoder",
                tiny.encoder().toString(), "--port", "0", option, value));
        AtomicInteger code = new AtomicInteger(-1);
        Thread serving = new Thread(() -> code.set(cl.execute(args.toArray(String[]::new))));
        serving.start();
        serving.join(20_000);
        if (serving.isAlive()) {
            serving.interrupt();
            serving.join(10_000);
            throw new AssertionError("serve started with " + option + " " + value + ": " + out);
        }
        return new Run(code.get(), err.toString());
    }
}
