/**
 * Corpora: folders with {@code manifest.csv} and audio. {@link org.layeranchor.corpus.Corpus#load}
 * reads a manifest row by row (a bad row never costs the others);
 * {@link org.layeranchor.corpus.ClassSet} picks the emotion classes and explicit merges;
 * {@link org.layeranchor.corpus.SpeakerSplits} makes deterministic speaker-disjoint splits that
 * {@link org.layeranchor.corpus.SplitFile} stores as plain CSV; and
 * {@link org.layeranchor.corpus.CorpusValidator} decodes every file and reports all problems at once.
 */
package org.layeranchor.corpus;
