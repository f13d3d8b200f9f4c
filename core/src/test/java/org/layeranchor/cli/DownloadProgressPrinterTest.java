package org.layeranchor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class DownloadProgressPrinterTest {
    @Test
    void logsGetTheStartAndTheEndOfEachFileNotEveryStep() {
        StringWriter out = new StringWriter();
        DownloadProgressPrinter p = new DownloadProgressPrinter(new PrintWriter(out), false);
        p.progress("org/m/model.safetensors", 0, 290_000_000);
        for (long done = 1_000_000; done < 290_000_000; done += 1_000_000) {
            p.progress("org/m/model.safetensors", done, 290_000_000);
        }
        p.progress("org/m/model.safetensors", 290_000_000, 290_000_000);
        p.progress("org/m/config.json", 1_200, 2_000);
        p.progress("org/m/config.json", 2_000, 2_000);

        List<String> lines = out.toString().lines().toList();
        assertEquals(4, lines.size(), out.toString());
        assertEquals("download org/m/model.safetensors: 0.0 MB / 290.0 MB", lines.get(0));
        assertTrue(lines.get(1).startsWith("download org/m/model.safetensors: 290.0 MB / 290.0 MB"), lines.get(1));
        assertTrue(lines.get(2).endsWith("(resumed)"), "a file that starts part-way was resumed: " + lines.get(2));
    }

    @Test
    void aTerminalGetsOneLineRedrawnInPlace() {
        StringWriter out = new StringWriter();
        DownloadProgressPrinter p = new DownloadProgressPrinter(new PrintWriter(out), true);
        p.progress("org/m/model.safetensors", 0, 10_000_000);
        p.progress("org/m/model.safetensors", 10_000_000, 10_000_000);
        String s = out.toString();
        assertTrue(s.startsWith("\rdownload org/m/model.safetensors: 0.0 MB / 10.0 MB"
                + "\rdownload org/m/model.safetensors: 10.0 MB / 10.0 MB"), s);
        assertEquals(1, s.chars().filter(c -> c == '\n').count(), "one line, ended when the file is complete: " + s);
        assertTrue(s.endsWith(System.lineSeparator()), s);
    }
}
