package org.layeranchor.io;

import java.util.Locale;

/**
 * Text from outside (file names above all) made safe to print in a table, a CSV file or a terminal
 * line: every control character is written as a visible escape, so a name cannot start a new line
 * that looks like output (a forged prediction row) or send the terminal an escape sequence (issue
 * 25, row 11). Escaped: C0 controls (newline {@code \n}, carriage return {@code \r}, tab {@code \t},
 * the others and ESC as {@code \x1b}), DEL, C1 controls ({@code \x9b} ...), the Unicode line and
 * paragraph separators, and the bidirectional overrides and isolates that reorder what a terminal
 * shows ({@code \u202e} ...). Everything else, backslashes included, is kept as is, so ordinary
 * names (Windows paths too) print unchanged. JSON output uses {@link PrintableJsonEscapes}.
 */
public final class PrintableText {
    private PrintableText() {
    }

    public static String escape(String text) {
        if (text == null || text.chars().noneMatch(PrintableText::needsEscape)) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!needsEscape(c)) {
                sb.append(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c <= 0xFF) {
                sb.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
            } else {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            }
        }
        return sb.toString();
    }

    /** Whether {@code c} is printed escaped: a C0 or C1 control, DEL, a line separator or a bidi control. */
    public static boolean needsEscape(int c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) // C0, DEL, C1
                || c == 0x2028 || c == 0x2029        // line and paragraph separators
                || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069); // bidi embeddings, overrides, isolates
    }
}
