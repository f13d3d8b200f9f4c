package org.layeranchor.segmentation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the speech in 16-kHz audio with the Silero VAD v5 network (about 2.3 MB, shipped in the jar;
 * MIT licence) instead of energy: it is meant to tell speech from noise that is as loud as speech.
 * Probabilities per 32-ms chunk come from {@link SileroVadStream}; stretches of speech from them by
 * Silero's own rules ({@link SileroSpeechTimestamps}). The frame energies in the result (10-ms frames,
 * as the energy detector's) only serve {@link UtteranceSegmenter} to split long speech at its quietest point.
 *
 * <p>Thread-safe: each {@link #detect} call has its own stream (the ONNX session may be shared).
 */
public final class SileroVoiceActivityDetector implements SpeechDetector {
    /** Energy frames for the segmenter's split points: 10 ms, as {@link VoiceActivityDetector}'s. */
    private static final int ENERGY_FRAME = SileroVadModel.RATE / 100;

    private final SileroVadModel model;
    private final SileroSpeechTimestamps.Settings settings;

    private SileroVoiceActivityDetector(SileroVadModel model, SileroSpeechTimestamps.Settings settings) {
        this.model = model;
        this.settings = settings;
    }

    /** With the model shipped in the jar and Silero's default thresholds. */
    public static SileroVoiceActivityDetector bundled() throws IOException {
        return new SileroVoiceActivityDetector(SileroVadModel.bundled(), SileroSpeechTimestamps.Settings.defaults());
    }

    /** With another Silero VAD v5-interface file (v6 has the same); a wrong file is refused with one line naming it. */
    public static SileroVoiceActivityDetector open(Path modelFile) throws IOException {
        return new SileroVoiceActivityDetector(SileroVadModel.open(modelFile), SileroSpeechTimestamps.Settings.defaults());
    }

    @Override
    public Result detect(float[] samples, int rate) {
        List<SampleRange> speech = SileroSpeechTimestamps.speech(probabilities(samples, rate), SileroVadModel.CHUNK,
                samples.length, rate, settings);
        return new Result(ENERGY_FRAME, FrameEnergy.decibels(samples, ENERGY_FRAME), speech);
    }

    /** The network's speech probability of each 512-sample chunk (32 ms), the last one zero-padded. */
    public float[] probabilities(float[] samples, int rate) {
        requireRate(rate);
        SileroVadStream stream = new SileroVadStream(model);
        float[] whole = stream.accept(samples);
        float[] last = stream.finish();
        float[] out = Arrays.copyOf(whole, whole.length + last.length);
        System.arraycopy(last, 0, out, whole.length, last.length);
        return out;
    }

    /** Samples per probability. */
    public static int chunkSamples() {
        return SileroVadModel.CHUNK;
    }

    private static void requireRate(int rate) {
        if (rate != SileroVadModel.RATE) {
            throw new IllegalArgumentException("the Silero voice-activity detector takes 16000-Hz audio, got " + rate + " Hz");
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
