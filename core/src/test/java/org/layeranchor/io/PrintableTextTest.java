package org.layeranchor.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class PrintableTextTest {
    @Test
    void controlCharactersBecomeVisibleEscapesAndEverythingElseIsKept() {
        assertEquals("a\\nb\\rc\\td", PrintableText.escape("a\nb\rc\td"));
        assertEquals("\\x1b[2J\\x00\\x7f\\x9b\\x85", PrintableText.escape("\u001b[2J\u0000\u007f\u009b\u0085"));
        assertEquals("x\\u2028y\\u202ez\\u2066", PrintableText.escape("x\u2028y\u202ez\u2066"));
        String ordinary = "C:\\Users\\ana\\Stimmen\\wütend 03 – take 2 (日本).wav";
        assertSame(ordinary, PrintableText.escape(ordinary), "nothing to escape: the same string");
        assertEquals(null, PrintableText.escape(null));
    }
}
