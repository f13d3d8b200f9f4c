package org.layeranchor.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What one executor JVM's log (a Worker's {@code APP/ID/stderr}) says it did: its process id, the
 * tasks it ran (Spark's "Running task" lines) and the encoders it opened (ExecutorEncoders' "opened
 * encoder" lines).
 *
 * @param id     the executor's id (the log's folder)
 * @param pid    its JVM's process id, empty if it was stopped before it logged one
 * @param tasks  task attempts it started
 * @param opens  encoders it opened
 */
record ExecutorLog(int id, OptionalLong pid, int tasks, int opens) {
    private static final Pattern PID = Pattern.compile("Started daemon with process name: (\\d+)@");

    /** Every executor log of every application under a Workers' folder, by executor id. */
    static List<ExecutorLog> readAll(Path workersFolder) throws IOException {
        List<ExecutorLog> logs = new ArrayList<>();
        try (Stream<Path> s = Files.walk(workersFolder, 3)) {
            for (Path log : s.filter(p -> p.getFileName().toString().equals("stderr")).toList()) {
                logs.add(read(Integer.parseInt(log.getParent().getFileName().toString()), Files.readString(log)));
            }
        }
        logs.sort(Comparator.comparingInt(ExecutorLog::id));
        return logs;
    }

    static ExecutorLog read(int id, String log) {
        Matcher m = PID.matcher(log);
        OptionalLong pid = m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
        return new ExecutorLog(id, pid, count(log, "INFO Executor: Running task "), count(log, "opened encoder "));
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
