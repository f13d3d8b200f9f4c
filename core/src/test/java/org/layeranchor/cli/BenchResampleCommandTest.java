package org.layeranchor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code bench resample}: one row per input rate, one stage against stages, counted and timed in one run. */
class BenchResampleCommandTest {
    private static final Pattern ROW = Pattern.compile(
            "^\\s*(\\d+)\\s+(.+?)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)x\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)x$", Pattern.MULTILINE);

    @Test
    void printsEveryRateWithCountsTimesAndRatios() {
        LayerAnchorCliTest.Run r = LayerAnchorCliTest.run("bench", "resample", "--seconds", "0.5", "--repeats", "1");
        assertEquals(0, r.code(), r.err());
        Matcher m = ROW.matcher(r.out());
        int rows = 0;
        while (m.find()) {
            rows++;
            int rate = Integer.parseInt(m.group(1));
            double single = Double.parseDouble(m.group(3));
            double staged = Double.parseDouble(m.group(4));
            double countRatio = Double.parseDouble(m.group(5));
            assertEquals(single / staged, countRatio, 0.01, r.out());
            assertTrue(Double.parseDouble(m.group(6)) > 0 && Double.parseDouble(m.group(7)) > 0, r.out());
            if (rate == 44_100 || rate == 48_000) {
                assertEquals(single, staged, 0, "one stage stays: " + r.out());
            } else {
                assertTrue(countRatio >= 2, r.out());
            }
            if (rate == 192_000) {
                assertEquals(16_000 * 1_542, single, 16_000 * 1_542 * 1e-3, r.out()); // 1,542 taps per 16-kHz output sample
            }
        }
        assertEquals(4, rows, r.out());
        assertTrue(r.out().contains("299 s at 192 kHz:"), r.out());
    }

    @Test
    void refusesSecondsOutOfRangeInOneLine() {
        LayerAnchorCliTest.Run r = LayerAnchorCliTest.run("bench", "resample", "--seconds", "NaN");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--seconds must be more than 0 and at most 600, got NaN"), r.err());
    }
}
