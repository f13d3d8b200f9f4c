package org.layeranchor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LayerAnchorCliTest {
    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        CommandLine cl = LayerAnchorCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void versionAndHelpSucceed() {
        Run v = run("--version");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("LayerAnchor "), v.out());
        // the commit Maven wrote into the resources at build time (40 hex digits, or "unknown" outside git)
        assertTrue(v.out().lines().anyMatch(l -> l.matches("commit ([0-9a-f]{40}|unknown)( \\(with uncommitted changes\\))?")), v.out());
        Run h = run("--help");
        assertEquals(0, h.code());
        assertTrue(h.out().contains("Usage: layeranchor"), h.out());
    }

    @Test
    void badUsageExitsWithTwoOnStderr() {
        Run r = run("--no-such-option");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--no-such-option"), r.err());
        assertEquals(2, run().code());
    }

    @Test
    void everySubcommandHasHelp() {
        CommandLine root = LayerAnchorCli.commandLine();
        assertHelp(root, "");
    }

    /** A lone '%' in a description makes picocli print a warning to stderr on every --help, and the text raw. */
    @Test
    void noHelpTextMakesPicocliWarn() throws Exception {
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            renderEveryUsage(LayerAnchorCli.commandLine());
        } finally {
            System.setErr(saved);
        }
        String err = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(!err.contains("picocli WARN"), err);
    }

    private static void renderEveryUsage(CommandLine cl) {
        cl.getUsageMessage();
        cl.getSubcommands().values().forEach(LayerAnchorCliTest::renderEveryUsage);
    }

    private static void assertHelp(CommandLine cl, String path) {
        for (var e : cl.getSubcommands().entrySet()) {
            String name = (path + " " + e.getKey()).trim();
            if (e.getKey().equals("help")) {
                continue;
            }
            String[] args = (name + " --help").split(" ");
            Run r = run(args);
            assertEquals(0, r.code(), name + " --help: " + r.err());
            assertTrue(r.out().contains("Usage:"), name);
            assertHelp(e.getValue(), name);
        }
    }
}
