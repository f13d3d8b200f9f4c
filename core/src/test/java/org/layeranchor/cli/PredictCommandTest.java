package org.layeranchor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.encoder.whisper.WhisperEncoder;
import org.layeranchor.io.CsvReader;
import org.layeranchor.testing.TestFlac;
import org.layeranchor.testing.TestWav;
import org.layeranchor.testing.TinyEmotionModel;
import org.layeranchor.testing.TinyWhisper;

class PredictCommandTest {
    @TempDir
    static Path dir;
    static TinyEmotionModel tiny;
    static Path audio;

    @BeforeAll
    static void modelAndAudioFolder() throws Exception {
        tiny = TinyEmotionModel.create(dir, WhisperEncoder.Mode.FAST);
        audio = Files.createDirectories(dir.resolve("audio"));
        tone(audio.resolve("a-low.wav"), "low", 0.8);
        Files.createDirectories(audio.resolve("deeper"));
        tone(audio.resolve("deeper/b-high.WAV"), "high", 0.9);
        tone(audio.resolve(".hidden.wav"), "mid", 0.5);                            // skipped: hidden
        Files.writeString(audio.resolve("notes.txt"), "not audio, and not named like it");  // skipped: not audio
    }

    private static Path tone(Path file, String emotion, double seconds) throws Exception {
        return TestWav.writeMono16(file, 22_050, TestWav.tone(TinyEmotionModel.pitchOf(emotion), 22_050, seconds, 0.3));
    }

    private static LayerAnchorCliTest.Run predict(String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "predict";
        all[1] = "--model";
        all[2] = tiny.model().toString();
        all[3] = "--encoder=" + tiny.encoder();
        System.arraycopy(args, 0, all, 4, args.length);
        return LayerAnchorCliTest.run(all);
    }

    /**
     * --adapt-on re-estimates a per-domain model's target statistics from unlabelled audio: the
     * probabilities move (the tones there are quieter than the model's target), a bad file in the folder
     * is named and skipped, and a model standardised with source statistics refuses clearly.
     */
    @Test
    void adaptOnReEstimatesTheTargetStatisticsFromUnlabelledAudio(@TempDir Path tmp) throws Exception {
        TinyEmotionModel linear = TinyEmotionModel.create(tmp.resolve("linear"), WhisperEncoder.Mode.FAST, 1,
                org.layeranchor.training.TrainingConfig.Head.LINEAR);
        Path domain = Files.createDirectories(tmp.resolve("domain"));
        for (String e : List.of("low", "mid", "high", "low", "mid", "high")) {
            TestWav.writeMono16(domain.resolve(e + domain.toFile().list().length + ".wav"), 16_000,
                    TestWav.tone(TinyEmotionModel.pitchOf(e) * 0.97, 16_000, 0.7, 0.05));
        }
        Files.writeString(domain.resolve("broken.wav"), "RIFF and then nothing useful");
        String[] base = {"predict", "--model", linear.model().toString(), "--encoder=" + linear.encoder(), "--format", "csv"};
        LayerAnchorCliTest.Run plain = LayerAnchorCliTest.run(concat(base, audio.toString()));
        LayerAnchorCliTest.Run adapted = LayerAnchorCliTest.run(concat(base, "--adapt-on", domain.toString(), audio.toString()));
        assertEquals(0, plain.code(), plain.err());
        assertEquals(0, adapted.code(), adapted.err());
        assertTrue(adapted.err().contains("--adapt-on skips") && adapted.err().contains("broken.wav"), adapted.err());
        assertTrue(adapted.err().contains("re-estimated from 6 segment(s) of 7 file(s)"), adapted.err());
        assertFalse(plain.out().equals(adapted.out()), "re-estimated statistics must change the probabilities");

        LayerAnchorCliTest.Run refused = predict("--adapt-on", domain.toString(), audio.toString());
        assertEquals(1, refused.code());
        assertTrue(refused.err().contains("standardises with source statistics"), refused.err());
    }

    private static float[] concat(float[]... parts) {
        return org.layeranchor.audio.SyntheticSpeech.concat(parts);
    }

