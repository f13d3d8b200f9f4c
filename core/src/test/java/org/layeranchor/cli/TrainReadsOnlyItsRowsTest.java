package org.layeranchor.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.corpus.ClassSet;
import org.layeranchor.experiment.AnchorChooser;
import org.layeranchor.experiment.CorpusFeatures;
import org.layeranchor.experiment.SpeakerAwareData;
import org.layeranchor.experiment.TrainingRunFile;
import org.layeranchor.features.FeatureStore;
import org.layeranchor.training.EncoderIdentity;
import org.layeranchor.training.TrainedModel;
import org.layeranchor.training.Trainer;
import org.layeranchor.training.UnlabelledFeatures;

/**
 * {@code train} loads only the rows it reads (a source's labelled rows, the target's adapt half:
 * {@link CorpusFeatures.Reading}); the model it writes must be the one trained from corpora loaded
 * whole, as before, byte for byte — on the real faithful-mode store, RAVDESS → EmoDB, for the linear
 * strategies the cost-growth table times and for the settings that need every row.
 *
 * <p>Needs the faithful-mode store of the four corpora ({@code store} at the repository root or
 * -Dlayeranchor.faithfulStore=DIR, as {@code DefaultModelNumbersTest}); skipped where there is none (CI).
 */
class TrainReadsOnlyItsRowsTest {
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    @ParameterizedTest(name = "{0}, {1}, {2}")
    @CsvSource({
            "lam, per-domain, inductive",
            "weighted-sum, per-domain, inductive",
            "last-layer, per-domain, inductive",
            "lam-gl, per-domain, inductive",
            "lam, per-domain, transductive",
            "lam, per-speaker, inductive"})
    void theModelIsTheOneTrainedFromWholeCorpora(String strategy, String standardisation, String setting,
                                                 @TempDir Path tmp) throws Exception {
        String given = System.getProperty("layeranchor.faithfulStore");
        Path store = given != null ? Path.of(given) : REPOSITORY.resolve("store");
        assumeTrue(Files.isDirectory(store), "no faithful feature store at " + store + " (CI does not build it)");
        Path config = tmp.resolve("run.yaml");
        Files.writeString(config, "store: " + store + "\nsource: ravdess\ntarget: emodb\nsetting: " + setting
                + "\nsplits: " + REPOSITORY.resolve("splits") + "\nout: " + tmp.resolve("cli") + "\ntraining:\n  strategy: "
                + strategy + "\n  standardisation: " + standardisation + "\n  seed: 0\n");

        LayerAnchorCliTest.Run cli = LayerAnchorCliTest.run("train", "--config", config.toString());
        assertEquals(0, cli.code(), cli.err());
        wholeCorporaModel(TrainingRunFile.read(config)).save(tmp.resolve("whole"));

        List<Path> files;
        try (Stream<Path> s = Files.walk(tmp.resolve("whole"))) {
            files = s.filter(Files::isRegularFile).map(tmp.resolve("whole")::relativize).sorted().toList();
        }
        assertFalse(files.isEmpty());
        for (Path f : files) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve("whole").resolve(f)), Files.readAllBytes(tmp.resolve("cli").resolve(f)),
                    f + " differs");
        }
    }

    /** What {@code train} did before it chose rows: both corpora loaded whole, then the same steps. */
    private static TrainedModel wholeCorporaModel(TrainingRunFile run) throws Exception {
        FeatureStore fs = FeatureStore.openExisting(run.store());
        String key = fs.resolveEncoderKey(run.encoder());
        ClassSet classes = ClassSet.parse(String.join(",", run.training().classes())).withMerges(run.merges());
        CorpusFeatures source = CorpusFeatures.load(fs, key, run.source(), run.splits().resolve(run.source() + ".adapt-test.csv"),
                classes, false, 1);
        CorpusFeatures target = CorpusFeatures.load(fs, key, run.target(), run.splits().resolve(run.target() + ".adapt-test.csv"),
                classes, false, 1);
        EncoderIdentity identity = EncoderIdentity.of(fs.readEncoderInfo(key).identityProperties());
        SpeakerAwareData.DirectionData data = SpeakerAwareData.prepare(List.of(source), target, run.transductive(),
                SpeakerAwareData.TestSpeakers.OWN_UTTERANCES, run.training(), classes.classes(), false, identity);
        AnchorChooser.Choice choice = AnchorChooser.choose(data.source(), data.unlabelled(), null, null, null, run.training());
        TrainedModel model = Trainer.train(run.training(), data.source(), UnlabelledFeatures.withoutLabels(data.unlabelled()),
                choice.inputs(), identity);
        return data.speakers() == null ? model : model.withSpeakerStandardisation(data.speakers());
    }
}
