package org.layeranchor.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Connections that each declare a 64-MiB upload (half with Content-Length, half chunked) and then send
 * one byte every {@code interval}, reconnecting at once when the server cuts them, until the deadline:
 * row 1 of issue 25, the attack that once held every upload slot. Counts the answers that cut them.
 */
final class TricklingUploads {
    static final long DECLARED_BYTES = 64L << 20;

    /**
     * @param connections  connections, cut ones counted once each
     * @param statuses     how each connection ended: the server's status, or {@link RawExchange#NO_ANSWER}
     *                     when it closed without one (or the deadline came first)
     * @param bytesSent    body bytes sent in all
     */
    record Result(int connections, Map<Integer, Integer> statuses, long bytesSent) {
        String toText() {
            return String.format(Locale.ROOT, "%d connections declaring %d MiB, %d body bytes sent in all, ended by %s",
                    connections, DECLARED_BYTES >> 20, bytesSent, statuses);
        }
    }

    private final RawExchange server;
    private final InetAddress from;
    private final Duration interval;
    private final List<Thread> threads = new ArrayList<>();
    private final Map<Integer, Integer> statuses = new TreeMap<>();
    private int connections;
    private long bytesSent;

    /** @param from the client address (another loopback address, e.g. 127.0.0.2, is another client); null = any */
    TricklingUploads(URI base, InetAddress from, Duration interval) {
        this.server = new RawExchange(base);
        this.from = from;
        this.interval = interval;
    }

    /** Starts {@code count} trickling connections that stop at {@code deadlineNanos} ({@link System#nanoTime}). */
    void start(int count, long deadlineNanos) {
        for (int i = 0; i < count; i++) {
            boolean chunked = i % 2 == 1;
            Thread t = new Thread(() -> {
                while (System.nanoTime() < deadlineNanos) {
                    int status = trickle(chunked, deadlineNanos);
                    synchronized (statuses) {
                        connections++;
                        statuses.merge(status, 1, Integer::sum);
                    }
                }
            }, "soak-trickle-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    Result awaitResult() throws InterruptedException {
        for (Thread t : threads) {
            t.join();
        }
        synchronized (statuses) {
            return new Result(connections, Map.copyOf(statuses), bytesSent);
        }
    }

    /** One connection, until the server answers or closes it or the deadline; its status. */
    private int trickle(boolean chunked, long deadlineNanos) {
        try (Socket s = server.connect(from)) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            String head = "POST /v1/predict HTTP/1.1\r\nHost: " + server.authority() + "\r\n"
                    + "Content-Type: application/octet-stream\r\n"
                    + (chunked ? "Transfer-Encoding: chunked\r\n\r\n" + Long.toHexString(DECLARED_BYTES) + "\r\n"
                            : "Content-Length: " + DECLARED_BYTES + "\r\n\r\n");
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            while (System.nanoTime() < deadlineNanos) {
                Thread.sleep(interval.toMillis());
                if (in.available() > 0) {
                    return answer(s);
                }
                try {
                    out.write(0);
                    out.flush();
                    synchronized (statuses) {
                        bytesSent++;
                    }
                } catch (IOException closed) {
                    return answer(s);
                }
            }
            return RawExchange.NO_ANSWER;
        } catch (IOException e) {
            return RawExchange.NO_ANSWER;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RawExchange.NO_ANSWER;
        }
    }

    private static int answer(Socket s) {
        try {
            s.setSoTimeout(5_000);
            return RawExchange.parse(org.layeranchor.io.SocketAnswers.readUntilClosed(s.getInputStream())).status();
        } catch (IOException e) {
            return RawExchange.NO_ANSWER;
        }
    }
}
