package org.layeranchor.parallel;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs independent tasks on a fixed number of threads and returns their results in task order, so
 * that the result never depends on the thread count or on which task finished first.
 */
public final class OrderedTasks {
    private OrderedTasks() {
    }

    /**
     * @return results in the order of {@code tasks}
     * @throws IOException the first failing task's IOException, or another checked failure wrapped
     *                     with its message; unchecked failures are rethrown as they are
     */
    public static <T> List<T> run(List<? extends Callable<T>> tasks, int threads) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<T>> futures = new ArrayList<>(tasks.size());
            for (Callable<T> t : tasks) {
                futures.add(pool.submit(t));
            }
            List<T> out = new ArrayList<>(tasks.size());
            for (Future<T> f : futures) {
                out.add(await(f));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> T await(Future<T> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw c instanceof IOException io ? io : new IOException(c.getMessage(), c);
        }
    }
}
