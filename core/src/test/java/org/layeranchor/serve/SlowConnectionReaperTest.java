package org.layeranchor.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import org.eclipse.jetty.io.Connection;
import org.junit.jupiter.api.Test;

/**
 * The count of connections closed for silence must not depend on which of two timers closed them:
 * Jetty's idle timeout and the reaper's sweep have the same length, so either may fire first.
 */
class SlowConnectionReaperTest {

    private static Connection connection() {
        // Only identity matters to the reaper when Jetty reports the close itself.
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "test connection";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void aSilentConnectionClosedByJettysIdleTimeoutCountsAsClosedForSilence() throws Exception {
        SlowConnectionReaper reaper = new SlowConnectionReaper(20);
        Connection silent = connection();
        reaper.onOpened(silent);
        Thread.sleep(40);
        reaper.onClosed(silent); // Jetty's idle timeout got there before any sweep
        assertEquals(1, reaper.reaped());
        assertEquals(0, reaper.openConnections());
    }

    @Test
    void aConnectionTheClientClosesEarlyOrOneClosedMidRequestIsNotCounted() throws Exception {
        SlowConnectionReaper reaper = new SlowConnectionReaper(60_000);
        Connection early = connection();
        reaper.onOpened(early);
        reaper.onClosed(early);

        SlowConnectionReaper quick = new SlowConnectionReaper(20);
        Connection busy = connection();
        quick.onOpened(busy);
        quick.requestStarted(busy);
        Thread.sleep(40);
        quick.onClosed(busy); // a request was in progress: that is the request timeout's business
        assertEquals(0, reaper.reaped());
        assertEquals(0, quick.reaped());
    }
}
