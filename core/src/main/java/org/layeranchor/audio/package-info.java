/**
 * Audio input: bytes in WAV, FLAC or MP3 (recognised by their leading bytes) become mono float32 at
 * 16 kHz ({@link org.layeranchor.audio.AudioReader}), through a band-limited
 * {@link org.layeranchor.audio.Resampler}. Bad input is an
 * {@link org.layeranchor.audio.AudioException} naming the file and the problem; odd but usable input
 * (very short, silent, clipped) is reported by {@link org.layeranchor.audio.AudioCheck}. Decoding
 * stays within {@link org.layeranchor.audio.AudioLimits} (sample rates, a decode budget that does not
 * trust headers, the minimum length a prediction needs); batch commands report any failure of one
 * file with {@link org.layeranchor.audio.FailureMessage}.
 */
package org.layeranchor.audio;
