package org.layeranchor.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.layeranchor.corpus.ClassSet;
import org.layeranchor.evaluation.EvaluationResult;
import org.layeranchor.experiment.CorpusFeatures;
import org.layeranchor.experiment.TrainingRunFile;
import org.layeranchor.features.FeatureStore;
import org.layeranchor.report.ConfusionMatrixHeatmap;
import org.layeranchor.training.EncoderIdentity;
import org.layeranchor.training.TrainedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code layeranchor evaluate}: a trained model on a labelled corpus from the store. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Score a trained model on a corpus in the store: UAR, weighted accuracy, macro-F1, per-class "
                + "recall and the confusion matrix (text, and PNG with --out).")
final class EvaluateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, description = "Trained model folder.")
    Path model;

    @Option(names = "--store", paramLabel = "DIR",
            description = "Feature store (default: the store named by the run file the model was trained with, which "
                    + "train copies into the model folder; else 'store').")
    Path store;

    @Option(names = "--corpus", required = true, description = "Corpus name in the store.")
    String corpus;

    @Option(names = "--split", defaultValue = "test",
            description = "test: the test half of the published split (default); all: every utterance in the class set.")
    String split;

    @Option(names = "--splits", defaultValue = "splits", description = "Folder of split files (default ${DEFAULT-VALUE}).")
    Path splits;

    @Option(names = "--encoder", description = "Encoder key in the store (needed only when it holds several).")
    String encoder;

    @Option(names = "--out", description = "Folder for confusion.png and evaluation.txt.")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (!split.equals("test") && !split.equals("all")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--split must be test or all, not '" + split + "'");
        }
        FeatureStore fs = FeatureStore.openExisting(store != null ? store : storeOfModel());
        String key = fs.resolveEncoderKey(encoder);
        TrainedModel m = TrainedModel.load(model, EncoderIdentity.of(fs.readEncoderInfo(key).identityProperties()));
        ClassSet classes = ClassSet.parse(String.join(",", m.classes()));
        // Only the rows scored are read: the model's classes (test half, or both halves with --split all).
        CorpusFeatures c = CorpusFeatures.load(fs, key, corpus, splits.resolve(corpus + ".adapt-test.csv"), classes,
                false, 1, CorpusFeatures.Reading.LABELLED);
        boolean all = split.equals("all");
        EvaluationResult r = m.evaluate(c.asTargetTest(all));
        PrintWriter w = spec.commandLine().getOut();
        w.printf("%s on %s (%s, %d utterances)%n", model, corpus, all ? "all utterances" : "test half", r.utterances());
        w.print(r.toText());
        w.flush();
        if (out != null) {
            Files.createDirectories(out);
            ConfusionMatrixHeatmap.writePng(r.confusionMatrix(), "Confusion on " + corpus + " (" + split + ")",
                    out.resolve("confusion.png"));
            Files.writeString(out.resolve("evaluation.txt"), r.toText());
            w.println("wrote " + out.resolve("confusion.png"));
        }
        return 0;
    }

    /**
     * The store: of the run file that {@code train} copied into the model folder
     * ({@link TrainingRunFile#copyIn}), as written there (a relative path is taken from the current
     * folder, as train took it); 'store' for a model without one. Said on stderr, so that a result is
     * never read from a store the user did not know was used.
     */
    private Path storeOfModel() {
        Path runFile = null;
        try {
            runFile = TrainingRunFile.copyIn(model).orElse(null);
            if (runFile != null) {
                Path recorded = TrainingRunFile.read(runFile).store();
                spec.commandLine().getErr().println("store: " + recorded + " (from " + runFile + ")");
                return recorded;
            }
        } catch (IOException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("note: " + (runFile != null ? runFile : model) + " names no usable store ("
                    + e.getMessage() + "); using 'store'");
        }
        return Path.of("store");
    }
}
