package org.layeranchor.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.layeranchor.encoder.EncoderException;
import org.layeranchor.io.PrintableText;
import org.layeranchor.serve.AudioFiles;
import org.layeranchor.serve.EmotionPredictor;

/** {@code --adapt-on DIR}, shared by predict and serve: re-estimate a per-domain model's target statistics. */
final class AdaptOn {
    static final String DESCRIPTION = "Unlabelled audio of the domain to predict (files or folders): the model's target "
            + "statistics are re-estimated from it first (per-domain standardisation; no labels are read).";

    private AdaptOn() {
    }

    /**
     * Re-estimates from the audio in {@code paths} (nothing when null or empty); progress, skipped files
     * and refusals go to {@code err}.
     *
     * @return false when the adaptation was refused or found no audio (the command should fail)
     */
    static boolean apply(EmotionPredictor predictor, List<Path> paths, PrintWriter err) throws IOException, EncoderException {
        if (paths == null || paths.isEmpty()) {
            return true;
        }
        List<Path> unlabelled = AudioFiles.expand(paths);
        if (unlabelled.isEmpty()) {
            err.println("error: --adapt-on: no audio files (.wav, .flac, .mp3) in " + PrintableText.escape(paths.toString()));
            return false;
        }
        int used;
        try {
            used = predictor.adaptTo(unlabelled, msg -> err.println("warning: --adapt-on skips " + PrintableText.escape(msg)));
        } catch (IllegalArgumentException e) {
            err.println("error: --adapt-on: " + PrintableText.escape(e.getMessage()));
            return false;
        }
        err.println("adapted: target statistics re-estimated from " + used + " segment(s) of " + unlabelled.size()
                + " file(s)");
        err.flush();
        return true;
    }
}
