package org.layeranchor.segmentation;

/**
 * A half-open range [start, end) of sample indices.
 *
 * @param start first sample
 * @param end   one past the last sample
 */
public record SampleRange(int start, int end) {
    public SampleRange {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("not a sample range: [" + start + ", " + end + ")");
        }
    }

    public int length() {
        return end - start;
    }

    public double startSeconds(int rate) {
        return start / (double) rate;
    }

    public double endSeconds(int rate) {
        return end / (double) rate;
    }
}
