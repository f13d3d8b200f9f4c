package org.layeranchor.segmentation;

/**
 * A piece of a recording's timeline: speech to be predicted, or silence to be reported as such.
 *
 * @param range  where it is, in samples
 * @param speech true for speech, false for silence
 */
public record TimelineSpan(SampleRange range, boolean speech) {
}
