package org.layeranchor.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one cross-lingual layer analysis found, ready for {@link AnalysisWriter}.
 *
 * @param source                 description of the source set (corpora, languages, rows, speakers)
 * @param target                 description of the target set
 * @param layers                 number of layers L (index 0 = conv front end + positions)
 * @param dim                    width of the utterance vector the measures saw
 * @param options                the settings used
 * @param classes                emotion classes of the label-using measures (empty when they were off)
 * @param measures               every per-layer measure; {@link LayerMeasure#labelUse()} says which labels it read
 * @param rankings               one ranking per measure, same order as {@code measures}
 * @param consensus              mean rank over the label-free cross-language distances (the selection ranking)
 * @param proposedAnchorLayers   the best {@code anchorCount} layers of the consensus (LAM)
 * @param ckaSource              layer × layer linear CKA within the source corpus
 * @param ckaTarget              the same within the target corpus (reads no labels)
 * @param ckaForGrouping         the matrix the groups were formed from (see options.groupingCka)
 * @param contiguousGroups       optimal contiguous segmentation into k groups
 * @param clusteredGroups        average-linkage clustering into k groups
 * @param rankedContiguousGroups contiguous groups ordered by the consensus (best first): the LAM-GL proposal is the first
 * @param analysisOnlyCentroidCosines centroid cosines (reads target labels), or null when label-using measures were off
 * @param secondsByStage         CPU seconds per measure summed over layers (thread CPU time), and
 *                               {@code wall_total}, the elapsed seconds of the whole run
 * @param notes                  how features were normalised, subsampled and what was skipped, in words
 */
public record AnalysisResult(String source, String target, int layers, int dim, AnalysisOptions options,
                             List<String> classes, List<LayerMeasure> measures, List<LayerRanking> rankings,
                             LayerRanking consensus, List<Integer> proposedAnchorLayers,
                             double[][] ckaSource, double[][] ckaTarget, double[][] ckaForGrouping,
                             LayerGroups contiguousGroups, LayerGroups clusteredGroups,
                             List<AnchorSelection.RankedGroup> rankedContiguousGroups,
                             CentroidCosines analysisOnlyCentroidCosines,
                             Map<String, Double> secondsByStage, List<String> notes) {

    public AnalysisResult {
        classes = List.copyOf(classes);
        measures = List.copyOf(measures);
        rankings = List.copyOf(rankings);
        proposedAnchorLayers = List.copyOf(proposedAnchorLayers);
        rankedContiguousGroups = List.copyOf(rankedContiguousGroups);
        secondsByStage = Map.copyOf(secondsByStage);
        notes = List.copyOf(notes);
    }

    public Optional<LayerMeasure> measure(String name) {
        return measures.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    public List<LayerMeasure> labelFreeMeasures() {
        List<LayerMeasure> out = new ArrayList<>();
        for (LayerMeasure m : measures) {
            if (m.labelUse().labelFree()) {
                out.add(m);
            }
        }
        return out;
    }

    /** The proposed LAM-GL anchor group: the contiguous group ranked best by the consensus. */
    public List<Integer> proposedAnchorGroup() {
        return rankedContiguousGroups.get(0).layers();
    }
}
