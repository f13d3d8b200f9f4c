package org.layeranchor.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

class OrderedTasksTest {
    @Test
    void resultsComeBackInTaskOrderWhateverFinishesFirst() throws Exception {
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int n = i;
            tasks.add(() -> {
                Thread.sleep((8 - n) * 5L); // later tasks finish first
                return n * n;
            });
        }
        assertEquals(List.of(0, 1, 4, 9, 16, 25, 36, 49), OrderedTasks.run(tasks, 3));
    }

    @Test
    void failuresKeepTheirTypeOrBecomeIoExceptionsWithTheirMessage() {
        IOException io = new IOException("disk gone");
        assertSame(io, assertThrows(IOException.class, () -> OrderedTasks.run(List.of(() -> {
            throw io;
        }), 2)));
        IllegalStateException bad = new IllegalStateException("bug");
        assertSame(bad, assertThrows(IllegalStateException.class, () -> OrderedTasks.run(List.of(() -> {
            throw bad;
        }), 2)));
        IOException wrapped = assertThrows(IOException.class, () -> OrderedTasks.run(List.of(() -> {
            throw new Exception("a.flac: not audio");
        }), 1));
        assertTrue(wrapped.getMessage().contains("a.flac: not audio"), wrapped.getMessage());
    }
}
