package org.layeranchor.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.audio.Audio;
import org.layeranchor.corpus.Utterance;
import org.layeranchor.encoder.EncoderException;
import org.layeranchor.encoder.EncoderInfo;
import org.layeranchor.encoder.HiddenStates;
import org.layeranchor.encoder.SpeechEncoder;
import org.layeranchor.encoder.weights.WeightSources;
import org.layeranchor.encoder.whisper.WhisperEncoder;
import org.layeranchor.testing.TinyWhisper;

/**
 * Whatever one utterance's worker throws, an error the JVM survives included, is that utterance's
 * line in failures.csv; the others are extracted and indexed (issue 20: an error in a worker once
 * ended the run with "unexpected error in an extraction worker", nothing in failures.csv, an empty index).
 */
class ExtractionWorkerFailuresTest {
    /** Encodes normally except for the files it is told to fail on, with the throwable it is given. */
    private record FailingEncoder(SpeechEncoder real, Map<String, Throwable> failures) implements SpeechEncoder {
        @Override
        public HiddenStates encode(Audio audio) throws EncoderException {
            for (Map.Entry<String, Throwable> f : failures.entrySet()) {
                if (audio.source().endsWith(f.getKey())) {
                    Throwable t = f.getValue();
                    if (t instanceof Error e) {
                        throw e;
                    }
                    throw (RuntimeException) t;
                }
            }
            return real.encode(audio);
        }

        @Override
        public EncoderInfo info() {
            return real.info();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void outOfMemoryAndBareNumberExceptionsBecomeNamedFailureLines(@TempDir Path tmp) throws Exception {
        TinyWhisper.write(tmp.resolve("model"), 5);
        try (WhisperEncoder real = WhisperEncoder.load(WeightSources.open(tmp.resolve("model")),
                new WhisperEncoder.Options(WhisperEncoder.Mode.FAST, 1))) {
            SpeechEncoder encoder = new FailingEncoder(real, Map.of(
                    "u1.wav", new OutOfMemoryError("Java heap space"),
                    "u3.wav", new NegativeArraySizeException("-2147479296")));
            List<Utterance> utts = FeatureStoreTest.corpus(tmp.resolve("c"), "c", 5, false);
            FeatureStore store = FeatureStore.open(tmp.resolve("store"));
            FeatureExtractor.Summary s = new FeatureExtractor(encoder, store, new FeatureExtractor.Options(false, 2))
                    .run(utts, FeatureExtractor.Listener.NONE);
            assertEquals(3, s.extracted());
            assertEquals(2, s.failed());
            assertTrue(s.failures().get(0).error().endsWith("u1.wav: ran out of memory (Java heap "
                    + "space); give Java more heap, e.g. LAYERANCHOR_JAVA_OPTS=-Xmx16g"), s.failures().get(0).error());
            assertTrue(s.failures().get(1).error().endsWith("u3.wav: internal error: NegativeArraySizeException -2147479296"),
                    s.failures().get(1).error());
            Path dir = store.encoderDir(s.encoderKey());
            assertEquals(3, StoreIndex.read(dir).size());
            assertEquals(2, StoreIndex.readFailures(dir).size());
        }
    }
}
