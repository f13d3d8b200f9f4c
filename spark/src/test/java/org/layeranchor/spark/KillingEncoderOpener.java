package org.layeranchor.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.spark.TaskContext;
import org.layeranchor.audio.Audio;
import org.layeranchor.encoder.EncoderException;
import org.layeranchor.encoder.EncoderInfo;
import org.layeranchor.encoder.HiddenStates;
import org.layeranchor.encoder.SpeechEncoder;
import org.layeranchor.features.FeatureStore;

/**
 * Test opener whose encoder makes the task attempts numbered below {@code deadAttempts} die while
 * writing the entry of the audio file named {@code victim}: it leaves what a process killed at that
 * moment leaves (the frames file, renamed into place, and half of the pooled file under its
 * temporary name, never renamed) and then ends the task with an error that no extraction code
 * catches, as an executor's death ends it.
 */
record KillingEncoderOpener(EncoderSpec real, String victim, String storeRoot, int deadAttempts) implements EncoderOpener {
    private static final long serialVersionUID = 1L;

    /** Stands for the executor's death: an Error, so the extractor's per-utterance handling does not catch it. */
    static final class SimulatedExecutorLoss extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedExecutorLoss(String message) {
            super(message);
        }
    }

    @Override
    public EncoderInfo describe() throws EncoderException {
        return real.describe();
    }

    @Override
    public SpeechEncoder open() throws EncoderException {
        SpeechEncoder encoder = real.open();
        return new SpeechEncoder() {
            @Override
            public HiddenStates encode(Audio audio) throws EncoderException {
                HiddenStates hs = encoder.encode(audio);
                if (audio.source().endsWith(victim) && TaskContext.get().attemptNumber() < deadAttempts) {
                    dieWhileWriting(audio, hs, encoder.info());
                }
                return hs;
            }

            @Override
            public EncoderInfo info() {
                return encoder.info();
            }

            @Override
            public void close() {
                encoder.close();
            }
        };
    }

    private void dieWhileWriting(Audio audio, HiddenStates hs, EncoderInfo info) {
        try {
            FeatureStore store = FeatureStore.openExisting(Path.of(storeRoot));
            String key = FeatureStore.encoderKey(info);
            String sha = FeatureStore.contentKey(Files.readAllBytes(Path.of(audio.source())));
            store.writeFrames(key, sha, hs.layers());
            Path pooled = store.encoderDir(key).resolve("pooled/" + sha.substring(0, 2) + "/" + sha + ".npy");
            Files.createDirectories(pooled.getParent());
            // The temporary the store's atomic writer names for this process (in local mode, the executor's):
            Files.write(pooled.resolveSibling(pooled.getFileName() + ".tmp-"
                    + org.layeranchor.features.WriterId.current().uniqueTag()), Arrays.copyOf(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'}, 64));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new SimulatedExecutorLoss("simulated executor loss while writing " + victim);
    }
}
