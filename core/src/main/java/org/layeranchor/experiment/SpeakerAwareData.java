package org.layeranchor.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.layeranchor.evaluation.Evaluation;
import org.layeranchor.features.FeatureSet;
import org.layeranchor.training.AnchorInputs;
import org.layeranchor.training.EncoderIdentity;
import org.layeranchor.training.Strategy;
import org.layeranchor.training.TrainedModel;
import org.layeranchor.training.Trainer;
import org.layeranchor.training.UnlabelledFeatures;
import org.layeranchor.training.SpeakerConfound;
import org.layeranchor.training.SpeakerStandardisation;
import org.layeranchor.training.TrainingConfig;
import org.layeranchor.training.TrainingConfig.Standardisation;

/**
 * One direction's data with {@code standardisation: per-speaker} or {@code auto} applied: which
 * sources and whether the target are standardised per speaker, decided without target labels, and
 * the features transformed accordingly. The trainer then standardises per domain as usual (close to
 * the identity on rows already standardised per speaker).
 *
 * <p>The decision, for {@code auto}: a source is standardised per speaker when its own labels show
 * that its speakers each carry most of its emotions ({@link SpeakerConfound#fromLabels}); the target
 * when the classes that a model standardised per domain <em>predicts</em> for its unlabelled audio
 * spread within its speakers the same way ({@link SpeakerConfound#spread}). {@code per-speaker}
 * standardises everything per speaker. Target labels are never read here: the target arrives as
 * unlabelled rows, its test rows' labels are only carried through.
 *
 * <p>Test rows: a speaker is standardised with the statistics of the evidence given for it. The
 * inductive table gives none (the test speakers' audio is not seen before the test: their rows get
 * the target domain's statistics), the transductive table gives all the target's unlabelled audio,
 * and the test-time table the test speakers' own unlabelled utterances, all emotions.
 */
public final class SpeakerAwareData {
    /** The outcome of the decision, as reported per direction. */
    public record Decision(Map<String, Double> sourceSpread, List<String> perSpeakerSources, double targetSpread,
                           boolean targetPerSpeaker, String note) {
        public String describe() {
            if (!note.isEmpty()) {
                return note;
            }
            StringBuilder sb = new StringBuilder();
            sb.append("sources per speaker: ").append(perSpeakerSources.isEmpty() ? "none" : String.join(", ", perSpeakerSources));
            sb.append(" (label spread");
            sourceSpread.forEach((c, v) -> sb.append(' ').append(c).append(' ').append(f(v)));
            sb.append("); target per speaker: ").append(targetPerSpeaker ? "yes" : "no");
            if (!Double.isNaN(targetSpread)) {
                sb.append(" (predicted spread ").append(f(targetSpread)).append(')');
            }
            return sb.toString();
        }

        private static String f(double v) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
    }

    private SpeakerAwareData() {
    }

    /** Whether this configuration standardises anything per speaker. */
    static boolean applies(TrainingConfig cfg) {
        return cfg.standardisation() == Standardisation.PER_SPEAKER || cfg.standardisation() == Standardisation.AUTO;
    }

    /**
     * A source corpus's labelled rows, standardised per speaker when {@code perSpeaker}: the speaker
     * and domain statistics come from all of the corpus's utterances ({@code everyRow}), whatever their
     * class.
     */
    static FeatureSet source(FeatureSet labelled, FeatureSet everyRow, boolean perSpeaker, double shrinkage) {
        if (!perSpeaker) {
            return labelled;
        }
        return SpeakerStandardisation.fit(everyRow, shrinkage).apply(labelled, everyRow);
    }

    /**
     * The rows of a source corpus that {@link #prepare} reads under {@code cfg}: its labelled rows, or
     * every row where statistics may be computed per speaker (a speaker's statistics read all of its
     * utterances, whatever their emotion).
     */
    public static CorpusFeatures.Reading sourceRows(TrainingConfig cfg) {
        return applies(cfg) ? CorpusFeatures.Reading.EVERY_ROW : CorpusFeatures.Reading.LABELLED;
    }