    /**
     * Issue 25 row 6: a FLAC of the domain whose PICTURE length says 2^31-16 (which ran the JVM out of
     * memory and stopped the command, naming no file) is named once and skipped; the rest adapts.
     */
    @Test
    void adaptOnNamesAndSkipsAMetadataBombAndGoesOn(@TempDir Path tmp) throws Exception {
        TinyEmotionModel linear = TinyEmotionModel.create(tmp.resolve("linear"), WhisperEncoder.Mode.FAST, 1,
                org.layeranchor.training.TrainingConfig.Head.LINEAR);
        Path domain = Files.createDirectories(tmp.resolve("domain"));
        for (String e : List.of("low", "mid", "high")) {
            TestWav.writeMono16(domain.resolve(e + ".wav"), 16_000,
                    TestWav.tone(TinyEmotionModel.pitchOf(e) * 0.97, 16_000, 0.7, 0.05));
        }
        java.nio.ByteBuffer picture = java.nio.ByteBuffer.allocate(37_000).putInt(3).putInt(Integer.MAX_VALUE - 15);
        Files.write(domain.resolve("bomb.flac"), TestFlac.withMetadataBlock(
                TestFlac.constant(16_000, 16_000, 4000, 4, 4000, (short) 500), 6, picture.array()));
        LayerAnchorCliTest.Run r = LayerAnchorCliTest.run("predict", "--model", linear.model().toString(),
                "--encoder=" + linear.encoder(), "--format", "csv", "--adapt-on", domain.toString(), audio.toString());
        assertEquals(0, r.code(), r.err());
        String bomb = domain.resolve("bomb.flac").toString();
        assertTrue(r.err().contains("warning: --adapt-on skips " + bomb + ": corrupt FLAC metadata: PICTURE"), r.err());
        assertFalse(r.err().contains(bomb + ": " + bomb) || r.err().contains("memory"), r.err());
        assertTrue(r.err().contains("re-estimated from 3 segment(s) of 4 file(s)"), r.err());
        assertEquals(3, r.out().lines().count(), r.out()); // header + the two files predicted
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void aFolderIsWalkedForAudioAndEachFileGetsItsEmotionInATable() {
        LayerAnchorCliTest.Run r = predict(audio.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(3, lines.size(), r.out());  // header + two audio files
        assertTrue(lines.get(0).matches("emotion\\s+duration\\s+high\\s+low\\s+mid\\s+file"), lines.get(0));
        assertTrue(lines.get(1).matches("low\\s+0\\.80 s\\s+[01]\\.\\d{3}\\s+[01]\\.\\d{3}\\s+[01]\\.\\d{3}\\s+\\S+a-low\\.wav"), lines.get(1));
        assertTrue(lines.get(2).startsWith("high") && lines.get(2).endsWith("b-high.WAV"), lines.get(2));
    }

    /** 0.5 s silence, 2 s low, 1 s silence, 2 s high, 0.5 s silence: 6 s, longer than --segment 3. */
    private static Path lowPauseHigh(Path tmp) throws Exception {
        return TestWav.writeMono16(tmp.resolve("long.wav"), 16_000,
                concat(new float[8_000], TestWav.tone(TinyEmotionModel.pitchOf("low"), 16_000, 2.0, 0.3),
                        new float[16_000], TestWav.tone(TinyEmotionModel.pitchOf("high"), 16_000, 2.0, 0.3),
                        new float[8_000]));
    }

    @Test
    void csvHasOneRowPerFileAndOnePerSegmentOfTheTimelineWithSilenceMarked(@TempDir Path tmp) throws Exception {
        LayerAnchorCliTest.Run r = predict("--format", "csv", "--segment", "3", lowPauseHigh(tmp).toString());
        assertEquals(0, r.code(), r.err());
        List<CsvReader.Row> rows = CsvReader.parse(r.out().getBytes(StandardCharsets.UTF_8)).rows();
        assertEquals(List.of("file", "segment", "start_s", "end_s", "emotion", "p_high", "p_low", "p_mid", "error"),
                rows.get(0).fields());
        assertEquals(List.of("all", "1", "2", "3", "4", "5"), rows.subList(1, rows.size()).stream().map(x -> x.fields().get(1)).toList(),
                r.out());
        assertEquals(List.of("silence", "low", "silence", "high", "silence"),
                rows.subList(2, rows.size()).stream().map(x -> x.fields().get(4)).toList(), r.out());
        assertEquals(3.5, Double.parseDouble(rows.get(5).fields().get(2)), 0.03);   // high starts at 3.5 s
        assertEquals(6.0, Double.parseDouble(rows.get(6).fields().get(3)), 1e-9);   // the timeline ends with the file
        for (CsvReader.Row row : rows.subList(1, rows.size())) {
            boolean silence = row.fields().get(4).equals("silence");
            double sum = 0;
            for (int c = 5; c < 8; c++) {
                assertEquals(silence, row.fields().get(c).isEmpty(), row.fields().toString());
                sum += silence ? 0 : Double.parseDouble(row.fields().get(c));
            }
            assertEquals(silence ? 0.0 : 1.0, sum, 1e-4);
            assertEquals("", row.fields().get(8));
        }
    }

    @Test
    void vadChoosesTheDetectorAndAnUnknownOneIsRefused(@TempDir Path tmp) throws Exception {
        // Pure tones are loud (speech to the energy detector) but not voices: the Silero network hears none.
        Path file = lowPauseHigh(tmp);
        LayerAnchorCliTest.Run energy = predict("--format", "csv", "--segment", "3", "--vad", "energy", file.toString());
        assertEquals(0, energy.code(), energy.err());
        assertTrue(energy.out().contains(",low,") && energy.out().contains(",high,"), energy.out());
        LayerAnchorCliTest.Run silero = predict("--format", "csv", "--segment", "3", "--vad", "silero", file.toString());
        assertEquals(0, silero.code(), silero.err());
        List<CsvReader.Row> rows = CsvReader.parse(silero.out().getBytes(StandardCharsets.UTF_8)).rows();
        assertTrue(rows.size() > 1, silero.out());
        for (CsvReader.Row row : rows.subList(1, rows.size())) {
            assertEquals("silence", row.fields().get(4), silero.out());
        }
        LayerAnchorCliTest.Run bad = predict("--vad", "webrtc", file.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("Invalid value for option '--vad': unknown voice-activity detector 'webrtc' (choose energy or silero)"), bad.err());
    }

    @Test
    void jsonGivesTheTimelineAndPlotDrawsIt(@TempDir Path tmp) throws Exception {
        Path png = tmp.resolve("plots/timeline.png");
        Path recording = lowPauseHigh(tmp);
        LayerAnchorCliTest.Run r = predict("--format", "json", "--segment", "3", "--plot", png.toString(), recording.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode file = new ObjectMapper().readTree(r.out()).get(0);
        assertEquals(4.0, file.get("speech_s").asDouble(), 0.3);
        JsonNode segments = file.get("segments");
        assertEquals(5, segments.size(), segments.toString());
        for (JsonNode s : segments) {
            boolean speech = s.get("speech").asBoolean();
            assertEquals(!speech, s.get("emotion").asText().equals("silence"), s.toString());
            assertEquals(speech, s.has("probabilities"), s.toString());
        }
        // With one neighbour on each side, the two speech segments both become their duration-weighted mean.
        JsonNode smoothed = new ObjectMapper().readTree(
                predict("--format", "json", "--segment", "3", "--smooth", "1", recording.toString()).out()).get(0).get("segments");
        assertEquals(smoothed.get(1).get("probabilities"), smoothed.get(3).get("probabilities"));
        assertFalse(segments.get(1).get("probabilities").equals(segments.get(3).get("probabilities")));
        java.nio.file.Files.copy(png, java.nio.file.Path.of("target", "timeline-plot-test.png"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING); // to look at
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
        assertEquals(1100, image.getWidth());
        // The blocks are drawn in the page's colours: blue-ish "high" (class 0) and green "low" (class 1).
        assertTrue(countsColour(image, 0x2f6fde) > 1000, "no block of high");
        assertTrue(countsColour(image, 0x1f9d62) > 1000, "no block of low");
    }

    private static int countsColour(java.awt.image.BufferedImage image, int rgb) {
        int n = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                n += (image.getRGB(x, y) & 0xffffff) == rgb ? 1 : 0;
            }
        }
        return n;
    }

    @Test
    void plotNeedsAPngNameAndSmoothAPositiveCount() {
        LayerAnchorCliTest.Run r = predict("--plot", "timeline.jpg", audio.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--plot: the file name must end in .png"), r.err());
        LayerAnchorCliTest.Run s = predict("--smooth", "-1", audio.toString());
        assertEquals(2, s.code());
        assertTrue(s.err().contains("--smooth:"), s.err());
    }

    @Test
    void aBadFileIsReportedInPlaceWhileTheOthersArePredictedAndTheExitCodeIsOne(@TempDir Path tmp) throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.wav"), "this is text, not a RIFF file");
        Path good = tone(tmp.resolve("good.wav"), "mid", 0.7);
        Path missing = tmp.resolve("missing.flac");
        LayerAnchorCliTest.Run r = predict("--format", "json", bad.toString(), good.toString(), missing.toString());
        assertEquals(1, r.code());
        JsonNode out = new ObjectMapper().readTree(r.out());
        assertEquals(3, out.size());
        assertTrue(out.get(0).get("error").asText().contains("bad.wav"), out.toString());
        assertFalse(out.get(0).has("emotion"));
        assertEquals("mid", out.get(1).get("emotion").asText(), out.toString());
        assertEquals(0.7, out.get(1).get("duration_s").asDouble(), 1e-9);
        assertEquals(3, out.get(1).get("probabilities").size());
        assertEquals(1, out.get(1).get("segments").size());
        assertTrue(out.get(2).get("error").asText().contains("not found"), out.toString());
        // stderr names each failed file on its own line
        assertEquals(2, r.err().lines().filter(l -> l.startsWith("error: ")).count(), r.err());
        assertTrue(r.err().contains("bad.wav") && r.err().contains("missing.flac"), r.err());
    }

    @Test
    void withoutEncoderItIsABadUsageThatSaysWhatToGive() {
        LayerAnchorCliTest.Run r = LayerAnchorCliTest.run("predict", "--model", tiny.model().toString(), audio.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--encoder"), r.err());
    }

    @Test
    void theWrongEncoderFailsNamingTheDifference(@TempDir Path tmp) throws Exception {
        TinyWhisper.write(tmp.resolve("other"), 12);
        LayerAnchorCliTest.Run r = LayerAnchorCliTest.run("predict", "--model", tiny.model().toString(), "--encoder",
                tmp.resolve("other").toString(), audio.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("identity (model: 'whisper-"), r.err());
    }

    @Test
    void anUnknownFormatOrAFolderWithoutAudioIsRefused(@TempDir Path tmp) {
        assertEquals(2, predict("--format", "xml", audio.toString()).code());
        LayerAnchorCliTest.Run empty = predict(tmp.toString());
        assertEquals(1, empty.code());
        assertTrue(empty.err().contains("no audio files"), empty.err());
    }

}
