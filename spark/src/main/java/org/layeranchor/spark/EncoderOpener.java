package org.layeranchor.spark;

import java.io.Serializable;
import org.layeranchor.encoder.EncoderException;
import org.layeranchor.encoder.EncoderInfo;
import org.layeranchor.encoder.SpeechEncoder;

/**
 * How an executor opens the speech encoder. Shipped with every task, so it must be serialisable and
 * must say by {@code equals} which openers give the same encoder: an executor opens each one once.
 */
public interface EncoderOpener extends Serializable {
    SpeechEncoder open() throws EncoderException;

    /**
     * What the opened encoder's {@link SpeechEncoder#info()} would say, for the driver, which needs
     * the identity (the store folder) but encodes nothing: it should keep no encoder open where the
     * model allows (see {@link org.layeranchor.encoder.Encoders#describe}).
     */
    EncoderInfo describe() throws EncoderException;
}
