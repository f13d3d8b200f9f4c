package org.layeranchor.serve;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.eclipse.jetty.io.Content;

/**
 * Reads a request body into one array without holding a thread while the client is slow, reserving
 * memory for what has arrived, never for what the headers declare: the array starts at
 * {@link #FIRST_BUFFER_BYTES} (or the Content-Length, when smaller) and doubles as bytes come, up to
 * the Content-Length or the limit, and each growth is reserved first ({@link Memory}). A client that
 * declares 64 MiB and sends a byte at a time so holds 64 KiB, not 64 MiB. A body must also keep up a
 * {@link MinimumDataRate}, checked as each chunk arrives (a client that sends nothing at all is closed
 * by the read timeout).
 */
final class BodyReader implements Runnable {
    /** The array a body starts in, when its Content-Length is not smaller (or it has none). */
    static final int FIRST_BUFFER_BYTES = 64 * 1024;

    /** Where the memory for the array comes from. */
    interface Memory {
        /** Reserves {@code bytes} more; false when there is not enough left (nothing is then reserved). */
        boolean reserve(long bytes);
    }

    /** What becomes of the read. */
    interface Outcome {
        void received(byte[] body);

        /** The body grew past the limit (only a chunked body can: a Content-Length is checked first). */
        void tooLarge();

        /** The memory for request bodies ran out while this one was arriving. */
        void noMemory();

        /** The body arrives more slowly than the minimum data rate. */
        void tooSlow(long bytes, long elapsedNanos);

        /** The connection failed, timed out or closed before the body was complete. */
        void failed(Throwable cause);
    }

    private final Content.Source source;
    private final long capacityLimit;
    private final Memory memory;
    private final MinimumDataRate rate;
    private final Outcome outcome;
    private final long startNanos = System.nanoTime();
    private byte[] buffer;
    private int size;

    private BodyReader(Content.Source source, long capacityLimit, byte[] first, Memory memory, MinimumDataRate rate,
                       Outcome outcome) {
        this.source = source;
        this.capacityLimit = capacityLimit;
        this.buffer = first;
        this.memory = memory;
        this.rate = rate;
        this.outcome = outcome;
    }

    /** The size of the first array for a body of {@code declaredLength} (-1: chunked) under {@code limit}. */
    static int firstBufferBytes(long declaredLength, long limit) {
        return (int) Math.min(FIRST_BUFFER_BYTES, declaredLength >= 0 ? declaredLength : limit);
    }

    /**
     * Starts reading. The caller has already reserved {@link #firstBufferBytes} from {@code memory};
     * {@code declaredLength} is the Content-Length (at most {@code limit}), or -1.
     */
    static void read(Content.Source source, long declaredLength, long limit, Memory memory, MinimumDataRate rate,
                     Outcome outcome) {
        byte[] first = new byte[firstBufferBytes(declaredLength, limit)];
        new BodyReader(source, declaredLength >= 0 ? declaredLength : limit, first, memory, rate, outcome).run();
    }

    /** Takes every chunk available now, then asks to be called again when more arrives. */
    @Override
    public void run() {
        while (true) {
            Content.Chunk chunk = source.read();
            if (chunk == null) {
                source.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                buffer = null;
                outcome.failed(chunk.getFailure());
                return;
            }
            ByteBuffer bytes = chunk.getByteBuffer();
            int n = bytes.remaining();
            if ((long) size + n > capacityLimit) {
                chunk.release();
                buffer = null;
                outcome.tooLarge();
                return;
            }
            if (size + n > buffer.length && !grow(size + n)) {
                chunk.release();
                buffer = null;
                outcome.noMemory();
                return;
            }
            bytes.get(buffer, size, n);
            size += n;
            boolean last = chunk.isLast();
            chunk.release();
            if (last) {
                byte[] body = size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
                buffer = null;
                outcome.received(body);
                return;
            }
            long elapsed = System.nanoTime() - startNanos;
            if (rate.tooSlow(size, elapsed)) {
                buffer = null;
                outcome.tooSlow(size, elapsed);
                return;
            }
        }
    }

    /** Doubles the array (at least to {@code needed}, at most to the capacity limit), reserving the difference first. */
    private boolean grow(long needed) {
        long next = Math.min(capacityLimit, Math.max(needed, 2L * buffer.length));
        if (!memory.reserve(next - buffer.length)) {
            return false;
        }
        buffer = Arrays.copyOf(buffer, (int) next);
        return true;
    }
}
