package org.layeranchor.serve;

import java.util.concurrent.TimeUnit;

/**
 * The slowest a request body may arrive, as Jetty's {@code MinRequestDataRate} or nginx's body
 * timeout have it: after a grace period from the end of the headers, the bytes received must average
 * at least {@code bytesPerSecond} since then. Without it a client could send one byte just before
 * each read timeout and keep an upload (and its place under the per-client cap) for the whole request
 * timeout, then reconnect at once.
 */
record MinimumDataRate(long bytesPerSecond, long graceNanos) {
    /** The default rate: 16 KiB/s, a tenth of a slow mobile uplink (about 1 Mbit/s). */
    static final long DEFAULT_BYTES_PER_SECOND = 16 * 1024;
    /** Time allowed before the rate counts: a connection's first round trips and TCP slow start. */
    static final long GRACE_SECONDS = 2;

    MinimumDataRate {
        if (bytesPerSecond < 0 || graceNanos < 0) {
            throw new IllegalArgumentException("the minimum data rate and its grace period must not be negative");
        }
    }

    static MinimumDataRate of(long bytesPerSecond) {
        return new MinimumDataRate(bytesPerSecond, TimeUnit.SECONDS.toNanos(GRACE_SECONDS));
    }

    /** Whether {@code bytes} received in {@code elapsedNanos} is under the rate (never during the grace period; 0 = off). */
    boolean tooSlow(long bytes, long elapsedNanos) {
        if (bytesPerSecond == 0 || elapsedNanos <= graceNanos) {
            return false;
        }
        // bytes / seconds < rate, without a division by a tiny time or an overflow (bytes < 2^31, rate < 2^31).
        return (double) bytes * 1e9 < (double) bytesPerSecond * elapsedNanos;
    }
}
