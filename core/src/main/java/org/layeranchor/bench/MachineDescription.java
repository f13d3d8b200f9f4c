package org.layeranchor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One line naming the machine a benchmark ran on: the CPU model, the cores Java sees, the OS and the
 * Java version. Speed ratios against other programs depend on the CPU as much as on either program
 * (whisper.cpp against this encoder: about 2× on one Intel Xeon, about 2.8× on one AMD EPYC, both with
 * 2 cores; docs/BENCHMARK.md), so a printed figure has to say where it came from.
 */
public final class MachineDescription {
    private static final Path CPUINFO = Path.of("/proc/cpuinfo");

    private MachineDescription() {
    }

    /** For example {@code "AMD EPYC, 2 cores, Linux amd64, Java 17.0.15"}. */
    public static String describe() {
        return describe(readCpuInfo(), Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.version"));
    }

    static String describe(List<String> cpuInfo, int cores, String os, String arch, String java) {
        return cpuModel(cpuInfo).orElse("CPU model unknown") + ", " + cores + (cores == 1 ? " core, " : " cores, ")
                + os + " " + arch + ", Java " + java;
    }

    /**
     * The first {@code model name} of Linux's {@code /proc/cpuinfo} (x86; ARM kernels write
     * {@code Hardware} or {@code CPU part} instead, and other systems have no such file: empty then).
     */
    static Optional<String> cpuModel(List<String> cpuInfo) {
        for (String line : cpuInfo) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals("model name")) {
                String model = line.substring(colon + 1).trim().replaceAll("\\s+", " ");
                if (!model.isEmpty()) {
                    return Optional.of(model);
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> readCpuInfo() {
        try {
            return Files.isReadable(CPUINFO) ? Files.readAllLines(CPUINFO) : List.of();
        } catch (IOException | RuntimeException e) {
            return List.of(); // the line says "CPU model unknown"; the benchmark itself does not depend on it
        }
    }
}
