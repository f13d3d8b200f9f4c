package org.layeranchor.hub;

import java.io.IOException;

/**
 * A model could not be found, downloaded or trusted; the message is one line that says what was
 * looked for, where, and how to provide it.
 */
public class HubException extends IOException {
    private static final long serialVersionUID = 1L;

    public HubException(String message) {
        super(message);
    }

    public HubException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The Hub could not be asked at all (no network, wrong endpoint, timeout). */
    public static final class Unreachable extends HubException {
        private static final long serialVersionUID = 1L;

        public Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
