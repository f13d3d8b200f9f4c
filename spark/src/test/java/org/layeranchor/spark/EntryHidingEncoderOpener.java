package org.layeranchor.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.layeranchor.audio.Audio;
import org.layeranchor.encoder.EncoderException;
import org.layeranchor.encoder.EncoderInfo;
import org.layeranchor.encoder.HiddenStates;
import org.layeranchor.encoder.SpeechEncoder;

/**
 * Test opener whose encoder, when it encodes the file named {@code trigger}, deletes the pooled file
 * {@code hidden} (relative to the store): as if the entry had been written on an executor's own disk,
 * which the driver does not see (a store path that is not a shared mount).
 */
record EntryHidingEncoderOpener(EncoderSpec real, String trigger, String storeRoot, String hidden) implements EncoderOpener {
    private static final long serialVersionUID = 1L;

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
                if (audio.source().endsWith(trigger)) {
                    try {
                        Files.delete(Path.of(storeRoot).resolve(hidden));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return encoder.encode(audio);
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
}
