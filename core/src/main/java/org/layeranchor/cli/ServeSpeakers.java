package org.layeranchor.cli;

import org.layeranchor.serve.EmotionPredictor;
import org.layeranchor.serve.SpeakerMemory;
import picocli.CommandLine;

/** serve's {@code --speaker-max} and {@code --speaker-window}: per-speaker statistics from {@code ?speaker=ID}. */
final class ServeSpeakers {
    private ServeSpeakers() {
    }

    /** Refuses numbers out of range before anything starts. */
    static void check(int maxSpeakers, int window, CommandLine commandLine) {
        if (maxSpeakers < 0 || window < 1) {
            throw new CommandLine.ParameterException(commandLine, "--speaker-max must be >= 0 and --speaker-window >= 1, "
                    + "got " + maxSpeakers + " and " + window);
        }
    }

    /**
     * Keeps per-speaker statistics for a model standardised per speaker, unless {@code maxSpeakers} is 0; a
     * model standardised per domain keeps none (the ids are accepted and change nothing, as /v1/model says).
     */
    static void attach(EmotionPredictor predictor, int maxSpeakers, int window, CommandLine commandLine) {
        if (maxSpeakers == 0 || predictor.model().speakerStandardisation() == null) {
            return;
        }
        predictor.rememberSpeakers(new SpeakerMemory(maxSpeakers, window));
        commandLine.getErr().printf("speaker statistics: POST /v1/predict?speaker=ID standardises with that speaker's last "
                + "%d requests, for up to %d speakers (GET /v1/model shows them)%n", window, maxSpeakers);
        commandLine.getErr().flush();
    }
}
