/**
 * Scores of predictions: UAR, weighted accuracy, macro-F1, per-class recall and the confusion matrix
 * ({@link org.layeranchor.evaluation.EvaluationResult}), a seeded percentile bootstrap interval of
 * UAR, of one model or averaged over seeds ({@link org.layeranchor.evaluation.UarBootstrap}, the one
 * the benchmark reports) and mean ± std over seeds ({@link org.layeranchor.evaluation.SeedSummary}).
 * Depends on no other stage.
 */
package org.layeranchor.evaluation;
