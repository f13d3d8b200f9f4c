package org.layeranchor.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.audio.AudioReader;
import org.layeranchor.encoder.whisper.WhisperEncoder;
import org.layeranchor.testing.HeadlessChromium;
import org.layeranchor.testing.TestWav;
import org.layeranchor.testing.TinyEmotionModel;

/**
 * The page at {@code /} in a real browser, end to end against a running server, the ways a person
 * uses it: a file picked in the file chooser, a file dragged onto the drop zone, and a recording
 * started and stopped with the Record button (Chromium's synthetic microphone → MediaRecorder → WAV
 * encoded in JavaScript → server); plus the page's {@code ?audio=} hook that scripts use. Needs
 * Chromium ({@code /usr/bin/chromium} or {@code -Dlayeranchor.chromium=PATH}; {@code .ci/run}
 * installs it). Without it the tests skip with the reason, except under {@code CI=true} or
 * {@code -Dlayeranchor.requireChromium=true}, where a missing browser fails them: a feature tested
 * only where a browser happens to be installed is not tested. Screenshots go to
 * {@code target/browser-test/}.
 */
class BrowserPageTest {
    private static final Path SCREENSHOTS = Path.of("target", "browser-test");
    private static final String STATE = "document.getElementById('status').dataset.state";

    @TempDir
    static Path dir;
    static EmotionPredictor predictor;
    static EmotionServer server;

    @BeforeAll
    static void serveATinyModel() throws Exception {
        if (!HeadlessChromium.available()) {
            if (HeadlessChromium.required()) {
                throw new IllegalStateException(HeadlessChromium.missingMessage() + "; required under CI=true");
            }
            return; // each test skips, with the reason
        }
        TinyEmotionModel tiny = TinyEmotionModel.create(dir, WhisperEncoder.Mode.FAST);
        predictor = EmotionPredictor.open(tiny.model(), tiny.encoder(), EmotionPredictor.Options.defaults());
        server = EmotionServer.start(predictor, EmotionServer.Options.defaults().withPort(0));
        Files.createDirectories(SCREENSHOTS);
    }

