package org.layeranchor.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.testing.SharedData;

class AudioReaderCompressedTest {
    @Test
    void flacDecodesLosslesslyAndAveragesStereo() throws IOException, AudioException {
        Audio a = AudioReader.decode(AudioReaderErrorsTest.fixture("two-tones-44k1-24bit-stereo.flac"), "fx.flac");
        assertEquals(44_100, a.sampleRate());
        assertEquals(4410, a.samples().length);
        for (int i = 0; i < 4410; i++) {
            double t = i / 44_100.0;
            long left = Math.round(0.5 * Math.sin(2 * Math.PI * 1000 * t) * 8388607);
            long right = Math.round(0.25 * Math.sin(2 * Math.PI * 3000 * t) * 8388607);
            assertEquals((left + right) / 2.0 / 8388608.0, a.samples()[i], 1e-7, "sample " + i);
        }
    }

    @Test
    void flacIsRecognisedWhateverItsName(@TempDir Path dir) throws IOException, AudioException {
        Path f = dir.resolve("upload.bin");
        Files.write(f, AudioReaderErrorsTest.fixture("two-tones-44k1-24bit-stereo.flac"));
        Audio a = AudioReader.read(f);
        assertEquals(Audio.TARGET_RATE, a.sampleRate());
        assertEquals(1600, a.samples().length); // ceil(4410 * 160 / 441)
    }

    @Test
    void mp3DecodesToTheRightToneAtTheRightLevel() throws IOException, AudioException {
        Audio a = AudioReader.read(AudioReaderErrorsTest.fixture("tone-1khz-44k1-stereo.mp3"), "tone.mp3");
        assertEquals(Audio.TARGET_RATE, a.sampleRate());
        // 0.5 s of audio plus the encoder's delay and padding (LAME adds about 1100-2300 samples at 44.1 kHz).
        double seconds = a.durationSeconds();
        assertTrue(seconds >= 0.5 && seconds < 0.6, "duration " + seconds);
        float[] x = a.samples();
        int from = x.length / 4;
        int to = 3 * x.length / 4;
        // The 1 kHz tone holds almost all the energy; amplitude 0.5 means RMS 0.5/sqrt(2).
        double total = 0;
        for (int i = from; i < to; i++) {
            total += x[i] * x[i];
        }
        double rms = Math.sqrt(total / (to - from));
        double toneRms = goertzelAmplitude(x, from, to, 1000, a.sampleRate()) / Math.sqrt(2);
        assertEquals(0.5 / Math.sqrt(2), rms, 0.02);
        assertTrue(toneRms / rms > 0.99, "tone share " + toneRms / rms);
    }

    @Test
    void sharedCorpusClipHasTheLengthTheReferenceDataNames() throws AudioException {
        // shared/README.md: this clip has 58,725 samples at 16 kHz.
        Audio a = AudioReader.read(SharedData.corpus("ravdess").resolve("audio/03-01-05-02-01-01-13.flac"));
        assertEquals(58_725, a.samples().length);
        assertEquals(16_000, a.sampleRate());
    }

    /** Amplitude of the sinusoid at {@code f} in x[from, to), by correlation with sin and cos. */
    static double goertzelAmplitude(float[] x, int from, int to, double f, int rate) {
        double re = 0;
        double im = 0;
        for (int i = from; i < to; i++) {
            double w = 2 * Math.PI * f * i / rate;
            re += x[i] * Math.cos(w);
            im += x[i] * Math.sin(w);
        }
        return 2 * Math.hypot(re, im) / (to - from);
    }
}
