package org.layeranchor.serve;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * How many uploads each client address has in progress (from its headers to its answer), capped so
 * that a few clients cannot fill the upload memory and the connection cap on their own. Behind a
 * reverse proxy every client has the proxy's address: raise the cap there.
 */
final class UploadsPerClient {
    private final int max;
    private final ConcurrentMap<InetAddress, Integer> inProgress = new ConcurrentHashMap<>();

    UploadsPerClient(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("need at least 1 upload per client, got " + max);
        }
        this.max = max;
    }

    /** Takes a place for {@code client}; false when it already has {@link #max()} uploads in progress. */
    boolean tryAcquire(InetAddress client) {
        boolean[] taken = new boolean[1];
        inProgress.compute(client, (k, n) -> {
            int now = n == null ? 0 : n;
            taken[0] = now < max;
            return taken[0] ? now + 1 : n;
        });
        return taken[0];
    }

    /** Gives back a place taken by {@link #tryAcquire}; the address is forgotten when it has none left. */
    void release(InetAddress client) {
        inProgress.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
    }

    int max() {
        return max;
    }

    /** Uploads in progress, from every client. */
    int total() {
        return inProgress.values().stream().mapToInt(Integer::intValue).sum();
    }
}