    @BeforeEach
    void skipWithoutChromium() {
        Assumptions.assumeTrue(server != null, () -> HeadlessChromium.missingMessage() + ": browser test skipped");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
            predictor.close();
        }
    }

    @Test
    void aFilePickedInTheFileChooserShowsOneBarPerClassWithTheServersProbabilities() throws Exception {
        Path wav = toneFile("picked-low.wav", "low");
        try (HeadlessChromium chrome = HeadlessChromium.open(server.uri().toString(), 900, 760, false)) {
            chrome.awaitTrue("document.getElementById('model').textContent !== ''", Duration.ofSeconds(30));
            chrome.chooseFile("#drop", wav);
            awaitDone(chrome);
            assertBarsShowTheServersPrediction(chrome, Files.readAllBytes(wav));
            assertTrue(meta(chrome).startsWith("picked-low.wav · "), meta(chrome));
            Files.write(SCREENSHOTS.resolve("upload.png"), chrome.screenshot());
        }
    }

    /**
     * Issue 28: the page opens with what a new user does first (drop a file), then the default model's
     * name and what it can do in one sentence — the sentence the README opens with, word for word. Served
     * as {@code serve} serves it: named as the default model, adapting to recent requests.
     */
    @Test
    void thePageOpensWithTheFirstStepAndTheDefaultModelInTheReadmesWords() throws Exception {
        Path defaultModel = org.layeranchor.testing.PerSpeakerTestModel.defaultModel();
        String readme = Files.readString(defaultModel.getParent().getParent().resolve("README.md"));
        try (EmotionPredictor p = EmotionPredictor.open(defaultModel, org.layeranchor.testing.SharedData.whisperBase(),
                EmotionPredictor.Options.defaults())) {
            p.name("the default model (models/default)");
            RecentAudioAdaptation.attach(p, 100, 40);
            try (EmotionServer s = EmotionServer.start(p, EmotionServer.Options.defaults().withPort(0));
                 HeadlessChromium chrome = HeadlessChromium.open(s.uri().toString(), 900, 760, false)) {
                chrome.awaitTrue("document.getElementById('model').textContent !== ''", Duration.ofSeconds(30));
                String first = chrome.evaluate("document.querySelector('main').innerText").asText().replaceAll("\\s+", " ");
                assertTrue(first.startsWith("What emotion is in this recording? Drop a WAV, FLAC or MP3 file on the "
                        + "box below"), first);
                String about = chrome.evaluate("document.getElementById('about').textContent").asText();
                assertEquals("The default model (models/default) tells neutral, happy, sad and angry apart, for no "
                        + "language in particular (trained on German, Italian, English and Urdu speech), and adapts to "
                        + "the audio it is sent, without labels.", about);
                assertTrue(readme.contains("\n> " + about + "\n"), "README.md must open with the page's sentence");
                // The README opens with the project's two commands (the main job on ../shared, the tests),
                // then at once with what a new user does first.
                int firstBlock = readme.indexOf("```bash");
                int firstEnd = readme.indexOf("```", firstBlock + 3);
                String project = readme.substring(firstBlock, firstEnd);
                assertTrue(project.contains("./layeranchor benchmark --quick") && project.contains("./mvnw -B test"),
                        "README.md's first commands: " + project);
                int secondBlock = readme.indexOf("```bash", firstEnd + 3);
                String block = readme.substring(secondBlock, readme.indexOf("```", secondBlock + 3));
                assertTrue(block.contains("./layeranchor serve") && block.contains("drop a WAV, FLAC or MP3 file on the page")
                        && block.contains("./layeranchor predict my-recording.wav"), "README.md's next commands: " + block);
                assertTrue(readme.substring(firstEnd, secondBlock).contains("What a new user does first"),
                        readme.substring(firstEnd, secondBlock));
                Files.write(SCREENSHOTS.resolve("first-screen.png"), chrome.screenshot());
            }
        }
    }

    @Test
    void aFileDroppedOnTheDropZoneIsPredicted() throws Exception {
        Path wav = toneFile("dropped-high.wav", "high");
        try (HeadlessChromium chrome = HeadlessChromium.open(server.uri().toString(), 900, 760, false)) {
            chrome.awaitTrue("document.getElementById('model').textContent !== ''", Duration.ofSeconds(30));
            chrome.dropFile("#drop", wav);
            awaitDone(chrome);
            assertBarsShowTheServersPrediction(chrome, Files.readAllBytes(wav));
            assertTrue(meta(chrome).startsWith("dropped-high.wav · "), meta(chrome));
            Files.write(SCREENSHOTS.resolve("drop.png"), chrome.screenshot());
        }
    }

    @Test
    void theAudioHookSubmitsADataUrl() throws Exception {
        byte[] wav = TestWav.wav(TestWav.PCM, 16, 16_000, false,
                TestWav.tone(TinyEmotionModel.pitchOf("mid"), 16_000, 1.0, 0.3));
        String data = "data:audio/wav;base64," + Base64.getEncoder().encodeToString(wav);
        String url = server.uri() + "?audio=" + URLEncoder.encode(data, StandardCharsets.UTF_8);
        try (HeadlessChromium chrome = HeadlessChromium.open(url, 900, 760, false)) {
            awaitDone(chrome);
            assertBarsShowTheServersPrediction(chrome, wav);
        }
    }

    @Test
    void aRecordingStartedAndStoppedWithTheButtonIsEncodedAsWavInThePageAndPredicted() throws Exception {
        try (HeadlessChromium chrome = HeadlessChromium.open(server.uri().toString(), 900, 760, true)) {
            chrome.awaitTrue("document.getElementById('model').textContent !== ''", Duration.ofSeconds(30));
            chrome.click("#record");
            chrome.awaitTrue("document.getElementById('record').classList.contains('recording')", Duration.ofSeconds(10));
            Thread.sleep(1500);
            chrome.click("#record");
            awaitDone(chrome);
            assertEquals(predictor.classes().size(), bars(chrome).size());
            // The server decoded the page's WAV: its duration is the recording's, about 1.5 s.
            Matcher m = Pattern.compile("recording · (\\d+\\.\\d+) s").matcher(meta(chrome));
            assertTrue(m.find(), meta(chrome));
            double seconds = Double.parseDouble(m.group(1));
            assertTrue(seconds > 1.0 && seconds < 3.0, meta(chrome));
            Files.write(SCREENSHOTS.resolve("recording.png"), chrome.screenshot());
        }
    }

    /**
     * A recording longer than a segment gets its timeline drawn under the player: one block per segment of
     * the server's timeline, as wide as its share, in its emotion's colour (grey for silence), and a click on a
     * block moves the player to that segment's start.
     */
    @Test
    void theTimelineBandShowsTheServersSegmentsAndAClickPlaysOne() throws Exception {
        float[] x = org.layeranchor.audio.SyntheticSpeech.concat(new float[16_000],
                TestWav.tone(TinyEmotionModel.pitchOf("low"), 16_000, 3.0, 0.3), new float[32_000],
                TestWav.tone(TinyEmotionModel.pitchOf("high"), 16_000, 3.0, 0.3), new float[16_000]);
        Path wav = TestWav.writeMono16(dir.resolve("low-pause-high.wav"), 16_000, x);
        Prediction expected = predictor.predict(AudioReader.read(Files.readAllBytes(wav), "x"));
        assertTrue(expected.segments().size() >= 5, expected.segments().toString());
        try (HeadlessChromium chrome = HeadlessChromium.open(server.uri().toString(), 900, 760, false)) {
            chrome.awaitTrue("document.getElementById('model').textContent !== ''", Duration.ofSeconds(30));
            chrome.chooseFile("#drop", wav);
            awaitDone(chrome);
            JsonNode band = chrome.evaluate("[...document.querySelectorAll('#band .seg')].map(s => ({start: parseFloat(s.dataset.start), "
                    + "end: parseFloat(s.dataset.end), emotion: s.dataset.emotion, colour: getComputedStyle(s).backgroundColor, "
                    + "width: s.getBoundingClientRect().width, bandWidth: document.getElementById('band').getBoundingClientRect().width}))");
            assertEquals(expected.segments().size(), band.size(), band.toString());
            for (int i = 0; i < band.size(); i++) {
                Prediction.Segment s = expected.segments().get(i);
                JsonNode b = band.get(i);
                assertEquals(s.startSeconds(), b.get("start").asDouble(), 1e-9);
                assertEquals(s.endSeconds(), b.get("end").asDouble(), 1e-9);
                assertEquals(s.emotion(), b.get("emotion").asText());
                String colour = s.isSpeech() ? PAGE_PALETTE.get(expected.classes().indexOf(s.emotion())) : "rgb(201, 206, 214)";
                assertEquals(colour, b.get("colour").asText(), s.toString());
                double share = s.durationSeconds() / expected.durationSeconds();
                assertEquals(share * b.get("bandWidth").asDouble(), b.get("width").asDouble(), 3.0, "width of " + s);
            }
            int high = 0;
            while (!expected.segments().get(high).emotion().equals("high")) {
                high++;
            }
            chrome.awaitTrue("document.getElementById('player').readyState >= 1", Duration.ofSeconds(10));
            chrome.click("#band .seg:nth-child(" + (high + 1) + ")");
            chrome.awaitTrue("document.querySelector('#band .seg.playing') !== null", Duration.ofSeconds(5));
            double at = chrome.evaluate("document.getElementById('player').currentTime").asDouble();
            double start = expected.segments().get(high).startSeconds();
            assertTrue(at >= start - 0.01 && at <= expected.segments().get(high).endSeconds(), at + " s, segment starts at " + start);
            Files.write(SCREENSHOTS.resolve("timeline.png"), chrome.screenshot());
        }
    }

    /** index.html's PALETTE as the browser reports computed colours, in the model's class order. */
    private static final java.util.List<String> PAGE_PALETTE = java.util.List.of("rgb(47, 111, 222)", "rgb(31, 157, 98)",
            "rgb(224, 161, 0)", "rgb(217, 59, 59)", "rgb(142, 91, 216)", "rgb(22, 162, 184)", "rgb(232, 106, 44)",
            "rgb(107, 114, 128)");

    private static Path toneFile(String name, String emotion) throws Exception {
        return TestWav.writeMono16(dir.resolve(name), 16_000,
                TestWav.tone(TinyEmotionModel.pitchOf(emotion), 16_000, 1.0, 0.3));
    }

    private static void awaitDone(HeadlessChromium chrome) throws Exception {
        chrome.awaitTrue(STATE + " === 'done' || " + STATE + " === 'error'", Duration.ofSeconds(30));
        assertEquals("done", chrome.evaluate(STATE).asText(),
                () -> "status: " + evaluate(chrome, "document.getElementById('status').textContent"));
    }

    /** One bar per class, each with the probability the server computes for these bytes, the top one marked. */
    private static void assertBarsShowTheServersPrediction(HeadlessChromium chrome, byte[] audio) throws Exception {
        Prediction expected = predictor.predict(AudioReader.read(audio, "x"));
        JsonNode bars = bars(chrome);
        assertEquals(expected.classes().size(), bars.size(), bars.toString());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < bars.size(); i++) {
            JsonNode b = bars.get(i);
            String c = b.get("cls").asText();
            seen.add(c);
            double p = expected.probabilities()[expected.classes().indexOf(c)];
            assertEquals(p, b.get("p").asDouble(), 1e-12, c);
            assertEquals(100 * p, b.get("widthPercent").asDouble(), 0.06, c);   // drawn to 0.1 %
            assertEquals(c.equals(expected.emotion()), b.get("top").asBoolean(), c);
            assertTrue(b.get("pixels").asDouble() >= 1, "a bar is visible even near 0 %");
        }
        assertEquals(new HashSet<>(expected.classes()), seen);
        assertEquals(expected.emotion(), chrome.evaluate("document.getElementById('emotion').textContent").asText());
    }

    private static String meta(HeadlessChromium chrome) throws Exception {
        return chrome.evaluate("document.getElementById('meta').textContent").asText();
    }

    private static JsonNode bars(HeadlessChromium chrome) throws Exception {
        return chrome.evaluate("[...document.querySelectorAll('#bars .bar')].map(b => ({cls: b.dataset.class, "
                + "p: parseFloat(b.dataset.p), widthPercent: parseFloat(b.style.width), top: b.classList.contains('top'), "
                + "pixels: b.getBoundingClientRect().width}))");
    }

    private static String evaluate(HeadlessChromium chrome, String expression) {
        try {
            return chrome.evaluate(expression).asText();
        } catch (Exception e) {
            return e.toString();
        }
    }
}
