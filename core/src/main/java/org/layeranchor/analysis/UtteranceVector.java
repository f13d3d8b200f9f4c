package org.layeranchor.analysis;

/** Which per-utterance statistics of a layer form the vector the measures see. */
public enum UtteranceVector {
    /** The mean over frames (d values). */
    MEAN,
    /** The mean followed by the standard deviation over frames (2d values). */
    MEAN_AND_STD
}
