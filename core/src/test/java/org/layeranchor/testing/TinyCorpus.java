package org.layeranchor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a small corpus folder for tests: audio files written by the test and a manifest given
 * line by line (so that broken manifests are as easy to write as good ones).
 */
public final class TinyCorpus {
    public static final String HEADER = "path,speaker,gender,emotion,language,text,duration_s";

    private final Path dir;
    private final List<String> lines = new ArrayList<>();

    private TinyCorpus(Path dir) {
        this.dir = dir;
    }

    /** A corpus folder {@code parent/name}, with the standard manifest header as line 1. */
    public static TinyCorpus in(Path parent, String name) {
        TinyCorpus c = new TinyCorpus(parent.resolve(name));
        c.lines.add(HEADER);
        return c;
    }

    /** A corpus whose manifest starts with the given header line instead. */
    public static TinyCorpus withHeader(Path parent, String name, String header) {
        TinyCorpus c = new TinyCorpus(parent.resolve(name));
        c.lines.add(header);
        return c;
    }

    /** Writes a 16 kHz mono 16-bit WAV tone of the given length and adds its manifest row. */
    public TinyCorpus utterance(String path, String speaker, String gender, String emotion, double seconds) {
        float[] x = TestWav.tone(220 + 20 * lines.size(), 16_000, seconds, 0.3);
        file(path, TestWav.wav(TestWav.PCM, 16, 16_000, false, x));
        return row(String.join(",", path, speaker, gender, emotion, "xx", "", String.format("%.6f", seconds)));
    }

    /** Adds a manifest line exactly as given. */
    public TinyCorpus row(String line) {
        lines.add(line);
        return this;
    }

    /** Writes any file into the corpus folder. */
    public TinyCorpus file(String path, byte[] bytes) {
        try {
            Path f = dir.resolve(path);
            Files.createDirectories(f.getParent());
            Files.write(f, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Writes manifest.csv (LF line ends) and returns the folder. */
    public Path write() {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("manifest.csv"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** Writes manifest.csv from raw bytes (for encodings other than UTF-8). */
    public Path writeRaw(byte[] manifest) {
        file("manifest.csv", manifest);
        return dir;
    }
}
