/**
 * The experiment protocol on top of the stages: which corpus plays which role and which labels
 * each step may read, one training run ({@link org.layeranchor.experiment.TrainingRunFile}, what
 * {@code layeranchor train} reads) and the results benchmark
 * ({@link org.layeranchor.experiment.CrossLingualBenchmark}, {@code layeranchor benchmark}: every
 * strategy on every ordered pair of corpora, several seeds, with bootstrap intervals from
 * {@code evaluation.UarBootstrap}).
 *
 * <p>Anchors are chosen from source features and unlabelled target features only
 * ({@link org.layeranchor.experiment.AnchorChooser}); target splits and label blanking are in
 * {@link org.layeranchor.experiment.CorpusFeatures}; several labelled sources are pooled by
 * {@link org.layeranchor.experiment.MultiSourceFeatures}; training settings are chosen without the
 * target's labels by {@link org.layeranchor.experiment.LeaveTargetOutSelection}. Speed measurements
 * ({@code layeranchor bench}) are a different thing and live in {@code org.layeranchor.bench}.
 */
package org.layeranchor.experiment;