    /**
     * The rows of the target corpus that {@link #prepare} reads under {@code cfg} (its test rows are
     * read later, by whoever evaluates): the adapt half when inductive and per domain; every row when
     * transductive (the unlabelled target is all of it) or where the test speakers' own audio may be read
     * for per-speaker statistics.
     */
    public static CorpusFeatures.Reading targetRows(TrainingConfig cfg, boolean transductive) {
        return transductive || applies(cfg) ? CorpusFeatures.Reading.EVERY_ROW : CorpusFeatures.Reading.ADAPT_HALF;
    }

    /** Whether a labelled source is standardised per speaker under {@code cfg}, and its label spread. */
    static boolean sourcePerSpeaker(TrainingConfig cfg, double labelSpread) {
        return cfg.standardisation() == Standardisation.PER_SPEAKER
                || cfg.standardisation() == Standardisation.AUTO && !SpeakerConfound.confounded(labelSpread);
    }

    /** Whether the target is standardised per speaker, given its predicted-class spread (label-free). */
    static boolean targetPerSpeaker(TrainingConfig cfg, double predictedSpread) {
        return cfg.standardisation() == Standardisation.PER_SPEAKER
                || cfg.standardisation() == Standardisation.AUTO && !SpeakerConfound.confoundedByPredictions(predictedSpread);
    }

    /**
     * Which unlabelled audio of the target's test speakers a setting lets their rows be standardised with:
     * none (inductive: they are unseen), all the target's unlabelled audio (transductive: it includes them),
     * or each test speaker's own utterances (test-time, and {@code predict} with speaker ids).
     */
    public enum TestSpeakers {
        UNSEEN, IN_UNLABELLED_TARGET, OWN_UTTERANCES;

        boolean heard() {
            return this != UNSEEN;
        }
    }

    /**
     * One direction's data under a configuration's standardisation: the labelled sources (pooled when
     * several, {@link MultiSourceFeatures}), the unlabelled target, and how the target's test rows are to be
     * standardised once they are read — after training ({@code testRows}). {@code speakers} is the
     * target's per-speaker standardisation, or null where the target is standardised per domain.
     */
    public record DirectionData(FeatureSet source, FeatureSet sourceVowel, FeatureSet unlabelled, FeatureSet unlabelledVowel,
                                UnaryOperator<FeatureSet> testRows, Decision decision, SpeakerStandardisation speakers) {
    }

