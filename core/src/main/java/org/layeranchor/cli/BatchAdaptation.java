package org.layeranchor.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.layeranchor.encoder.EncoderException;
import org.layeranchor.serve.EmotionPredictor;

/**
 * predict's batch-only adaptation: given enough files and no {@code --adapt-on}, the model's
 * statistics are re-estimated from the files of the batch themselves (no labels) before they are
 * predicted. Each file is then encoded twice (once for the statistics, once to predict), which costs
 * the encoder's time again; {@code --no-batch-adapt} skips it.
 */
final class BatchAdaptation {
    /**
     * Files needed. Measured on the four corpora, each held out in turn (docs/BENCHMARK.md, "batch-only
     * adaptation by batch size"): statistics from 5 or 10 random files did worse on average than the
     * model's own (the sources'), 20 files equalled them, 40 did better (+0.8 points, the most the
     * batch gave).
     */
    static final int MIN_FILES = 40;

    private BatchAdaptation() {
    }

    /**
     * Adapts to {@code files} when the batch is large enough and the model can be re-standardised;
     * says on {@code err} what was done, or why not and how many files are needed.
     *
     * @return false when the adaptation failed (the command should fail)
     */
    static boolean apply(EmotionPredictor predictor, List<Path> files, int minFiles, PrintWriter err)
            throws IOException, EncoderException {
        if (!predictor.model().description().adaptable()) {
            return true; // a model standardised with source statistics predicts as it is, as always
        }
        if (files.size() < minFiles) {
            err.println("note: " + files.size() + " file(s) are too few to adapt to this batch (" + minFiles
                    + " or more are needed); predicting with the model's own statistics. For audio of a new language or "
                    + "recording setup, --adapt-on DIR adapts to other unlabelled files of it");
            err.flush();
            return true;
        }
        int used;
        try {
            used = predictor.adaptTo(files, msg -> err.println("warning: batch adaptation skips " + msg));
        } catch (IllegalArgumentException e) {
            err.println("error: batch adaptation: " + e.getMessage());
            return false;
        }
        err.println("adapted to this batch: statistics re-estimated from " + used + " segment(s) of " + files.size()
                + " file(s) (no labels; --no-batch-adapt to predict with the model's own)");
        err.flush();
        return true;
    }
}
