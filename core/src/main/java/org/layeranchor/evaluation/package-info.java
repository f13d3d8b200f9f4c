/**
 * Scores of predictions: UAR, weighted accuracy, macro-F1, per-class recall and the confusion matrix
 * ({@link org.layeranchor.evaluation.EvaluationResult}), a seeded percentile bootstrap interval of
 * UAR ({@link org.layeranchor.evaluation.UarBootstrap}) and mean ± std over seeds
 * ({@link org.layeranchor.evaluation.MultiSeedResult}). Depends on no other stage.
 */
package org.layeranchor.evaluation;
