package org.layeranchor.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.layeranchor.testing.PerSpeakerTestModel;
import org.layeranchor.testing.SharedData;

/**
 * {@code POST /v1/predict?speaker=ID} on real EmoDB clips with a per-speaker model: each request is
 * standardised with the statistics of its speaker's requests so far (itself included), exactly as
 * {@code predict} standardises a file with its speaker's files heard first ({@link EmotionPredictor#hearSpeakers});
 * the oldest speaker is evicted past the maximum; a request without an id is predicted as before; a
 * per-domain model accepts the id and says it changes nothing.
 */
class EmotionServerSpeakerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<Path> CLIPS = PerSpeakerTestModel.emodb("03a01Wa", "03a02Fc", "08a01Fd");
    static Path model;
    /** The way predict computes it: the service's answers are checked against this predictor. */
    static EmotionPredictor reference;

    @BeforeAll
    static void perSpeakerModel() throws Exception {
        model = PerSpeakerTestModel.shared();
        reference = EmotionPredictor.open(model, SharedData.whisperBase(), EmotionPredictor.Options.defaults());
    }

    @AfterAll
    static void close() {
        if (reference != null) {
            reference.close();
        }
    }

    private static JsonNode post(URI base, Path clip, String query) throws Exception {
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(base.resolve("/v1/predict" + query))
                .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.ofFile(clip)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private static JsonNode get(URI base, String path) throws Exception {
        return JSON.readTree(CLIENT.send(HttpRequest.newBuilder(base.resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    /** What predict gives {@code clip} when {@code heard} (files in order, all of speaker "s") are its speaker's files. */
    private static double[] expected(Path clip, List<Path> heard) throws Exception {
        if (heard.isEmpty()) {
            return reference.predict(clip, "").probabilities();
        }
        Map<Path, String> speakerOf = new LinkedHashMap<>();
        heard.forEach(f -> speakerOf.put(f, "s"));
        reference.hearSpeakers(speakerOf, skipped -> {
            throw new AssertionError(skipped);
        });
        return reference.predict(clip, "s").probabilities();
    }

    private static void assertProbabilities(double[] expected, JsonNode answer) {
        List<String> classes = reference.classes();
        for (int c = 0; c < classes.size(); c++) {
            assertEquals(expected[c], answer.path("probabilities").path(classes.get(c)).asDouble(), 1e-6,
                    classes.get(c) + " in " + answer);
        }
    }

    @Test
    void eachRequestIsStandardisedWithItsSpeakersRequestsSoFarAndTheOldestSpeakerIsEvicted() throws Exception {
        try (EmotionPredictor served = EmotionPredictor.open(model, SharedData.whisperBase(),
                EmotionPredictor.Options.defaults())) {
            served.rememberSpeakers(new SpeakerMemory(1, 20)); // one speaker at a time: the next one evicts it
            try (EmotionServer server = EmotionServer.start(served, EmotionServer.Options.defaults().withPort(0))) {
                URI base = server.uri();
                Path first = CLIPS.get(0);
                Path second = CLIPS.get(1);

                JsonNode plain = post(base, first, "");
                assertFalse(plain.has("speaker"), "without an id the answer is as before: " + plain);
                assertProbabilities(expected(first, List.of()), plain);

                // The first request of "anna": her statistics are this request's own, shrunk towards the domain's.
                JsonNode a1 = post(base, first, "?speaker=anna");
                assertProbabilities(expected(first, List.of(first)), a1);
                assertTrue(a1.path("speaker").path("used").asBoolean(), a1.toString());
                assertEquals(1, a1.path("speaker").path("requests_held").asInt());
                assertTrue(Math.abs(a1.path("probabilities").path("angry").asDouble()
                        - plain.path("probabilities").path("angry").asDouble()) > 1e-4, "the speaker's statistics must "
                        + "change the probabilities: " + a1 + " vs " + plain);
                // Her second request: both of her requests are her statistics.
                JsonNode a2 = post(base, second, "?speaker=anna");
                assertProbabilities(expected(second, List.of(first, second)), a2);
                assertEquals(2, a2.path("speaker").path("requests_held").asInt());

                JsonNode m = get(base, "/v1/model").path("speakers");
                assertTrue(m.path("per_speaker").asBoolean(), m.toString());
                assertEquals(1, m.path("held_speakers").asInt());
                assertEquals(PerSpeakerTestModel.SHRINKAGE, m.path("shrinkage_utterances").asDouble());

                // Another speaker evicts anna (at most 1 speaker): her next request starts her statistics afresh.
                post(base, CLIPS.get(2), "?speaker=bert");
                JsonNode again = post(base, second, "?speaker=anna");
                assertEquals(1, again.path("speaker").path("requests_held").asInt(), again.toString());
                assertProbabilities(expected(second, List.of(second)), again);
                m = get(base, "/v1/model").path("speakers");
                assertEquals(1, m.path("held_speakers").asInt(), m.toString());
                assertEquals(2, m.path("evicted_speakers").asInt(), m.toString());
            }
        }
    }

    @Test
    void aPerDomainModelAcceptsTheIdAndSaysItChangesNothing() throws Exception {
        try (EmotionPredictor served = EmotionPredictor.open(PerSpeakerTestModel.defaultModel(), SharedData.whisperBase(),
                EmotionPredictor.Options.defaults());
             EmotionServer server = EmotionServer.start(served, EmotionServer.Options.defaults().withPort(0))) {
            JsonNode plain = post(server.uri(), CLIPS.get(0), "");
            JsonNode named = post(server.uri(), CLIPS.get(0), "?speaker=anna");
            assertEquals(plain.path("probabilities"), named.path("probabilities"));
            assertFalse(named.path("speaker").path("used").asBoolean(true), named.toString());
            assertTrue(named.path("speaker").path("note").asText().contains("standardises per domain"), named.toString());
            JsonNode m = get(server.uri(), "/v1/model").path("speakers");
            assertFalse(m.path("per_speaker").asBoolean(true), m.toString());
            assertTrue(m.path("note").asText().contains("changes nothing"), m.toString());
        }
    }
}
