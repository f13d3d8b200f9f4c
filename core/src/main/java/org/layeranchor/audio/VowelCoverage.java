package org.layeranchor.audio;

import java.util.Locale;

/**
 * How much of some audio the {@link VowelDetector} marks: the check to run on a real corpus before
 * trusting vowel-pooled features (speech is typically 30–50 % vowels; far less means the detector
 * misses, far more means it takes consonants or noise).
 *
 * @param recordings  number of recordings summed
 * @param frames      10 ms frames analysed
 * @param vowelFrames frames marked as vowel
 */
public record VowelCoverage(long recordings, long frames, long vowelFrames) {
    public static final VowelCoverage NONE = new VowelCoverage(0, 0, 0);

    public double fraction() {
        return frames == 0 ? Double.NaN : vowelFrames / (double) frames;
    }

    public VowelCoverage plus(VowelCoverage other) {
        return new VowelCoverage(recordings + other.recordings, frames + other.frames, vowelFrames + other.vowelFrames);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d recordings, %d frames, %.1f %% vowel", recordings, frames,
                100 * fraction());
    }
}
