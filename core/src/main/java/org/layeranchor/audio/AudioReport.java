package org.layeranchor.audio;

import java.util.List;

/**
 * Level and length measurements of one decoded clip, with the warnings they lead to.
 *
 * @param source          where the audio came from
 * @param durationS       length in seconds
 * @param peakDbfs        max |x| in dB relative to full scale (1.0); -Infinity for digital silence
 * @param rmsDbfs         root-mean-square level in dBFS
 * @param clippedSamples  samples that are part of a run of at least {@link AudioCheck#CLIP_RUN} at full scale
 * @param warnings        empty when nothing is odd
 */
public record AudioReport(String source, double durationS, double peakDbfs, double rmsDbfs, int clippedSamples,
                          List<AudioWarning> warnings) {
    public AudioReport {
        warnings = List.copyOf(warnings);
    }

    public boolean ok() {
        return warnings.isEmpty();
    }
}
