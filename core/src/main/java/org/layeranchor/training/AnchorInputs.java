package org.layeranchor.training;

import java.util.ArrayList;
import java.util.List;

/**
 * What the analysis stage hands to training: label-free layer rankings and layer groups, as plain
 * layer indices of the feature store (0 = the encoder's first hidden-state layer). Each strategy reads
 * only the part it needs; a missing part is {@code null}.
 *
 * @param similarityRanking layers, most similar across languages first ({@code lam})
 * @param vowelRanking      the same ranking measured on vowel frames ({@code lam-vowel})
 * @param groups            layer groups, each one anchor ({@code lam-gl})
 */
public record AnchorInputs(int[] similarityRanking, int[] vowelRanking, List<int[]> groups) {
    public AnchorInputs {
        similarityRanking = similarityRanking == null ? null : similarityRanking.clone();
        vowelRanking = vowelRanking == null ? null : vowelRanking.clone();
        if (groups != null) {
            List<int[]> copy = new ArrayList<>();
            for (int[] g : groups) {
                copy.add(g.clone());
            }
            groups = List.copyOf(copy);
        }
    }

    /** Nothing: enough for the strategies that do not read a ranking or groups. */
    public static AnchorInputs none() {
        return new AnchorInputs(null, null, null);
    }

    public AnchorInputs withSimilarityRanking(int... rankedLayersBestFirst) {
        return new AnchorInputs(rankedLayersBestFirst, vowelRanking, groups);
    }

    public AnchorInputs withVowelRanking(int... rankedLayersBestFirst) {
        return new AnchorInputs(similarityRanking, rankedLayersBestFirst, groups);
    }

    public AnchorInputs withGroups(List<int[]> layerGroups) {
        return new AnchorInputs(similarityRanking, vowelRanking, layerGroups);
    }

    @Override
    public int[] similarityRanking() {
        return similarityRanking == null ? null : similarityRanking.clone();
    }

    @Override
    public int[] vowelRanking() {
        return vowelRanking == null ? null : vowelRanking.clone();
    }
}
