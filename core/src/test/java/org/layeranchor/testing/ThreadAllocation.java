package org.layeranchor.testing;

import java.lang.management.ManagementFactory;

/**
 * Bytes the current thread allocates while running some code (HotSpot's per-thread counter), so a
 * test can assert that refusing hostile input cost little memory, independent of the collector.
 */
public final class ThreadAllocation {
    /** Code that may throw anything; the throwable is returned, not rethrown. */
    public interface Action {
        void run() throws Throwable;
    }

    /** What one run allocated and threw (null when it returned normally). */
    public record Result(long bytes, Throwable thrown, double seconds) {
    }

    private ThreadAllocation() {
    }

    public static Result measure(Action action) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = bean.getThreadAllocatedBytes(id);
        long t0 = System.nanoTime();
        Throwable thrown = null;
        try {
            action.run();
        } catch (Throwable t) {
            thrown = t;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Result(bean.getThreadAllocatedBytes(id) - before, thrown, seconds);
    }
}
