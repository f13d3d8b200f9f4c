package org.layeranchor.spark;

import java.io.Serializable;
import org.layeranchor.encoder.EncoderException;
import org.layeranchor.encoder.SpeechEncoder;

/**
 * How an executor opens the speech encoder. Shipped with every task, so it must be serialisable and
 * must say by {@code equals} which openers give the same encoder: an executor opens each one once.
 */
public interface EncoderOpener extends Serializable {
    SpeechEncoder open() throws EncoderException;

    /** The opener the driver uses to learn the encoder's identity: the same model on the CPU. */
    EncoderOpener forIdentity();
}
