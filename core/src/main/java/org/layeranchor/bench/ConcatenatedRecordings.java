package org.layeranchor.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.layeranchor.audio.Audio;
import org.layeranchor.evaluation.TimelineScore;

/**
 * Long recordings of known emotion per second, made from labelled utterances: the utterances are
 * shuffled, dealt out to the recordings in turn and joined with pauses of quiet noise of random
 * length, so the emotion changes where a listener would hear it change and each second's truth is the
 * utterance it belongs to (the utterance's own leading and trailing quiet included).
 */
public final class ConcatenatedRecordings {
    /** Noise in the pauses: a quiet room rather than digital silence, in dBFS (RMS). */
    public static final double PAUSE_NOISE_DB = -60;

    /**
     * One labelled utterance.
     *
     * @param audio   16 kHz mono samples
     * @param emotion its label
     */
    public record Clip(Audio audio, String emotion) {
    }

    /**
     * A made recording.
     *
     * @param audio the joined samples
     * @param truth each utterance's place and emotion, in time order
     * @param clips the utterances in the order joined
     */
    public record Recording(Audio audio, List<TimelineScore.TruthSpan> truth, List<Clip> clips) {
        /**
         * Utterance {@code i} as it sounds in the recording: its clip's samples plus whatever noise was
         * laid over the recording (without added noise, exactly the clip).
         */
        public Audio utterance(int i) {
            TimelineScore.TruthSpan t = truth.get(i);
            int rate = audio.sampleRate();
            int start = (int) Math.round(t.startSeconds() * rate);
            int end = start + clips.get(i).audio().samples().length;
            return new Audio(java.util.Arrays.copyOfRange(audio.samples(), start, end), rate, clips.get(i).audio().source());
        }

        /** The same recording with other samples of the same length (noise laid over it). */
        public Recording withSamples(float[] samples) {
            if (samples.length != audio.samples().length) {
                throw new IllegalArgumentException(samples.length + " samples for a recording of " + audio.samples().length);
            }
            return new Recording(new Audio(samples, audio.sampleRate(), audio.source()), truth, clips);
        }
    }

    private ConcatenatedRecordings() {
    }

    /**
     * @param clips        the utterances; each is used once
     * @param recordings   how many recordings to deal them into (at most as many as clips)
     * @param minPause     shortest pause, seconds, also before the first and after the last utterance
     * @param maxPause     longest pause
     * @param seed         order and pause lengths derive from it
     */
    public static List<Recording> build(List<Clip> clips, int recordings, double minPause, double maxPause, long seed) {
        return build(clips, recordings, minPause, maxPause, PAUSE_NOISE_DB, seed);
    }

    /**
     * As {@link #build(List, int, double, double, long)} with another level of the noise in the pauses.
     *
     * @param pauseNoiseDb RMS of the Gaussian noise in the pauses, dBFS; {@code -Infinity} for digital silence
     */
    public static List<Recording> build(List<Clip> clips, int recordings, double minPause, double maxPause,
                                        double pauseNoiseDb, long seed) {
        if (recordings < 1 || recordings > clips.size()) {
            throw new IllegalArgumentException("cannot deal " + clips.size() + " utterances into " + recordings + " recordings");
        }
        if (!(pauseNoiseDb <= 0)) {
            throw new IllegalArgumentException("the pause noise must be at most 0 dBFS, got " + pauseNoiseDb);
        }
        if (!(minPause >= 0) || !(maxPause >= minPause)) {
            throw new IllegalArgumentException("pauses must satisfy 0 <= min <= max, got " + minPause + " and " + maxPause);
        }
        Random random = new Random(seed);
        List<Clip> order = new ArrayList<>(clips);
        Collections.shuffle(order, random);
        List<Recording> out = new ArrayList<>();
        for (int r = 0; r < recordings; r++) {
            List<Clip> mine = new ArrayList<>();
            for (int i = r; i < order.size(); i += recordings) {
                mine.add(order.get(i));
            }
            out.add(join(mine, minPause, maxPause, pauseNoiseDb, random, "concatenated-" + (r + 1)));
        }
        return out;
    }

    private static Recording join(List<Clip> clips, double minPause, double maxPause, double pauseNoiseDb, Random random,
                                  String name) {
        int rate = Audio.TARGET_RATE;
        int[] pauses = new int[clips.size() + 1];
        long length = 0;
        for (int i = 0; i < pauses.length; i++) {
            pauses[i] = (int) Math.round((minPause + (maxPause - minPause) * random.nextDouble()) * rate);
            length += pauses[i];
        }
        for (Clip c : clips) {
            if (c.audio().sampleRate() != rate) {
                throw new IllegalArgumentException(c.audio().source() + ": expected " + rate + " Hz audio");
            }
            length += c.audio().samples().length;
        }
        float[] x = new float[Math.toIntExact(length)];
        double noise = Math.pow(10, pauseNoiseDb / 20);
        List<TimelineScore.TruthSpan> truth = new ArrayList<>();
        int at = 0;
        for (int i = 0; i <= clips.size(); i++) {
            for (int k = 0; k < pauses[i]; k++) {
                x[at++] = (float) (noise * random.nextGaussian());
            }
            if (i < clips.size()) {
                float[] s = clips.get(i).audio().samples();
                System.arraycopy(s, 0, x, at, s.length);
                truth.add(new TimelineScore.TruthSpan(at / (double) rate, (at + s.length) / (double) rate, clips.get(i).emotion()));
                at += s.length;
            }
        }
        return new Recording(new Audio(x, rate, name), truth, List.copyOf(clips));
    }
}
