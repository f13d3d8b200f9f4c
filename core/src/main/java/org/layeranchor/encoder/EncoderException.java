package org.layeranchor.encoder;

/** A model could not be loaded or run; the message names the file or input at fault. */
public class EncoderException extends Exception {
    public EncoderException(String message) {
        super(message);
    }

    public EncoderException(String message, Throwable cause) {
        super(message, cause);
    }
}
