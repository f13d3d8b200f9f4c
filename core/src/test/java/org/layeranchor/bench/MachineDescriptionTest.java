package org.layeranchor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MachineDescriptionTest {
    @Test
    void theFirstModelNameOfCpuInfoNamesTheCpu() {
        List<String> cpuInfo = List.of("processor\t: 0", "vendor_id\t: AuthenticAMD", "model\t\t: 17",
                "model name\t: AMD EPYC   9R14 96-Core Processor", "", "processor\t: 1",
                "model name\t: another model, never read");
        assertEquals(Optional.of("AMD EPYC 9R14 96-Core Processor"), MachineDescription.cpuModel(cpuInfo));
        assertEquals("AMD EPYC 9R14 96-Core Processor, 2 cores, Linux amd64, Java 17.0.15",
                MachineDescription.describe(cpuInfo, 2, "Linux", "amd64", "17.0.15"));
    }

    @Test
    void withoutAModelNameTheLineSaysSo() {
        // "model" alone is the model number, not its name; an ARM kernel writes neither
        assertEquals(Optional.empty(), MachineDescription.cpuModel(List.of("model\t\t: 85", "model name\t:   ")));
        assertEquals("CPU model unknown, 1 core, Mac OS X aarch64, Java 21",
                MachineDescription.describe(List.of(), 1, "Mac OS X", "aarch64", "21"));
    }

    @Test
    void thisMachineIsDescribed() {
        String line = MachineDescription.describe();
        assertTrue(line.contains(Runtime.getRuntime().availableProcessors() + " core"), line);
        assertTrue(line.endsWith("Java " + System.getProperty("java.version")), line);
        assertFalse(line.isBlank());
    }
}
