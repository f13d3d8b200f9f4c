package org.layeranchor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SocketAnswersTest {
    /** Gives {@code bytes} in reads of at most 3 bytes, then ends with {@code end} (null: end of stream). */
    private static InputStream answerThen(String bytes, IOException end) {
        byte[] data = bytes.getBytes(StandardCharsets.ISO_8859_1);
        return new InputStream() {
            int pos;

            @Override
            public int read() {
                throw new UnsupportedOperationException("read in blocks");
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (pos == data.length) {
                    if (end != null) {
                        throw end;
                    }
                    return -1;
                }
                int n = Math.min(Math.min(3, len), data.length - pos);
                System.arraycopy(data, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }

    @Test
    void readsEverythingUntilTheServerCloses() throws IOException {
        assertArrayEquals("HTTP/1.1 200 OK\r\n\r\nbody".getBytes(StandardCharsets.ISO_8859_1),
                SocketAnswers.readUntilClosed(answerThen("HTTP/1.1 200 OK\r\n\r\nbody", null)));
    }

    @Test
    void aResetOrATimeoutAfterTheAnswerKeepsWhatArrived() throws IOException {
        byte[] answer = "HTTP/1.1 431 Too Large\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertArrayEquals(answer, SocketAnswers.readUntilClosed(answerThen("HTTP/1.1 431 Too Large\r\n\r\n",
                new SocketException("Connection reset"))));
        assertArrayEquals(answer, SocketAnswers.readUntilClosed(answerThen("HTTP/1.1 431 Too Large\r\n\r\n",
                new SocketTimeoutException("Read timed out"))));
    }

    @Test
    void silenceBeforeAnyAnswerIsATimeoutAndAResetBeforeItIsNothing() throws IOException {
        assertThrows(SocketTimeoutException.class,
                () -> SocketAnswers.readUntilClosed(answerThen("", new SocketTimeoutException("Read timed out"))));
        assertArrayEquals(new byte[0], SocketAnswers.readUntilClosed(answerThen("", new SocketException("Connection reset"))));
    }
}
