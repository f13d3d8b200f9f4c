package org.layeranchor.training;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.layeranchor.features.FeatureSet;

/**
 * Writes the committed linear-head model folder that {@link CommittedModelFolderTest} reads, with its
 * inputs and expected probabilities, as {@link CommittedModelFolderWriter} does for the network head.
 * Not part of the default test run (the name does not end in "Test"); only run it to add a folder for
 * a new format version, never to make CommittedModelFolderTest pass again:
 *
 * <pre>./mvnw -q test -Dtest=CommittedLinearModelFolderWriter</pre>
 *
 * It writes, relative to the project root (Maven's working directory for tests):
 * <pre>
 *   src/test/resources/models/format-V-lam-linear/        the model folder, exactly as TrainedModel.save writes it
 *   src/test/resources/models/format-V-lam-linear.check/  mean.npy, std.npy [layers, rows, dim] float32 inputs;
 *                                                        expected.json: classes and predictProba of those inputs
 * </pre>
 * where V is {@link ModelDescription#FORMAT_VERSION}. A tiny lam model with the default config (linear
 * head, per-domain standardisation): 3 layers of dim 4, 4 classes, trained with an unlabelled target,
 * so the stored normalizer holds the target's statistics.
 */
class CommittedLinearModelFolderWriter {
    @Test
    void write() throws IOException {
        String name = "format-" + ModelDescription.FORMAT_VERSION + "-lam-linear";
        Path models = Path.of("src/test/resources/models");
        Path folder = models.resolve(name);
        Path check = models.resolve(name + ".check");
        CommittedModelFolderWriter.deleteRecursively(folder);
        CommittedModelFolderWriter.deleteRecursively(check);

        SyntheticCorpus structure = new SyntheticCorpus(4, new double[] {0.6, 1.2, 0.8}, 3);
        FeatureSet source = structure.sample("src", "en", 48, 6, 1);
        FeatureSet target = structure.sample("tgt", "zh", 32, 4, 2);
        TrainedModel m = Trainer.train(TrainingConfig.defaults().withStrategy(Strategy.LAM), source,
                UnlabelledFeatures.withoutLabels(target), AnchorInputs.none().withSimilarityRanking(1, 2, 0),
                EncoderIdentity.of(CommittedModelFolderWriter.ENCODER));
        m.save(folder);

        CommittedModelFolderWriter.writeCheck(check, name, m, structure.sample("probe", "de", 6, 2, 3));
        System.out.println("wrote " + folder.toAbsolutePath() + " and " + check.toAbsolutePath());
    }
}
