package org.layeranchor.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.layeranchor.analysis.AnalysisOptions;
import org.layeranchor.analysis.AnalysisResult;
import org.layeranchor.analysis.AnalysisWriter;
import org.layeranchor.analysis.AnchorSelection;
import org.layeranchor.analysis.CrossLingualAnalysis;
import org.layeranchor.analysis.FramePooling;
import org.layeranchor.analysis.LabelUse;
import org.layeranchor.analysis.LayerMeasure;
import org.layeranchor.analysis.LayerRanking;
import org.layeranchor.analysis.PerDomainCoralRanking;
import org.layeranchor.analysis.UtteranceVector;
import org.layeranchor.features.FeatureSet;
import org.layeranchor.training.AnchorInputs;
import org.layeranchor.training.TrainingConfig;

/**
 * Chooses anchors for one direction from source features and unlabelled target features only: the
 * label-free consensus ranking of the layers (lam), the same on vowel frames (lam-vowel) and the
 * contiguous layer groups ranked by similarity (lam-gl). Label-using measures are switched off, and
 * the caller passes target features with labels blanked.
 */
public final class AnchorChooser {
    /** Groups handed to lam-gl as anchors: the most similar ones, leaving the least similar unaligned. */
    public static final int GROUP_ANCHORS = 2;

    /**
     * @param similarityRanking layers best first
     * @param vowelRanking      layers best first on vowel frames, or empty when not computed
     * @param groups            contiguous groups, best first
     */
    public record Choice(int[] similarityRanking, int[] vowelRanking, List<int[]> groups) {
        public AnchorInputs inputs() {
            AnchorInputs a = AnchorInputs.none().withSimilarityRanking(similarityRanking)
                    .withGroups(groups.subList(0, Math.min(GROUP_ANCHORS, groups.size())));
            return vowelRanking.length > 0 ? a.withVowelRanking(vowelRanking) : a;
        }

        public String describe() {
            List<String> g = new ArrayList<>();
            groups.forEach(x -> g.add(Arrays.toString(x)));
            return "ranking " + Arrays.toString(similarityRanking) + ", groups " + g + ", vowel ranking "
                    + Arrays.toString(vowelRanking);
        }
    }

    private AnchorChooser() {
    }

    /**
     * Anchors as the config asks: {@code anchorRanking} (CORAL distance or the consensus of the label-free
     * measures; the groups themselves always come from the within-corpus CKA matrix),
     * {@code multiSourceRanking} (several sources ranked pooled or each on its own) and
     * {@code rankingInputs} (which vectors the CORAL ranking reads).
     *
     * @param sourceVowel vowel-pooled source features, or null to skip the vowel ranking
     * @param targetVowel vowel-pooled unlabelled target features, or null
     * @param analysisOut where the selection analyses (tables, plots) are written, or null
     */
    public static Choice choose(FeatureSet source, FeatureSet unlabelledTarget, FeatureSet sourceVowel,
                                FeatureSet targetVowel, Path analysisOut, TrainingConfig config) throws IOException {
        return choose(source, unlabelledTarget, sourceVowel, targetVowel, analysisOut, config, FramePooling.ALL_FRAMES);
    }

    /**
     * As above; {@code pooled} says over which frames the features were pooled, so that the analysis
     * written to {@code analysisOut} names it (the numbers cannot tell).
     */
    public static Choice choose(FeatureSet source, FeatureSet unlabelledTarget, FeatureSet sourceVowel,
                                FeatureSet targetVowel, Path analysisOut, TrainingConfig config, FramePooling pooled)
            throws IOException {
        return choose(source, unlabelledTarget, sourceVowel, targetVowel, analysisOut, config.anchorRanking(),
                config.multiSourceRanking(), config.rankingVector(), pooled);
    }

    private static Choice choose(FeatureSet source, FeatureSet unlabelledTarget, FeatureSet sourceVowel,
                                 FeatureSet targetVowel, Path analysisOut, TrainingConfig.AnchorRanking ranking,
                                 TrainingConfig.MultiSource multiSource, UtteranceVector vector, FramePooling pooled)
            throws IOException {
        requireBlank(unlabelledTarget);
        AnalysisOptions selection = AnalysisOptions.defaults().withLabelUsingMeasures(false).withFramePooling(pooled);
        AnalysisResult all = CrossLingualAnalysis.run(source, unlabelledTarget, selection);
        if (analysisOut != null) {
            AnalysisWriter.write(all, analysisOut);
        }
        LayerRanking layers = ranking == TrainingConfig.AnchorRanking.CONSENSUS ? all.consensus() : perDomainCoral(source, unlabelledTarget, multiSource, vector);
        List<int[]> groups = new ArrayList<>();
        for (AnchorSelection.RankedGroup g : AnchorSelection.rankGroups(all.contiguousGroups(), layers)) {
            groups.add(g.layers().stream().mapToInt(Integer::intValue).toArray());
        }
        int[] vowel = new int[0];
        if (sourceVowel != null && targetVowel != null) {
            requireBlank(targetVowel);
            if (ranking == TrainingConfig.AnchorRanking.CONSENSUS) {
                AnalysisResult v = CrossLingualAnalysis.run(sourceVowel, targetVowel,
                        selection.withFramePooling(FramePooling.VOWEL_FRAMES));
                if (analysisOut != null) {
                    AnalysisWriter.write(v, analysisOut.resolve("vowel-frames"));
                }
                vowel = v.consensus().layersBestFirst();
            } else {
                vowel = perDomainCoral(sourceVowel, targetVowel, multiSource, vector).layersBestFirst();
            }
        }
        return new Choice(layers.layersBestFirst(), vowel, groups);
    }

    private static LayerRanking perDomainCoral(FeatureSet source, FeatureSet target, TrainingConfig.MultiSource multiSource,
                                               UtteranceVector vector) {
        PerDomainCoralRanking.Result r = multiSource == TrainingConfig.MultiSource.PER_SOURCE
                ? PerDomainCoralRanking.rankPerSource(source, target, vector) : PerDomainCoralRanking.rank(source, target, vector);
        return LayerRanking.of(PerDomainCoralRanking.NAME, LabelUse.NONE, LayerMeasure.Better.LOWER, r.distances());
    }

    private static void requireBlank(FeatureSet target) {
        target.utterances().stream().filter(u -> !u.emotion().isEmpty()).findFirst().ifPresent(u -> {
            throw new IllegalArgumentException("anchor selection must not see target labels, but " + u.id()
                    + " carries '" + u.emotion() + "'");
        });
    }
}
