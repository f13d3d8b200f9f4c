package org.layeranchor.training;

/**
 * Which data and code produced a model.
 *
 * @param sourceFingerprint SHA-256 over the sorted source utterance ids ({@link DataFingerprint})
 * @param sourceUtterances  source rows given (training + validation)
 * @param targetFingerprint the same for the unlabelled target rows ("" when none were given)
 * @param targetUtterances  target rows given
 * @param seed              the config's seed
 * @param gitCommit         {@code git rev-parse HEAD} of the working directory, or "unknown"
 * @param javaVersion       the JVM that trained
 */
public record TrainingProvenance(String sourceFingerprint, int sourceUtterances, String targetFingerprint,
                                 int targetUtterances, long seed, String gitCommit, String javaVersion) {
}
