package org.layeranchor.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
import org.layeranchor.testing.TestWav;
import org.layeranchor.testing.TinyWhisper;

/**
 * {@code train} loads only the rows it reads (a source's labelled rows, the target's adapt half:
 * {@link CorpusFeatures.Reading}); the model it writes must be the one trained from corpora loaded
 * whole, as before, byte for byte — on the real faithful-mode store, RAVDESS → EmoDB, for the linear
 * strategies the cost-growth table times and for the settings that need every row.
 *
 * <p>Where the faithful-mode store of the four corpora exists ({@code store} at the repository root or
 * -Dlayeranchor.faithfulStore=DIR, as {@code DefaultModelNumbersTest}) it is used; elsewhere (CI) the
 * same comparison runs on a tiny store extracted here: two corpora of tones from a random tiny Whisper,
 * with a fifth emotion outside the class set and an adapt/test split, so that rows left unread exist.
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
        String direction = "source: ravdess\ntarget: emodb\nsplits: " + REPOSITORY.resolve("splits");
        if (!Files.isDirectory(store)) {
            store = tmp.resolve("tiny-store");
            direction = "source: alpha\ntarget: beta\nsplits: " + tinyStore(tmp, store);
        }
        Path config = tmp.resolve("run.yaml");
        Files.writeString(config, "store: " + store + "\n" + direction + "\nsetting: " + setting
                + "\nout: " + tmp.resolve("cli") + "\ntraining:\n  strategy: "
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

    /**
     * Two corpora (alpha 40, beta 30 utterances of tones, 4 speakers each, five emotions of which fear is
     * outside the default class set) extracted in fast mode with a random tiny Whisper into {@code store};
     * returns their split folder.
     */
    private static Path tinyStore(Path tmp, Path store) throws Exception {
        Path model = tmp.resolve("tiny-whisper");
        TinyWhisper.write(model, 5);
        String[] emotions = {"neutral", "happy", "sad", "angry", "fear"};
        Path[] corpora = new Path[2];
        for (int c = 0; c < 2; c++) {
            Path dir = Files.createDirectories(tmp.resolve(c == 0 ? "alpha" : "beta").resolve("audio"));
            StringBuilder m = new StringBuilder("path,speaker,gender,emotion,language,text,duration_s\n");
            for (int i = 0; i < (c == 0 ? 40 : 30); i++) {
                String p = "audio/u" + i + ".wav";
                TestWav.writeMono16(dir.resolve("u" + i + ".wav"), 16000,
                        TestWav.tone(120 + 11 * i + 40 * (i % 5) + 7 * c, 16000, 1.0, 0.05 + 0.03 * (i % 5)));
                m.append(p).append(",spk").append(i % 4).append(',').append(i % 2 == 0 ? "f" : "m").append(',')
                        .append(emotions[(i / 4) % 5]).append(",xx,,1.0\n");
            }
            corpora[c] = dir.getParent();
            Files.writeString(corpora[c].resolve("manifest.csv"), m.toString());
        }
        Path splits = tmp.resolve("tiny-splits");
        LayerAnchorCliTest.Run split = LayerAnchorCliTest.run("corpus", "split", corpora[0].toString(), corpora[1].toString(),
                "--scheme", "adapt-test", "-o", splits.toString());
        assertEquals(0, split.code(), split.err());
        LayerAnchorCliTest.Run extract = LayerAnchorCliTest.run("extract", "--model", model.toString(), "--corpus",
                corpora[0].toString(), corpora[1].toString(), "--store", store.toString(), "--mode", "fast");
        assertEquals(0, extract.code(), extract.err());
        return splits;
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
