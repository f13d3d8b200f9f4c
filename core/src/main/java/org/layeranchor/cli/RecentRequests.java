package org.layeranchor.cli;

import java.nio.file.Path;
import java.util.List;
import org.layeranchor.serve.EmotionPredictor;
import org.layeranchor.serve.RecentAudioAdaptation;
import picocli.CommandLine;

/** serve's {@code --adapt-window} and {@code --adapt-min}: when and how the service adapts to what it is sent. */
final class RecentRequests {
    /** Requests kept: enough for stable statistics, recent enough to follow a change of speakers or room. */
    static final int WINDOW = 100;
    /**
     * Requests before the first re-estimate: statistics from fewer files did worse than the model's own
     * in the batch-size measurement (docs/BENCHMARK.md, "batch-only adaptation by batch size").
     */
    static final int MINIMUM = BatchAdaptation.MIN_FILES;

    private RecentRequests() {
    }

    /** Starts adapting to recent requests unless --adapt-on fixed the statistics, the window is 0, or the model cannot. */
    static void attach(EmotionPredictor predictor, List<Path> adaptOn, int window, int minimum, CommandLine commandLine) {
        if (window == 0 || (adaptOn != null && !adaptOn.isEmpty())) {
            return;
        }
        if (!predictor.model().description().adaptable()) {
            commandLine.getErr().println("note: the model standardises with source statistics; it does not adapt to "
                    + "recent requests");
            return;
        }
        try {
            RecentAudioAdaptation.attach(predictor, window, minimum);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, "--adapt-window/--adapt-min: " + e.getMessage());
        }
        commandLine.getErr().printf("adapting to recent requests: statistics re-estimated from the last %d once %d are "
                + "held (GET /v1/model shows the window)%n", window, minimum);
        commandLine.getErr().flush();
    }
}
