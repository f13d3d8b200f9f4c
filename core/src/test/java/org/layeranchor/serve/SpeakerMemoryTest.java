package org.layeranchor.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.layeranchor.training.UnlabelledFeatures;

/** The service's per-speaker statistics stay within their bounds: speakers evicted least recent first, requests windowed. */
class SpeakerMemoryTest {
    /** One request of one segment whose every feature is {@code value} (2 layers of dim 3). */
    private static UnlabelledFeatures request(String id, float value) {
        float[][][] mean = new float[2][1][];
        float[][][] std = new float[2][1][];
        for (int l = 0; l < 2; l++) {
            mean[l][0] = new float[] {value, value, value};
            std[l][0] = new float[] {value, value, value};
        }
        return new UnlabelledFeatures(List.of(id), mean, std);
    }

    @Test
    void aNewSpeakerPastTheMaximumEvictsTheOneHeardLeastRecently() {
        SpeakerMemory m = new SpeakerMemory(2, 5);
        m.add("a", request("a1", 1));
        m.add("b", request("b1", 2));
        m.add("a", request("a2", 3)); // a is now the most recent: b goes first
        m.add("c", request("c1", 4));
        assertEquals(2, m.speakersHeld());
        assertEquals(0, m.requestsHeld("b"));
        assertEquals(2, m.requestsHeld("a"));
        assertEquals(1, m.requestsHeld("c"));
        assertEquals(1L, m.state().get("evicted_speakers"));
        // b comes back as a new speaker: only its new request counts, and a (now least recent) goes.
        UnlabelledFeatures b = m.add("b", request("b2", 5));
        assertEquals(List.of("b2"), b.ids());
        assertEquals(0, m.requestsHeld("a"));
        assertEquals(2L, m.state().get("evicted_speakers"));
    }

    @Test
    void eachSpeakerKeepsItsLastWindowOfRequestsThisOneIncluded() {
        SpeakerMemory m = new SpeakerMemory(10, 3);
        UnlabelledFeatures held = null;
        for (int i = 1; i <= 5; i++) {
            held = m.add("anna", request("r" + i, i));
        }
        assertEquals(List.of("r3", "r4", "r5"), held.ids());
        assertEquals(5f, held.mean()[1][2][0]);
        assertEquals(3, m.requestsHeld("anna"));
        assertEquals(3, m.state().get("window_requests_per_speaker"));
    }

    @Test
    void limitsAndIdsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new SpeakerMemory(0, 3));
        assertThrows(IllegalArgumentException.class, () -> new SpeakerMemory(3, 0));
        SpeakerMemory m = new SpeakerMemory(1, 1);
        assertThrows(IllegalArgumentException.class, () -> m.add("no spaces", request("x", 1)));
        assertEquals(0, m.speakersHeld());
    }

    @Test
    void theQueryTakesOneValidSpeakerIdAndNothingElse() throws Exception {
        assertEquals("", PredictQuery.parse(null).speaker());
        assertEquals("", PredictQuery.parse("").speaker());
        assertEquals("anna-01.b_2", PredictQuery.parse("speaker=anna-01.b_2").speaker());
        assertEquals("x".repeat(64), PredictQuery.parse("speaker=" + "x".repeat(64)).speaker());
        assertEquals("ab", PredictQuery.parse("speaker=%61b").speaker()); // percent-encoding is decoded first
        assertBad("speaker=" + "x".repeat(65), "has 65 characters; at most 64");
        assertBad("speaker=", "the speaker id is empty");
        assertBad("speaker", "the speaker id is empty");
        assertBad("speaker=a%20b", "only ASCII letters, digits");
        assertBad("speaker=%3Cb%3E", "only ASCII letters, digits");
        assertBad("speaker=%C3%A9", "only ASCII letters, digits");
        assertBad("speaker=a&speaker=b", "more than once");
        assertBad("speker=a", "unknown query parameter 'speker'");
        assertBad("speaker=a%zz", "not valid percent-encoding");
    }

    private static void assertBad(String query, String expected) {
        PredictQuery.BadQuery e = assertThrows(PredictQuery.BadQuery.class, () -> PredictQuery.parse(query));
        assertTrue(e.getMessage().contains(expected), query + ": " + e.getMessage());
    }
}
