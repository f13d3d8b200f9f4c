package org.layeranchor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.layeranchor.testing.PerSpeakerTestModel;
import org.layeranchor.testing.SharedData;
import picocli.CommandLine;

/** serve's --speaker-max and --speaker-window: checked at start, and what /v1/model then says about ?speaker=ID. */
class ServeSpeakersTest {
    @Test
    void outOfRangeNumbersAreAUsageErrorBeforeAnythingStarts() {
        LayerAnchorCliTest.Run max = LayerAnchorCliTest.run("serve", "--speaker-max", "-1", "--port", "0");
        assertEquals(2, max.code(), max.err());
        assertTrue(max.err().contains("--speaker-max must be >= 0 and --speaker-window >= 1, got -1 and 20"), max.err());
        LayerAnchorCliTest.Run window = LayerAnchorCliTest.run("serve", "--speaker-window", "0", "--port", "0");
        assertEquals(2, window.code(), window.err());
    }

    @Test
    void aPerSpeakerModelIsServedWithTheSpeakerLimitsGiven() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = LayerAnchorCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String model = PerSpeakerTestModel.shared().toString();
        Thread serving = new Thread(() -> cl.execute("serve", "--model", model, "--encoder",
                SharedData.whisperBase().toString(), "--port", "0", "--speaker-max", "3", "--speaker-window", "5"));
        serving.start();
        try {
            Matcher m = Pattern.compile("on (http://127\\.0\\.0\\.1:\\d+/)").matcher("");
            long end = System.nanoTime() + 120_000_000_000L;
            while (!m.reset(out.toString()).find()) {
                assertTrue(serving.isAlive(), "serve ended early: " + err);
                assertTrue(System.nanoTime() < end, "no address printed: " + out + err);
                Thread.sleep(50);
            }
            // The line comes after the address: wait for it rather than race it.
            while (!err.toString().contains("speaker statistics:") && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            assertTrue(err.toString().contains("speaker statistics: POST /v1/predict?speaker=ID standardises with that "
                    + "speaker's last 5 requests, for up to 3 speakers"), err.toString());
            HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                    HttpRequest.newBuilder(URI.create(m.group(1)).resolve("/v1/model")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode speakers = new ObjectMapper().readTree(r.body()).path("speakers");
            assertTrue(speakers.path("per_speaker").asBoolean(), r.body());
            assertEquals(3, speakers.path("max_speakers").asInt(), r.body());
            assertEquals(5, speakers.path("window_requests_per_speaker").asInt(), r.body());
            assertEquals(model, new ObjectMapper().readTree(r.body()).path("name").asText(), r.body());
        } finally {
            serving.interrupt();
            serving.join(20_000);
        }
    }
}
