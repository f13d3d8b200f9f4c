package org.layeranchor.serve;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.Connection;

/**
 * Closes connections that have not delivered a complete request's headers within the read timeout
 * of opening, or of answering their previous request. Jetty's idle timeout alone does not do this:
 * it restarts with every byte, so a client trickling its headers a byte at a time would keep its
 * connection (and its place under the connection cap) for ever. The server calls
 * {@link #requestStarted} when a request's headers are complete and {@link #requestFinished} when it
 * is answered; a connection with no request in progress for longer than the timeout is closed.
 */
final class SlowConnectionReaper implements Connection.Listener {
    private static final class Track {
        final AtomicInteger inProgress = new AtomicInteger();
        final AtomicLong idleSince = new AtomicLong(System.nanoTime());
    }

    private final long timeoutNanos;
    private final Map<Connection, Track> open = new ConcurrentHashMap<>();
    private final AtomicLong reaped = new AtomicLong();
    private ScheduledFuture<?> sweeping;

    SlowConnectionReaper(long timeoutMillis) {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    /** Starts checking every tenth of the timeout (at most every second). */
    void start(ScheduledExecutorService timer) {
        long every = Math.max(10, Math.min(1000, TimeUnit.NANOSECONDS.toMillis(timeoutNanos) / 10));
        sweeping = timer.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    void stop() {
        if (sweeping != null) {
            sweeping.cancel(false);
        }
    }

    @Override
    public void onOpened(Connection connection) {
        open.put(connection, new Track());
    }

    @Override
    public void onClosed(Connection connection) {
        Track t = open.remove(connection);
        // Jetty's own idle timeout runs at the same length as ours, so for a silent connection it often
        // fires before the next sweep. Such a connection was closed for the same reason and counts the
        // same; one the sweep closed was already removed above and is not counted twice.
        if (t != null && t.inProgress.get() == 0 && System.nanoTime() - t.idleSince.get() >= timeoutNanos) {
            reaped.incrementAndGet();
        }
    }

    void requestStarted(Connection connection) {
        Track t = open.get(connection);
        if (t != null) {
            t.inProgress.incrementAndGet();
        }
    }

    void requestFinished(Connection connection) {
        Track t = open.get(connection);
        if (t != null) {
            t.idleSince.set(System.nanoTime());
            t.inProgress.decrementAndGet();
        }
    }

    /** Connections open now. */
    int openConnections() {
        return open.size();
    }

    /** Connections closed for being too slow to send a request, since the start. */
    long reaped() {
        return reaped.get();
    }

    private void sweep() {
        long now = System.nanoTime();
        open.forEach((connection, t) -> {
            if (t.inProgress.get() == 0 && now - t.idleSince.get() > timeoutNanos && open.remove(connection, t)) {
                reaped.incrementAndGet();
                connection.getEndPoint().close();
            }
        });
    }
}
