package org.layeranchor.serve;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.eclipse.jetty.io.Content;

/**
 * Reads a request body into one array without holding a thread while the client is slow. With a
 * Content-Length the array is allocated once at that size, so a body costs its own size and no
 * more (Jetty's {@code Content.Source.asByteArrayAsync} collects chunks and then copies them, twice
 * the body at its peak); a chunked body grows by doubling, up to the limit.
 */
final class BodyReader implements Runnable {
    /** What becomes of the read. */
    interface Outcome {
        void received(byte[] body);

        /** The body grew past the limit (only a chunked body can: a Content-Length is checked first). */
        void tooLarge();

        /** The connection failed, timed out or closed before the body was complete. */
        void failed(Throwable cause);
    }

    private final Content.Source source;
    private final long limit;
    private final Outcome outcome;
    private byte[] buffer;
    private int size;

    private BodyReader(Content.Source source, long declaredLength, long limit, Outcome outcome) {
        this.source = source;
        this.limit = limit;
        this.outcome = outcome;
        this.buffer = new byte[(int) (declaredLength >= 0 ? declaredLength : Math.min(limit, 64 * 1024))];
    }

    /** Starts reading; {@code declaredLength} is the Content-Length (at most {@code limit}), or -1. */
    static void read(Content.Source source, long declaredLength, long limit, Outcome outcome) {
        new BodyReader(source, declaredLength, limit, outcome).run();
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
                outcome.failed(chunk.getFailure());
                return;
            }
            ByteBuffer bytes = chunk.getByteBuffer();
            int n = bytes.remaining();
            if ((long) size + n > limit) {
                chunk.release();
                buffer = null;
                outcome.tooLarge();
                return;
            }
            if (size + n > buffer.length) {
                buffer = Arrays.copyOf(buffer, (int) Math.min(limit, Math.max((long) size + n, 2L * buffer.length)));
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
        }
    }
}
