package org.layeranchor.bench;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The memory of the JVM that serves: its heap right after a full collection (what it really holds,
 * not garbage waiting to be collected) and its peak resident memory. The soak samples it over time to
 * show that hostile input leaves nothing behind.
 */
public interface ServerMemory extends AutoCloseable {
    /** Runs a full collection in the server and returns the heap it leaves in use, in bytes. */
    long heapAfterGc() throws IOException;

    /** The server's peak resident set (Linux VmHWM) in bytes, or -1 where it cannot be read. */
    long peakRss();

    @Override
    default void close() throws IOException {
    }

    /** This JVM (a server started in-process, as the tests do). */
    static ServerMemory thisJvm() {
        return of(ManagementFactory.getMemoryMXBean(), ProcessHandle.current().pid(), () -> { });
    }

    /**
     * The JVM of process {@code pid} on this machine (e.g. {@code layeranchor serve}), reached through
     * the JDK's attach mechanism and its local JMX agent, as {@code jcmd} reaches it.
     */
    static ServerMemory attach(long pid) throws IOException {
        String address;
        try {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
        } catch (com.sun.tools.attach.AttachNotSupportedException e) {
            throw new IOException("cannot attach to the JVM of process " + pid + ": " + e.getMessage(), e);
        }
        JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
        MemoryMXBean memory = ManagementFactory.newPlatformMXBeanProxy(connector.getMBeanServerConnection(),
                ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
        return of(memory, pid, connector::close);
    }

    /** Reads {@code memory} (local or a proxy) for process {@code pid}; closing runs {@code release}. */
    private static ServerMemory of(MemoryMXBean memory, long pid, java.io.Closeable release) {
        return new ServerMemory() {
            @Override
            public long heapAfterGc() {
                memory.gc();
                return memory.getHeapMemoryUsage().getUsed();
            }

            @Override
            public long peakRss() {
                return peakRssOf(pid);
            }

            @Override
            public void close() throws IOException {
                release.close();
            }
        };
    }

    /** VmHWM of {@code /proc/PID/status}, in bytes; -1 off Linux. */
    private static long peakRssOf(long pid) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
            for (String line : lines) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException | UnsupportedOperationException e) {
            // not Linux, or the process is gone: no figure
        }
        return -1;
    }
}
