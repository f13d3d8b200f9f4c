package org.layeranchor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.encoder.EncoderLocation;
import org.layeranchor.testing.SharedData;

/**
 * The model that ships in the repository (models/default) is what predict uses without --model, on
 * real speech with whisper-base from ../shared, found through the location the model records
 * relative to itself; without its encoder, one line says what to do.
 */
class DefaultModelTest {
    private static final Path CLIP = SharedData.corpus("emodb").resolve("audio/03a01Wa.flac");

    @AfterEach
    void noOverride() {
        System.clearProperty(DefaultModel.PROPERTY);
    }

    @Test
    void theRepositoryShipsADefaultModelThatFindsItsEncoderNextToTheRepository() throws Exception {
        Path model = DefaultModel.locate().orElseThrow();
        assertEquals(Path.of("models", "default"), model.getParent().getFileName().resolve(model.getFileName()));
        EncoderLocation recorded = EncoderLocation.read(model).orElseThrow();
        assertEquals(SharedData.whisperBase().toRealPath(), Path.of(recorded.reference()).toRealPath());
    }

    @Test
    void predictWithoutModelUsesTheDefaultModelOnARealClip() {
        LayerAnchorCliTest.Run r = LayerAnchorCliTest.run("predict", "--format", "csv", CLIP.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("model: the default model"), r.err());
        assertTrue(r.err().contains("1 file(s) are too few to adapt to this batch (40 or more are needed)"), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("file,segment,start_s,end_s,emotion,p_neutral,p_happy,p_sad,p_angry,error", lines.get(0));
        String[] row = lines.get(1).split(",");
        assertEquals(CLIP.toString(), row[0]);
        assertTrue(List.of("neutral", "happy", "sad", "angry").contains(row[4]), lines.get(1));
        double sum = Stream.of(row[5], row[6], row[7], row[8]).mapToDouble(Double::parseDouble).sum();
        assertEquals(1.0, sum, 1e-4);
    }

    @Test
    void withoutItsEncoderOneLineSaysHowToNameIt(@TempDir Path tmp) throws Exception {
        Path copy = Files.createDirectories(tmp.resolve("a/b/default"));
        Path shipped = DefaultModel.locate().orElseThrow();
        try (Stream<Path> files = Files.walk(shipped)) {
            for (Path f : files.toList()) {
                Path to = copy.resolve(shipped.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Files.writeString(copy.resolve(EncoderLocation.FILE),
                "{\"model_path\": \"" + tmp.resolve("gone/whisper-base") + "\", \"relative_path\": \"../../../shared/whisper-base\"}");
        System.setProperty(DefaultModel.PROPERTY, copy.toString());
        LayerAnchorCliTest.Run r = LayerAnchorCliTest.run("predict", CLIP.toString());
        assertEquals(2, r.code(), r.out() + r.err());
        String line = r.err().lines().filter(l -> l.contains("encoder")).findFirst().orElse(r.err());
        assertTrue(line.contains("is not at " + tmp.resolve("gone/whisper-base")) && line.contains("--encoder"), r.err());
    }

    @Test
    void noDefaultModelAndNoModelIsOneClearLine(@TempDir Path tmp) {
        System.setProperty(DefaultModel.PROPERTY, tmp.resolve("missing").toString());
        LayerAnchorCliTest.Run r = LayerAnchorCliTest.run("predict", CLIP.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("is not a model folder") || r.err().contains("no --model given"), r.err());
    }

    /** serve without --model answers with the default model, and /v1/model shows the window of recent requests. */
    @Test
    void serveWithoutModelAnswersWithTheDefaultModel() throws Exception {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cl = LayerAnchorCli.commandLine();
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        Thread serving = new Thread(() -> cl.execute("serve", "--port", "0"));
        serving.start();
        try {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("on (http://127\\.0\\.0\\.1:\\d+/)").matcher("");
            long end = System.nanoTime() + 60_000_000_000L;
            while (!m.reset(out.toString()).find()) {
                assertTrue(serving.isAlive(), "serve ended early: " + err);
                assertTrue(System.nanoTime() < end, "no address printed: " + out + err);
                Thread.sleep(50);
            }
            java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                    .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
            java.net.URI base = java.net.URI.create(m.group(1));
            java.net.http.HttpResponse<String> model = client.send(java.net.http.HttpRequest.newBuilder(
                    base.resolve("/v1/model")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, model.statusCode());
            com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(model.body());
            assertEquals("sources", json.path("model").path("standardisedWith").asText(), model.body());
            assertEquals("the default model (models/default)", json.path("name").asText(), "the page shows this name");
            assertEquals(100, json.path("adaptation").path("window_requests").asInt(), model.body());
            assertEquals(40, json.path("adaptation").path("minimum_requests").asInt(), model.body());
            assertEquals(0, json.path("adaptation").path("held_requests").asInt(), model.body());

            java.net.http.HttpResponse<String> p = client.send(java.net.http.HttpRequest.newBuilder(base.resolve("/v1/predict"))
                    .timeout(java.time.Duration.ofSeconds(60)).POST(java.net.http.HttpRequest.BodyPublishers.ofFile(CLIP)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, p.statusCode(), p.body());
            assertTrue(p.body().matches("(?s).*\"emotion\":\"(neutral|happy|sad|angry)\".*"), p.body());
            json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(client.send(java.net.http.HttpRequest.newBuilder(
                    base.resolve("/v1/model")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body());
            assertEquals(1, json.path("adaptation").path("held_requests").asInt(), "the request joined the window");
        } finally {
            serving.interrupt();
            serving.join(20_000);
        }
    }
}
