package org.layeranchor.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FailureMessageTest {
    @Test
    void everyLineNamesTheFileOnceAndSaysWhatWentWrongInWords() {
        assertEquals("a.wav: contains zero samples", FailureMessage.line("a.wav",
                new AudioException("a.wav", AudioException.Kind.NO_SAMPLES, "contains zero samples")));
        assertEquals("a.wav: internal error: NegativeArraySizeException -2147479296",
                FailureMessage.line("a.wav", new NegativeArraySizeException("-2147479296")));
        assertEquals("a.wav: internal error: NullPointerException", FailureMessage.line("a.wav", new NullPointerException()));
        assertEquals("a.wav: the encoder returned 3 layers", FailureMessage.line("a.wav",
                new IllegalStateException("a.wav: the encoder returned 3 layers")));
        assertTrue(FailureMessage.line("a.wav", new OutOfMemoryError("Java heap space"))
                .startsWith("a.wav: ran out of memory (Java heap space)"));
    }
}
