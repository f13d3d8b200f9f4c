package org.layeranchor.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.layeranchor.io.SocketAnswers;

/**
 * One HTTP/1.1 request per connection, written byte for byte as given (so hostile requests go out
 * exactly as meant) and answered until the server closes; the soak's clients share it.
 */
final class RawExchange {
    /** Status recorded for a connection that ended without an answer. */
    static final int NO_ANSWER = -1;

    /** An answer: its status ({@link #NO_ANSWER} for none) and its first line and a little of its body. */
    record Answer(int status, String head) {
    }

    private final String host;
    private final int port;

    RawExchange(URI base) {
        this.host = base.getHost();
        this.port = base.getPort() < 0 ? 80 : base.getPort();
    }

    /** The Host header's value for this server. */
    String authority() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** A connection to the server, from {@code from} when given (another loopback address: another client). */
    Socket connect(InetAddress from) throws IOException {
        Socket s = new Socket();
        if (from != null) {
            s.bind(new InetSocketAddress(from, 0));
        }
        s.connect(new InetSocketAddress(host, port), 10_000);
        return s;
    }

    /** Sends {@code request} on a fresh connection and reads the answer (at most {@code timeoutMs} of silence). */
    Answer send(byte[] request, int timeoutMs) throws IOException {
        try (Socket s = connect(null)) {
            s.setSoTimeout(timeoutMs);
            try {
                s.getOutputStream().write(request);
                s.getOutputStream().flush();
            } catch (IOException closedEarly) {
                // The server may answer (e.g. 431) and close before it has read everything.
            }
            return parse(SocketAnswers.readUntilClosed(s.getInputStream()));
        }
    }

    static byte[] get(String path, String host, String extraHeaders) {
        return ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + extraHeaders + "Connection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] post(String host, String extraHeaders, byte[] body) {
        byte[] head = ("POST /v1/predict HTTP/1.1\r\nHost: " + host + "\r\n" + extraHeaders + "Content-Length: "
                + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        return out;
    }

    static Answer parse(byte[] bytes) {
        String raw = new String(bytes, StandardCharsets.ISO_8859_1);
        int eol = raw.indexOf("\r\n");
        if (!raw.startsWith("HTTP/1.") || eol < 0) {
            return new Answer(NO_ANSWER, raw.length() > 80 ? raw.substring(0, 80) : raw);
        }
        String statusLine = raw.substring(0, eol);
        int body = raw.indexOf("\r\n\r\n");
        String tail = body < 0 ? "" : raw.substring(body + 4, Math.min(raw.length(), body + 4 + 160));
        return new Answer(Integer.parseInt(statusLine.split(" ")[1]), statusLine + " " + tail);
    }
}
