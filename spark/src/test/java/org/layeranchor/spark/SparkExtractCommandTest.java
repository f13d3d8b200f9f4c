package org.layeranchor.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.encoder.EncoderLocation;
import org.layeranchor.testing.TinyCorpus;
import org.layeranchor.testing.TinyWhisper;
import picocli.CommandLine;

/** The job's command line, in the test run's Spark session (getOrCreate finds it, as spark-submit's). */
class SparkExtractCommandTest {
    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        SharedSpark.session();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = SparkExtractCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpListsTheJobsOptions() {
        Run r = run("--help");
        assertEquals(0, r.code());
        for (String option : new String[] {"--model", "--corpus", "--store", "--mode", "--frames", "--threads",
                "--partitions", "--device", "--pooling"}) {
            assertTrue(r.out().contains(option), option + " missing from:\n" + r.out());
        }
    }

    @Test
    void extractsACorpusReportsTheBadFileAndExitsOne(@TempDir Path tmp) throws Exception {
        Path model = tmp.resolve("model");
        TinyWhisper.write(model, 9);
        Path corpus = TinyCorpus.in(tmp, "tiny")
                .utterance("a.wav", "s1", "f", "happy", 0.5)
                .utterance("b.wav", "s2", "m", "sad", 0.7)
                .file("c.wav", "not audio".getBytes(StandardCharsets.US_ASCII))
                .row("c.wav,s3,f,angry,xx,,1.0")
                .write();
        Path store = tmp.resolve("store");
        String[] args = {"--model", model.toString(), "--corpus", corpus.toString(), "--store", store.toString(),
                "--mode", "fast", "--partitions", "2"};
        Run r = run(args);
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("3 utterances in 2 tasks: 2 extracted, 0 already in the store, 1 failed"), r.out());
        assertTrue(r.out().contains("failed: tiny/c.wav (manifest line 4): "), r.out());
        String key = r.out().lines().filter(l -> l.startsWith("store ")).findFirst().orElseThrow().replaceAll(".*encoder ", "");
        // Where the encoder was, for 'train' and 'predict', as 'layeranchor extract' records it.
        assertEquals(model.toAbsolutePath(), EncoderLocation.read(store.resolve(key)).orElseThrow().path());

        Run again = run(args);
        assertTrue(again.out().contains("0 extracted, 2 already in the store, 1 failed"), again.out());
        assertTrue(Files.exists(store.resolve(key).resolve("index.csv")));
    }

    @Test
    void aBadModeIsOneLine(@TempDir Path tmp) {
        Run r = run("--model", tmp.toString(), "--corpus", tmp.toString(), "--store", tmp.toString(), "--mode", "slow");
        assertEquals(1, r.code());
        assertEquals("error: --mode: expected faithful or fast, got 'slow'", r.err().strip());
    }
}
