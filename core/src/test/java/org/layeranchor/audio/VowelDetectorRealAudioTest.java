package org.layeranchor.audio;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.layeranchor.testing.SharedData;
import org.junit.jupiter.api.Test;

/**
 * The detector on real speech from ../shared: a sanity check of its coverage, not a tuning. Decoding
 * uses the FLAC service provider on the classpath directly (the project's decoder belongs to the
 * audio stage; this test only needs samples).
 */
class VowelDetectorRealAudioTest {

    private static float[] decodeMono16k(Path file) throws Exception {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(file.toFile())) {
            AudioFormat f = in.getFormat();
            AudioFormat pcm = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, f.getSampleRate(), 16, f.getChannels(),
                    2 * f.getChannels(), f.getSampleRate(), false);
            try (AudioInputStream decoded = AudioSystem.getAudioInputStream(pcm, in)) {
                byte[] b = decoded.readAllBytes();
                int channels = f.getChannels();
                float[] x = new float[b.length / (2 * channels)];
                for (int i = 0; i < x.length; i++) {
                    double sum = 0;
                    for (int c = 0; c < channels; c++) {
                        int off = 2 * (i * channels + c);
                        sum += (short) ((b[off] & 0xff) | (b[off + 1] << 8)) / 32768.0;
                    }
                    x[i] = (float) (sum / channels);
                }
                assertTrue(f.getSampleRate() == Audio.TARGET_RATE, "expected 16 kHz: " + file);
                return x;
            }
        }
    }

    @Test
    void marksAPlausibleShareOfRealSpeechInEveryCorpus() throws Exception {
        VowelCoverageReport report = new VowelCoverageReport(new VowelDetector());
        for (String corpus : List.of("ravdess", "emodb", "emovo", "urdu")) {
            List<Path> files;
            try (Stream<Path> s = Files.list(SharedData.corpus(corpus).resolve("audio"))) {
                files = s.sorted().toList();
            }
            for (int i = 0; i < files.size(); i += files.size() / 5) {
                report.add(corpus, decodeMono16k(files.get(i)));
            }
        }
        System.out.print(report.toText());
        // Speech is roughly a third to a half vowels; corpora with leading/trailing silence sit lower.
        report.byGroup().forEach((corpus, c) ->
                assertTrue(c.fraction() > 0.1 && c.fraction() < 0.65, corpus + ": " + c));
    }

    @Test
    void vowelsLieInsideTheSpokenPartOfTheReferenceClip() throws Exception {
        // RAVDESS clip with about a second of silence before and after the sentence.
        float[] x = decodeMono16k(SharedData.corpus("ravdess").resolve("audio/03-01-05-02-01-01-13.flac"));
        VowelDetector.Frames frames = new VowelDetector().analyse(x);
        int first = -1;
        int last = -1;
        for (int i = 0; i < frames.count(); i++) {
            if (frames.vowel()[i]) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        assertTrue(first > 0, "some vowels are found");
        for (int i = 0; i < frames.count(); i++) {
            if (frames.energyDb()[i] < -60) {
                assertTrue(!frames.vowel()[i], "a near-silent frame is marked: " + i);
            }
        }
        assertTrue(first * 0.01 > 0.5 && last * 0.01 < 3.3, "vowels between " + first + " and " + last);
    }
}
