package org.layeranchor.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {
    private static CsvReader.Table parse(String text) {
        return CsvReader.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void quotedFieldsHoldCommasDoubledQuotesAndLineBreaks() {
        CsvReader.Table t = parse("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\nplain,,last\n");
        assertEquals(List.of(), t.problems());
        assertEquals(3, t.rows().size());
        assertEquals(List.of("x, y", "say \"hi\"", "two\nlines"), t.rows().get(1).fields());
        assertEquals(2, t.rows().get(1).line());
        // The multi-line record took lines 2-3, so the next one starts on line 4.
        assertEquals(4, t.rows().get(2).line());
        assertEquals(List.of("plain", "", "last"), t.rows().get(2).fields());
    }

    @Test
    void crlfLineEndsAndAByteOrderMarkAreAccepted() {
        CsvReader.Table t = CsvReader.parse("\uFEFFpath,emotion\r\na.wav,sad\r\n\"q\r\nr\",x\r\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(), t.problems());
        assertEquals(List.of("path", "emotion"), t.rows().get(0).fields());
        assertEquals(List.of("a.wav", "sad"), t.rows().get(1).fields());
        assertEquals(List.of("q\nr", "x"), t.rows().get(2).fields());
    }

    @Test
    void emptyFieldsAndBlankLines() {
        CsvReader.Table t = parse("a,b,\n\n,\n\"\",x\n");
        assertEquals(List.of(List.of("a", "b", ""), List.of("", ""), List.of("", "x")),
                t.rows().stream().map(CsvReader.Row::fields).toList());
        assertEquals(List.of(1, 3, 4), t.rows().stream().map(CsvReader.Row::line).toList());
        assertEquals(0, parse("").rows().size());
        assertEquals(List.of("last"), parse("last").rows().get(0).fields()); // no final line break
    }

    @Test
    void anUnclosedQuoteCostsOnlyItsOwnLine() {
        CsvReader.Table t = parse("h1,h2\nok,1\n\"broken,2\nfine,3\nalso fine,4\n");
        assertEquals(1, t.problems().size());
        assertEquals(3, t.problems().get(0).line());
        assertTrue(t.problems().get(0).message().contains("unclosed quote"), t.problems().get(0).message());
        assertEquals(List.of("h1", "ok", "fine", "also fine"), t.rows().stream().map(r -> r.fields().get(0)).toList());
        assertEquals(List.of(1, 2, 4, 5), t.rows().stream().map(CsvReader.Row::line).toList());
    }

    @Test
    void strayQuotesAreMalformed() {
        CsvReader.Table t = parse("a,b\nab\"c,1\n\"ab\"c,2\ngood,3\n");
        assertEquals(2, t.problems().size());
        assertEquals(2, t.problems().get(0).line());
        assertTrue(t.problems().get(0).message().contains("quote inside unquoted field 1"), t.problems().get(0).message());
        assertEquals(3, t.problems().get(1).line());
        assertTrue(t.problems().get(1).message().contains("character 'c' after the closing quote of field 1"),
                t.problems().get(1).message());
        assertEquals(List.of(List.of("a", "b"), List.of("good", "3")), t.rows().stream().map(CsvReader.Row::fields).toList());
    }

    @Test
    void bytesThatAreNotUtf8AreReportedWithTheirLine() {
        byte[] latin1 = "path,text\na.wav,caf\u00e9\nb.wav,ok\n".getBytes(StandardCharsets.ISO_8859_1);
        CsvReader.Table t = CsvReader.parse(latin1);
        assertEquals(1, t.problems().size());
        CsvReader.Problem p = t.problems().get(0);
        assertEquals(2, p.line());
        assertTrue(p.message().startsWith("not valid UTF-8: byte 0xe9 at column 10"), p.message());
        assertEquals(List.of(1, 3), t.rows().stream().map(CsvReader.Row::line).toList());
        // Real UTF-8 (two bytes for é) is fine.
        assertEquals(List.of(), CsvReader.parse("a,caf\u00e9\n".getBytes(StandardCharsets.UTF_8)).problems());
    }

    @Test
    void writerQuotesOnlyWhatNeedsIt() {
        assertEquals("a,\"b,c\",\"say \"\"x\"\"\",\"l1\nl2\"\n", CsvWriter.line(List.of("a", "b,c", "say \"x\"", "l1\nl2")));
        String line = CsvWriter.line(List.of("x,y", "\"", ""));
        assertEquals(List.of("x,y", "\"", ""), parse(line).rows().get(0).fields());
    }
}
