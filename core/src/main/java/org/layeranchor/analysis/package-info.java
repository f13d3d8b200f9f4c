/**
 * The analysis stage: which encoder layers agree across two languages, from their features alone.
 *
 * <h2>Entry points</h2>
 * <ul>
 *   <li>{@link org.layeranchor.analysis.CrossLingualAnalysis#run CrossLingualAnalysis.run(source,
 *       target, options)} → {@link org.layeranchor.analysis.AnalysisResult}: per layer the label-free
 *       distances (CORAL, MMD², Fréchet, proxy A-distance), the label-using probes and centroid
 *       cosines (marked as such), within-corpus CKA and the layer groups formed from it;</li>
 *   <li>{@link org.layeranchor.analysis.AnalysisOptions} (defaults and withers by name) and
 *       {@link org.layeranchor.analysis.AnalysisWriter} (CSV, JSON, plots);</li>
 *   <li>{@link org.layeranchor.analysis.PerDomainCoralRanking}, the ranking the training stage's
 *       default {@code anchorRanking: coral} uses, and {@link org.layeranchor.analysis.AnchorSelection},
 *       which turns label-free rankings into anchors and refuses any ranking that read labels.</li>
 * </ul>
 *
 * <p>Label use is tracked, not trusted: every {@link org.layeranchor.analysis.LayerMeasure} says which
 * labels it read, and names of measures that read target labels start with {@code analysis_only_}.
 * {@code classify} holds the linear probe (logistic regression, L-BFGS, folds). Dense linear
 * algebra is in {@code org.layeranchor.numeric}. Depends on corpus and features (and the stage-free
 * evaluation, numeric and parallel).
 */
package org.layeranchor.analysis;
