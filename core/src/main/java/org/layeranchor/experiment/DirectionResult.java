package org.layeranchor.experiment;

import java.util.List;

/**
 * Every strategy on one source → target direction in one setting.
 *
 * @param setting         "inductive", "transductive" or "test-time", with "lolo-" before it for leave one language out
 * @param source          source corpus
 * @param target          target corpus
 * @param sourceUtterances labelled source utterances
 * @param adaptUtterances  unlabelled target utterances used for adaptation and anchor selection
 * @param testUtterances   labelled target test utterances
 * @param similarityRanking label-free consensus ranking, best first (lam)
 * @param vowelRanking      the same on vowel frames (lam-vowel), or empty
 * @param groups            contiguous layer groups ranked best first (lam-gl uses them all as anchors)
 * @param strategies        results per strategy
 * @param analysisDir       where the selection analysis (tables, plots) was written, relative to the output
 * @param standardisation   with per-speaker or auto standardisation, what was standardised per speaker and
 *                          the label-free evidence for it; empty otherwise
 */
public record DirectionResult(String setting, String source, String target, int sourceUtterances, int adaptUtterances,
                              int testUtterances, int[] similarityRanking, int[] vowelRanking, List<int[]> groups,
                              List<StrategyResult> strategies, String analysisDir,
                              String standardisation) {
}
