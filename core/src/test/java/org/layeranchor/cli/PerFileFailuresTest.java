package org.layeranchor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.io.CsvReader;
import org.layeranchor.encoder.whisper.WhisperEncoder;
import org.layeranchor.testing.TestFlac;
import org.layeranchor.testing.TestWav;
import org.layeranchor.testing.TinyEmotionModel;
import org.layeranchor.testing.TinyWhisper;

/**
 * One failure = one line, the rest goes on (issue 20): in predict, extract, corpus validate and
 * layers, a hostile file is one line naming it and saying why (never a bare number or a stack
 * trace), the good files beside it are processed, every output format stays valid, exit code 1.
 */
class PerFileFailuresTest {
    @TempDir
    static Path dir;
    static TinyEmotionModel tiny;
    static Path okWav;
    static Path okFlac;
    static Path oneHertz;

    /** A mono 16-bit WAV of {@code samples} zeros whose header declares {@code rate}. */
    static byte[] wavAtRate(int rate, int samples) {
        byte[] b = TestWav.wav(TestWav.PCM, 16, 16_000, false, new float[samples]);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(24, rate).putInt(28, rate * 2);
        return b;
    }

    @BeforeAll
    static void modelAndFiles() throws Exception {
        tiny = TinyEmotionModel.create(dir.resolve("model"), WhisperEncoder.Mode.FAST);
        okWav = TestWav.writeMono16(dir.resolve("ok.wav"), 16_000,
                TestWav.tone(TinyEmotionModel.pitchOf("low"), 16_000, 0.6, 0.3));
        // A FLAC the model can predict: 0.5 s of a constant (its tone does not matter here).
        okFlac = Files.write(dir.resolve("ok.flac"), TestFlac.constant(16_000, 8000, 4000, 2, 4000, (short) 3000));
        oneHertz = Files.write(dir.resolve("bad.wav"), wavAtRate(1, 134_218));
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

    private static void assertOneNamedLine(LayerAnchorCliTest.Run r, Path file, String reason) {
        List<String> errors = r.err().lines().filter(l -> l.startsWith("error: ")).toList();
        assertEquals(1, errors.size(), r.err());
        assertTrue(errors.get(0).startsWith("error: " + file + ": ") && errors.get(0).contains(reason), errors.get(0));
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertFalse(r.err().matches("(?s).*error: -?\\d+\\s.*"), "no bare number: " + r.err());
    }

    @Test
    void predictNamesTheBadFileAndPredictsTheOthersInEveryFormat() throws Exception {
        LayerAnchorCliTest.Run json = predict("--format", "json", okWav.toString(), oneHertz.toString(), okFlac.toString());
        assertEquals(1, json.code(), json.err());
        assertOneNamedLine(json, oneHertz, "declares 1 Hz");
        JsonNode a = new ObjectMapper().readTree(json.out()); // a closed, valid array
        assertEquals(3, a.size(), json.out());
        assertEquals("low", a.get(0).get("emotion").asText());
        assertTrue(a.get(1).get("error").asText().contains("unsupported sample rate"), a.toString());
        assertTrue(a.get(2).has("emotion"), "the file after the bad one is predicted: " + a);

        LayerAnchorCliTest.Run csv = predict("--format", "csv", okWav.toString(), oneHertz.toString(), okFlac.toString());
        assertEquals(1, csv.code());
        List<CsvReader.Row> rows = CsvReader.parse(csv.out().getBytes(StandardCharsets.UTF_8)).rows();
        assertEquals(4, rows.size(), csv.out());
        assertEquals(List.of("ERROR", oneHertz.toString()), List.of(rows.get(2).fields().get(4), rows.get(2).fields().get(0)));
        assertTrue(rows.get(2).fields().get(8).contains("declares 1 Hz"), csv.out());
        assertEquals("all", rows.get(3).fields().get(1));

        LayerAnchorCliTest.Run table = predict(okWav.toString(), oneHertz.toString(), okFlac.toString());
        assertEquals(1, table.code());
        assertEquals(4, table.out().lines().count(), table.out());
        assertTrue(table.out().lines().anyMatch(l -> l.startsWith("ERROR") && l.endsWith(oneHertz + ": "
                + "unsupported sample rate: the WAV header declares 1 Hz (supported: 1,000 to 192,000 Hz)")), table.out());
    }

    @Test
    void theStackTraceComesOnlyWhenDebuggingIsAskedFor() {
        System.setProperty("layeranchor.debug", "true");
        try {
            LayerAnchorCliTest.Run r = predict(oneHertz.toString(), okWav.toString());
            assertEquals(1, r.code());
            assertTrue(r.err().startsWith("error: " + oneHertz + ": unsupported sample rate"), r.err());
            assertTrue(r.err().contains("\tat org.layeranchor.audio.AudioLimits.requireSupportedRate"), r.err());
        } finally {
            System.clearProperty("layeranchor.debug");
        }
    }

    @Test
    void aSeventyFourHourOneHertzWavIsRefusedNotPredictedAsAShortClip(@TempDir Path tmp) throws Exception {
        Path longOne = Files.write(tmp.resolve("74h.wav"), wavAtRate(1, 268_436));
        LayerAnchorCliTest.Run r = predict("--format", "json", longOne.toString());
        assertEquals(1, r.code());
        assertOneNamedLine(r, longOne, "declares 1 Hz");
        assertFalse(new ObjectMapper().readTree(r.out()).get(0).has("emotion"), r.out());
    }

    @Test
    void aOneSampleClipIsRefusedAsTooShortRatherThanPredictedFromPadding(@TempDir Path tmp) throws Exception {
        Path one = TestWav.writeMono16(tmp.resolve("one.wav"), 16_000, new float[] {0.25f});
        LayerAnchorCliTest.Run r = predict("--format", "json", one.toString(), okWav.toString());
        assertEquals(1, r.code());
        assertOneNamedLine(r, one, "too short to predict: 0.000 s of audio, at least 0.1 s are needed");
        assertEquals("low", new ObjectMapper().readTree(r.out()).get(1).get("emotion").asText());
    }

    @Test
    void predictsMaxSecondsRefusesLongerAudioWhateverTheHeaderSays(@TempDir Path tmp) throws Exception {
        Path unknownLength = Files.write(tmp.resolve("no-total.flac"),
                TestFlac.constant(16_000, 0, TestFlac.MAX_BLOCK, 20, TestFlac.MAX_BLOCK, (short) 0)); // 82 s
        LayerAnchorCliTest.Run r = predict("--max-seconds", "30", unknownLength.toString(), okWav.toString());
        assertEquals(1, r.code());
        assertOneNamedLine(r, unknownLength, "too long: decoding passed 30.0 s");
        assertEquals(2, predict("--max-seconds", "0", okWav.toString()).code());
    }

    @Test
    void extractRecordsTheBadFileInFailuresCsvAndIndexesTheOthers(@TempDir Path tmp) throws Exception {
        TinyWhisper.write(tmp.resolve("encoder"), 3);
        Path c = ExtractCommandTest.corpus(tmp.resolve("tiny"), 3);
        Files.write(c.resolve("audio/u1.wav"), wavAtRate(1, 134_218));
        LayerAnchorCliTest.Run r = LayerAnchorCliTest.run("extract", "--model", tmp.resolve("encoder").toString(),
                "--corpus", c.toString(), "--store", tmp.resolve("store").toString(), "--mode", "fast");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("3 utterances: 2 extracted, 0 already in the store, 1 failed"), r.out());
        assertTrue(r.out().contains("failed: tiny/audio/u1.wav (manifest line 3): ") && r.out().contains("declares 1 Hz"), r.out());
        Path encoderDir;
        try (var dirs = Files.list(tmp.resolve("store"))) {
            encoderDir = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        String failures = Files.readString(encoderDir.resolve("failures.csv"));
        assertTrue(failures.contains("audio/u1.wav") && failures.contains("unsupported sample rate"), failures);
        List<CsvReader.Row> index = CsvReader.parse(Files.readAllBytes(encoderDir.resolve("index.csv"))).rows();
        assertEquals(3, index.size(), "header and the two good files");
    }

    @Test
    void corpusValidateListsEachHostileFileOnItsOwnLine(@TempDir Path tmp) throws Exception {
        Path c = ExtractCommandTest.corpus(tmp.resolve("tiny"), 4);
        Files.write(c.resolve("audio/u1.wav"), wavAtRate(1, 134_218));
        Files.write(c.resolve("audio/u2.wav"), TestFlac.constant(48_000, 1L << 31, TestFlac.MAX_BLOCK, 2,
                TestFlac.MAX_BLOCK, (short) 0));
        LayerAnchorCliTest.Run r = LayerAnchorCliTest.run("corpus", "validate", c.toString(), "--no-warnings");
        assertEquals(1, r.code(), r.err());
        List<String> errors = r.err().lines().filter(l -> l.startsWith("error: ")).toList();
        assertEquals(2, errors.size(), r.err());
        assertTrue(errors.get(0).contains("audio/u1.wav: unsupported sample rate"), errors.get(0));
        assertTrue(errors.get(1).contains("audio/u2.wav: too long: the FLAC header declares 2,147,483,648 samples"),
                errors.get(1));
        assertTrue(r.out().matches("(?s).*2 good rows,\\s+2 problem\\(s\\).*"), r.out());
    }

    @Test
    void layersNamesTheFileInOneLine(@TempDir Path tmp) throws Exception {
        TinyWhisper.write(tmp.resolve("encoder"), 3);
        LayerAnchorCliTest.Run r = LayerAnchorCliTest.run("layers", "--model", tmp.resolve("encoder").toString(),
                "--audio", oneHertz.toString(), "--out", tmp.resolve("out").toString());
        assertEquals(1, r.code());
        assertOneNamedLine(r, oneHertz, "declares 1 Hz");
        assertFalse(Files.exists(tmp.resolve("out/hidden_states.npy")));
    }
}
