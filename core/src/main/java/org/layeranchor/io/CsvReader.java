package org.layeranchor.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A strict RFC 4180 reader that keeps going: quoted fields (with commas, doubled quotes and line
 * breaks inside), LF or CRLF line ends, a UTF-8 byte-order mark tolerated. Bytes must be valid UTF-8.
 *
 * <p>Each problem is reported with its 1-based line number and costs only the record it is in: the
 * reader resynchronises on the next line. A quote that never closes would otherwise swallow the rest
 * of the file, so the reader goes back and restarts on the line after the one where it opened.
 * Blank lines outside quotes are skipped.
 */
public final class CsvReader {
    /** One record; {@code line} is the physical line it starts on. */
    public record Row(int line, List<String> fields) {
        public Row {
            fields = List.copyOf(fields);
        }
    }

    public record Problem(int line, String message) {
    }

    /** All records that parsed, and one problem per record that did not. */
    public record Table(List<Row> rows, List<Problem> problems) {
        public Table {
            rows = List.copyOf(rows);
            problems = List.copyOf(problems);
        }
    }

    private CsvReader() {
    }

    public static Table read(Path file) throws IOException {
        try {
            RegularFiles.require(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        return parse(Files.readAllBytes(file));
    }

    public static Table parse(byte[] bytes) {
        List<Problem> problems = new ArrayList<>();
        String[] lines = decodeLines(bytes, problems); // null entries: lines that are not valid UTF-8
        List<Row> rows = new ArrayList<>();
        int i = 0;
        while (i < lines.length) {
            if (lines[i] == null || lines[i].isEmpty()) {
                i++;
                continue;
            }
            i = parseRecord(lines, i, rows, problems);
        }
        problems.sort((a, b) -> Integer.compare(a.line(), b.line()));
        return new Table(rows, problems);
    }

    /**
     * Parses the record that starts at {@code lines[start]} and returns the index of the next line to
     * read.
     */
    private static int parseRecord(String[] lines, int start, List<Row> rows, List<Problem> problems) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;     // inside "..."
        boolean afterQuote = false; // just read the closing quote of a quoted field
        boolean fieldStarted = false;
        int line = start;
        while (true) {
            String s = lines[line];
            for (int c = 0; c < s.length(); c++) {
                char ch = s.charAt(c);
                if (quoted) {
                    if (ch == '"') {
                        if (c + 1 < s.length() && s.charAt(c + 1) == '"') {
                            field.append('"');
                            c++;
                        } else {
                            quoted = false;
                            afterQuote = true;
                        }
                    } else {
                        field.append(ch);
                    }
                } else if (ch == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                    afterQuote = false;
                    fieldStarted = false;
                } else if (afterQuote) {
                    problems.add(new Problem(start + 1, "malformed CSV: character '" + ch + "' after the closing quote of field "
                            + (fields.size() + 1) + " (a quote inside a field must be doubled)"));
                    return line + 1;
                } else if (ch == '"') {
                    if (fieldStarted) {
                        problems.add(new Problem(start + 1, "malformed CSV: quote inside unquoted field " + (fields.size() + 1)
                                + " (quote the whole field and double the quote)"));
                        return line + 1;
                    }
                    quoted = true;
                    fieldStarted = true;
                } else {
                    field.append(ch);
                    fieldStarted = true;
                }
            }
            if (!quoted) {
                fields.add(field.toString());
                rows.add(new Row(start + 1, fields));
                return line + 1;
            }
            // A line break inside quotes belongs to the field.
            line++;
            if (line >= lines.length) {
                problems.add(new Problem(start + 1, "malformed CSV: unclosed quote in field " + (fields.size() + 1)
                        + " (the quote opened on this line never closes)"));
                return start + 1;
            }
            if (lines[line] == null) {
                problems.add(new Problem(start + 1, "record abandoned: its quoted field " + (fields.size() + 1)
                        + " runs into line " + (line + 1) + ", which is not valid UTF-8"));
                return line + 1;
            }
            field.append('\n');
        }
    }

    /** Splits on LF (dropping a CR before it) and decodes each line strictly. */
    private static String[] decodeLines(byte[] bytes, List<Problem> problems) {
        List<String> lines = new ArrayList<>();
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int from = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF
                ? 3 : 0;
        int lineNo = 1;
        while (from < bytes.length) {
            int to = from;
            while (to < bytes.length && bytes[to] != '\n') {
                to++;
            }
            int end = to > from && bytes[to - 1] == '\r' ? to - 1 : to;
            try {
                CharBuffer chars = utf8.reset().decode(ByteBuffer.wrap(bytes, from, end - from));
                lines.add(chars.toString());
            } catch (MalformedInputException e) {
                lines.add(null);
                problems.add(new Problem(lineNo, "not valid UTF-8: " + describeBadBytes(bytes, from, end)));
            } catch (CharacterCodingException e) {
                lines.add(null);
                problems.add(new Problem(lineNo, "not valid UTF-8 (" + e.getMessage() + ")"));
            }
            from = to + 1;
            lineNo++;
        }
        return lines.toArray(new String[0]);
    }

    /** Names the first offending byte and its column, e.g. "byte 0xe9 at column 14". */
    private static String describeBadBytes(byte[] bytes, int from, int end) {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, from, end - from);
        CharBuffer out = CharBuffer.allocate(end - from + 1);
        utf8.decode(in, out, true);
        int bad = in.position();
        return String.format("byte 0x%02x at column %d (save the file as UTF-8)", bytes[bad] & 0xff, bad - from + 1);
    }
}
