package org.layeranchor.features;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who wrote a file into the store: the process id and host name of the writer. Temporaries and
 * journals carry it in their names ({@code <pid>@<host>-<random>}), so that a writer cleaning up can
 * tell another live writer's files (never touched) from those of a process that has died (removable).
 *
 * @param pid  process id on {@code host}
 * @param host host name, reduced to {@code [A-Za-z0-9.-]}
 */
public record WriterId(long pid, String host) {
    private static final Pattern TAG = Pattern.compile("(\\d+)@([A-Za-z0-9.-]+)-([0-9a-f]{16})");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final WriterId THIS_PROCESS = new WriterId(ProcessHandle.current().pid(), localHostName());

    /** The writer id of this JVM. */
    public static WriterId current() {
        return THIS_PROCESS;
    }

    /** A fresh name part unique to one file of this writer: {@code <pid>@<host>-<16 hex digits>}. */
    public String uniqueTag() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return pid + "@" + host + "-" + HexFormat.of().formatHex(b);
    }

    /** The writer named at the end of {@code fileName} (after {@code marker}), if the name carries one. */
    public static Optional<WriterId> ofFileName(String fileName, String marker) {
        int at = fileName.lastIndexOf(marker);
        if (at < 0) {
            return Optional.empty();
        }
        String rest = fileName.substring(at + marker.length());
        Matcher m = TAG.matcher(rest);
        // The tag may be followed by a fixed suffix (".csv" for journals) but nothing else.
        if (!m.lookingAt() || !(m.end() == rest.length() || rest.substring(m.end()).matches("\\.[a-z]+"))) {
            return Optional.empty();
        }
        return Optional.of(new WriterId(Long.parseLong(m.group(1)), m.group(2)));
    }

    /** Whether this writer runs on the same host as this JVM (only then can its process be looked up). */
    public boolean onThisHost() {
        return host.equals(THIS_PROCESS.host);
    }

    /** True only when the writer is on this host and its process no longer exists. */
    public boolean provablyGone() {
        return onThisHost() && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    /**
     * The host name without a DNS lookup (which can hang on a badly configured machine): $HOSTNAME,
     * /etc/hostname, or "localhost".
     */
    private static String localHostName() {
        String h = System.getenv("HOSTNAME");
        if (h == null || h.isBlank()) {
            try {
                h = Files.readString(Path.of("/etc/hostname")).trim();
            } catch (IOException | RuntimeException e) {
                h = "";
            }
        }
        h = h.replaceAll("[^A-Za-z0-9.-]", "");
        return h.isEmpty() ? "localhost" : h;
    }
}
