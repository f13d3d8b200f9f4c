package org.layeranchor.serve;

/**
 * The request bytes held in memory at once, across every upload being read, queued or predicted.
 * A request reserves its declared Content-Length (or the body limit, when it declares none) before
 * its body is read, and gives it back when its prediction is over; a request that finds too little
 * left is answered 503 at once. Without this, many concurrent uploads at the body limit would each
 * hold up to the limit (64 MiB by default) and exhaust the heap.
 */
final class UploadBudget {
    private final long capacity;
    private long reserved;

    UploadBudget(long capacity) {
        this.capacity = capacity;
    }

    synchronized boolean tryReserve(long bytes) {
        if (bytes > capacity - reserved) {
            return false;
        }
        reserved += bytes;
        return true;
    }

    synchronized void release(long bytes) {
        reserved -= bytes;
        if (reserved < 0) {
            throw new IllegalStateException("released more upload bytes than were reserved");
        }
    }

    synchronized long reserved() {
        return reserved;
    }

    long capacity() {
        return capacity;
    }
}
