package org.layeranchor.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;

/**
 * Reading what a server sends back on a raw connection (the soak's and the hostile-input tests' clients,
 * which write requests byte for byte and so cannot use an HTTP client library).
 */
public final class SocketAnswers {
    private SocketAnswers() {
    }

    /**
     * Everything until the server closes the connection. A reset, or a read timeout once something has
     * arrived, ends the answer and keeps what arrived (a server may answer and then reset a connection it
     * refuses to read further); a timeout before anything arrived is rethrown.
     */
    public static byte[] readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            if (out.size() == 0) {
                throw e;
            }
        } catch (IOException reset) {
            // a reset after (or instead of) the answer: what arrived counts
        }
        return out.toByteArray();
    }
}
