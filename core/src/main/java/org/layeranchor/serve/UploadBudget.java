package org.layeranchor.serve;

/**
 * The request bytes held in memory at once, across every upload being read, queued or predicted.
 * An upload reserves the array its body is read into as that array grows with the bytes that arrive
 * ({@link BodyReader}), never the size its headers declare, and gives it all back when its
 * prediction is over; an upload that finds too little left is answered 503. Without this, many
 * concurrent uploads at the body limit would each hold up to the limit (64 MiB by default) and
 * exhaust the heap; and reserving the declared size instead let four clients that declared 64 MiB
 * and sent a byte every few seconds hold the whole budget (issue 25).
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
