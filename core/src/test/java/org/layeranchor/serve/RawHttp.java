package org.layeranchor.serve;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.layeranchor.io.SocketAnswers;

/**
 * HTTP/1.1 over a plain socket, request bytes sent exactly as written: what an HTTP client library
 * would refuse or normalise (a negative Content-Length, {@code //healthz}, a foreign Host) is what
 * a hostile client sends.
 */
final class RawHttp {
    /** One parsed answer; {@code status} is -1 when the server closed the connection without one. */
    record Answer(int status, Map<String, String> headers, String body, String raw) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {
    }

    static Answer exchange(int port, String request) throws IOException {
        return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1), 10_000);
    }

    /** Sends {@code request}, reads until the server closes (or {@code timeoutMs} of silence) and parses. */
    static Answer exchange(int port, byte[] request, int timeoutMs) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(timeoutMs);
            try {
                s.getOutputStream().write(request);
                s.getOutputStream().flush();
            } catch (IOException refusedMidway) {
                // The server may answer and close before it has read everything (e.g. oversized headers).
            }
            return parse(SocketAnswers.readUntilClosed(s.getInputStream()));
        }
    }

    static Answer parse(byte[] bytes) {
        String raw = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = raw.indexOf("\r\n\r\n");
        if (!raw.startsWith("HTTP/1.") || end < 0) {
            return new Answer(-1, Map.of(), "", raw);
        }
        String[] lines = raw.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        String body = raw.substring(end + 4);
        String length = headers.get("content-length");
        if (length != null && body.length() > Integer.parseInt(length)) {
            body = body.substring(0, Integer.parseInt(length)); // a second answer on a kept-alive connection
        }
        return new Answer(status, headers, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8),
                raw);
    }
}