    /**
     * The data of one direction. With {@code auto}, per-speaker standardisation is used only where the
     * test speakers are heard (their rows can be standardised with their own audio) and the target passes
     * the label-free test; the sources then follow their own labels' spread, and everything stays per
     * domain otherwise — measured: standardising the sources or the adapt half per speaker while the test
     * speakers get the domain's statistics costs 2–3 points (docs/BENCHMARK.md).
     */
    public static DirectionData prepare(List<CorpusFeatures> sources, CorpusFeatures target, boolean transductive,
                                        TestSpeakers testSpeakers, TrainingConfig cfg, List<String> classes,
                                        boolean vowels, EncoderIdentity encoder) {
        FeatureSet unlabelled = target.asUnlabelledTarget(transductive, false);
        FeatureSet unlabelledVowel = vowels ? target.asUnlabelledTarget(transductive, true) : null;
        FeatureSet sourceVowel = vowels ? pooled(sources.stream().map(c -> c.asSource(true)).toList()) : null;
        FeatureSet perDomainSource = pooled(sources.stream().map(c -> c.asSource(false)).toList());
        boolean auto = cfg.standardisation() == Standardisation.AUTO;
        if (!applies(cfg) || auto && !testSpeakers.heard()) {
            Decision d = applies(cfg) ? new Decision(Map.of(), List.of(), Double.NaN, false, "per domain: this setting "
                    + "does not hear the test speakers, so none is standardised per speaker") : null;
            return new DirectionData(perDomainSource, sourceVowel, unlabelled, unlabelledVowel, UnaryOperator.identity(), d,
                    null);
        }
        double targetSpread = auto ? predictedSpread(perDomainSource, unlabelled, cfg, classes, encoder) : Double.NaN;
        boolean targetOn = targetPerSpeaker(cfg, targetSpread);
        Map<String, Double> spread = new LinkedHashMap<>();
        Map<String, Boolean> perSpeaker = new LinkedHashMap<>();
        List<FeatureSet> parts = new ArrayList<>();
        for (CorpusFeatures c : sources) {
            FeatureSet labelled = c.asSource(false);
            double s = SpeakerConfound.fromLabels(labelled.utterances(), classes);
            // auto: the sources go per speaker only together with the target.
            boolean on = sourcePerSpeaker(cfg, s) && (targetOn || !auto);
            spread.put(c.corpus, s);
            perSpeaker.put(c.corpus, on);
            parts.add(source(labelled, c.everyRow(), on, cfg.speakerShrinkage()));
        }
        Decision decision = decision(spread, perSpeaker, targetSpread, targetOn);
        if (!targetOn) {
            return new DirectionData(pooled(parts), sourceVowel, unlabelled, unlabelledVowel, UnaryOperator.identity(),
                    decision, null);
        }
        SpeakerStandardisation speakers = SpeakerStandardisation.fit(unlabelled, cfg.speakerShrinkage());
        FeatureSet adapt = unlabelled;
        UnaryOperator<FeatureSet> testRows = switch (testSpeakers) {
            case UNSEEN -> rows -> speakers.apply(rows, Map.of());
            case IN_UNLABELLED_TARGET -> rows -> speakers.apply(rows, adapt);
            case OWN_UTTERANCES -> rows -> speakers.apply(rows, target.asUnlabelledTestHalf());
        };
        return new DirectionData(pooled(parts), sourceVowel, speakers.apply(unlabelled, unlabelled), unlabelledVowel, testRows,
                decision, speakers);
    }

    /** One corpus as it is, or several each standardised with its own statistics and pooled. */
    private static FeatureSet pooled(List<FeatureSet> parts) {
        return parts.size() == 1 ? parts.get(0) : MultiSourceFeatures.pool(parts);
    }

    /**
     * The label-free test of the target ({@link SpeakerConfound}): how the classes that a per-domain
     * weighted-sum model predicts for the unlabelled target spread within its speakers.
     */
    private static double predictedSpread(FeatureSet perDomainSource, FeatureSet unlabelled, TrainingConfig cfg,
                                          List<String> classes, EncoderIdentity encoder) {
        TrainingConfig probe = cfg.withStandardisation(Standardisation.PER_DOMAIN)
                .withStrategy(Strategy.WEIGHTED_SUM).withClasses(classes);
        UnlabelledFeatures u = UnlabelledFeatures.withoutLabels(unlabelled);
        TrainedModel m = Trainer.train(probe, perDomainSource, u, AnchorInputs.none(), encoder);
        int[] predicted = Evaluation.argmax(m.predictProba(u));
        return SpeakerConfound.spread(unlabelled.utterances(), predicted, classes.size());
    }

    /** The decision record from its parts (sources in the order given). */
    static Decision decision(Map<String, Double> sourceSpread, Map<String, Boolean> sourcePerSpeaker, double targetSpread,
                             boolean targetPerSpeaker) {
        List<String> per = new ArrayList<>();
        sourcePerSpeaker.forEach((c, on) -> {
            if (on) {
                per.add(c);
            }
        });
        return new Decision(new LinkedHashMap<>(sourceSpread), per, targetSpread, targetPerSpeaker, "");
    }
}
