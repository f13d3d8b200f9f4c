package org.layeranchor.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.layeranchor.analysis.FramePooling;
import org.layeranchor.corpus.ClassSet;
import org.layeranchor.experiment.AnchorChooser;
import org.layeranchor.experiment.CorpusFeatures;
import org.layeranchor.experiment.MultiSourceFeatures;
import org.layeranchor.experiment.SpeakerAwareData;
import org.layeranchor.experiment.TrainingRunFile;
import org.layeranchor.features.FeatureSet;
import org.layeranchor.features.FeatureStore;
import org.layeranchor.features.Pooling;
import org.layeranchor.training.EncoderIdentity;
import org.layeranchor.training.TrainedModel;
import org.layeranchor.training.Trainer;
import org.layeranchor.training.UnlabelledFeatures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code layeranchor train --config FILE}: one model for one direction. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train an emotion classifier on a labelled source corpus, aligned with an unlabelled target "
                + "corpus at anchors chosen without target labels. The run file (JSON or YAML) names the store, source, "
                + "target and training settings; see docs/TRAINING.md. The resolved configuration is saved in the model.")
final class TrainCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, description = "Run file (.json, .yaml or .yml).")
    Path config;

    @Option(names = "--overwrite", description = "Write into the run file's out: folder even when it exists and is not "
            + "empty (its model files are replaced) or lies inside the feature store.")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        TrainingRunFile run = TrainingRunFile.read(config);
        OutputFolder.requireFree(run.out(), run.store(), overwrite, config); // before any work, and before anything is written
        if (run.training().strategy() == org.layeranchor.training.Strategy.LAM_VOWEL && !run.vowels()) {
            throw new IllegalArgumentException(config + ": strategy lam-vowel ranks layers on vowel frames: set "
                    + "'vowels: true' (needs a store extracted with --frames)");
        }
        FeatureStore fs = FeatureStore.openExisting(run.store());
        String key = fs.resolveEncoderKey(run.encoder());
        ClassSet classes;
        try {
            classes = ClassSet.parse(String.join(",", run.training().classes())).withMerges(run.merges());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(config + ": " + e.getMessage(), e);
        }
        int threads = Runtime.getRuntime().availableProcessors();
        List<CorpusFeatures> sources = new ArrayList<>();
        for (String s : run.sources()) {
            if (s.equals(run.target())) {
                throw new IllegalArgumentException(config + ": '" + s + "' is both a source and the target");
            }
            // Only the rows training reads are loaded (not a source's other emotions, not the target's test half).
            sources.add(CorpusFeatures.load(fs, key, s, run.splits().resolve(s + ".adapt-test.csv"), classes, run.vowels(),
                    threads, SpeakerAwareData.sourceRows(run.training())));
        }
        for (CorpusFeatures s : sources) {
            s.labelsOutsideClasses().forEach((label, n) -> spec.commandLine().getErr().println("note: source " + s.corpus
                    + " has " + n + " '" + label + "' utterances outside the classes " + classes
                    + "; they are not trained on (a run file's 'merge: [" + label + "=CLASS]' counts them as CLASS)"));
        }
        if (!run.hasTarget()) {
            return trainWithoutTarget(run, fs, key, sources, out);
        }
        CorpusFeatures target = CorpusFeatures.load(fs, key, run.target(), run.splits().resolve(run.target() + ".adapt-test.csv"),
                classes, run.vowels(), threads, SpeakerAwareData.targetRows(run.training(), run.transductive()));
        List<CorpusFeatures> everyCorpus = new ArrayList<>(sources);
        everyCorpus.add(target);
        for (CorpusFeatures c : everyCorpus) {
            c.vowelSubsampleNote().ifPresent(note -> spec.commandLine().getErr().println("note: " + note));
        }
        EncoderIdentity identity = EncoderIdentity.of(fs.readEncoderInfo(key).identityProperties());
        // Several sources: each standardised with its own statistics, then pooled (MultiSourceFeatures); with
        // standardisation per-speaker or auto, speakers too (SpeakerAwareData, which also decides for auto).
        // A deployed model hears its speakers (predict --speaker-pattern/--speakers), so auto decides as for test time.
        SpeakerAwareData.DirectionData data = SpeakerAwareData.prepare(sources, target, run.transductive(),
                SpeakerAwareData.TestSpeakers.OWN_UTTERANCES, run.training(), classes.classes(), run.vowels(), identity);
        FeatureSet src = data.source();
        FeatureSet unlabelled = data.unlabelled();
        long t0 = System.nanoTime();
        AnchorChooser.Choice choice = AnchorChooser.choose(src, unlabelled, data.sourceVowel(), data.unlabelledVowel(),
                run.out().resolve("anchor-analysis"), run.training(),
                FramePooling.of(Pooling.of(fs.readEncoderInfo(key).settings())));
        out.printf("anchors (label-free, from %d source and %d unlabelled target utterances): %s%n",
                src.rows(), unlabelled.rows(), choice.describe());
        if (data.decision() != null) {
            out.printf("standardisation %s: %s%n", run.training().standardisation().key(), data.decision().describe());
        }
        TrainedModel model = Trainer.train(run.training(), src, UnlabelledFeatures.withoutLabels(unlabelled),
                choice.inputs(), identity);
        if (data.speakers() != null) {
            model = model.withSpeakerStandardisation(data.speakers());
        }
        writeModelFolder(model, fs, key, run);
        org.layeranchor.training.ModelDescription d = model.description();
        out.printf("trained %s on %s -> %s in %.1f s; head %s, layers read %s, inputs standardised with %s statistics%s; "
                        + "model written to %s%n",
                run.training().strategy(), String.join("+", run.sources()), run.target(), (System.nanoTime() - t0) / 1e9,
                run.training().head().key(), d.usedLayers(), d.standardisedWith(),
                org.layeranchor.training.ModelDescription.STANDARDISED_WITH_TARGET.equals(d.standardisedWith())
                        ? " (of " + unlabelled.rows() + " unlabelled target utterances)" : "", run.out());
        return 0;
    }

    /** The model folder: the model, where its encoder is, the run file it was trained from; missing classes said. */
    private void writeModelFolder(TrainedModel model, FeatureStore fs, String key, TrainingRunFile run) throws Exception {
        model.save(run.out());
        org.layeranchor.encoder.EncoderLocation.copy(fs.encoderDir(key), run.out());
        Files.copy(config, run.out().resolve(TrainingRunFile.copyName(config)),
                StandardCopyOption.REPLACE_EXISTING);
        reportMissingClasses(model);
    }

    /**
     * A model for no language in particular (no {@code target:}): a source-only strategy on the pooled
     * sources, keeping the sources' own statistics so that it predicts on unseen audio as it is and
     * can be re-standardised for a new domain at use time ({@code predict --adapt-on}, batch, serve).
     */
    private Integer trainWithoutTarget(TrainingRunFile run, FeatureStore fs, String key, List<CorpusFeatures> sources,
                                       PrintWriter out) throws Exception {
        org.layeranchor.training.Strategy strategy = run.training().strategy();
        if (strategy.adaptsToTarget()) {
            throw new IllegalArgumentException(config + ": strategy " + strategy + " aligns with a target corpus: name one "
                    + "with 'target:', or use a strategy that does not (weighted-sum, best-layer, last-layer)");
        }
        if (run.vowels()) {
            throw new IllegalArgumentException(config + ": 'vowels: true' ranks layers against a target; there is none");
        }
        List<FeatureSet> raw = sources.stream().map(c -> c.asSource(false)).toList();
        FeatureSet src = sources.size() > 1 ? MultiSourceFeatures.pool(raw) : raw.get(0);
        long t0 = System.nanoTime();
        EncoderIdentity identity = EncoderIdentity.of(fs.readEncoderInfo(key).identityProperties());
        TrainedModel model = Trainer.train(run.training(), src, UnlabelledFeatures.none(),
                org.layeranchor.training.AnchorInputs.none(), identity);
        if (run.training().standardisation() == org.layeranchor.training.TrainingConfig.Standardisation.PER_DOMAIN) {
            model = model.withSourcesStatistics(MultiSourceFeatures.equalWeightStatistics(raw));
        }
        Files.createDirectories(run.out());
        writeModelFolder(model, fs, key, run);
        org.layeranchor.training.ModelDescription d = model.description();
        out.printf("trained %s on %s (no target) in %.1f s; head %s, layers read %s, inputs standardised with %s statistics; "
                        + "model written to %s%n", strategy, String.join("+", run.sources()), (System.nanoTime() - t0) / 1e9,
                run.training().head().key(), d.usedLayers(), d.standardisedWith(), run.out());
        return 0;
    }

    private void reportMissingClasses(TrainedModel model) {
        org.layeranchor.training.ModelDescription d = model.description();
        for (org.layeranchor.training.TrainingProvenance.SourceCorpus s : d.provenance().sources()) {
            s.classCounts().forEach((c, n) -> {
                if (n == 0) {
                    spec.commandLine().getErr().println("warning: source " + s.corpus() + " has no '" + c
                            + "' utterances; that class is learnt from the other sources only");
                }
            });
        }
    }
}
