package org.layeranchor.io;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import java.util.Locale;

/**
 * Jackson escapes C0 controls in strings as JSON requires, but writes DEL, C1 controls (the 8-bit
 * CSI U+009B among them) and bidirectional overrides raw, and a terminal showing the output may act
 * on them. These escapes add {@code \\uHHHH} for every character {@link PrintableText} escapes; the
 * JSON still reads back to exactly the same strings.
 */
public final class PrintableJsonEscapes extends CharacterEscapes {
    private final int[] ascii;

    public PrintableJsonEscapes() {
        ascii = standardAsciiEscapesForJSON();
        ascii[0x7F] = ESCAPE_CUSTOM; // DEL, which JSON allows raw
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        return PrintableText.needsEscape(ch) ? new SerializedString(String.format(Locale.ROOT, "\\u%04x", ch)) : null;
    }
}
