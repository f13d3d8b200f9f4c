package org.layeranchor.audio;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Band-limited sample-rate conversion by a rational factor L/M with Kaiser-windowed sinc filters in
 * polyphase form (the JDK's converter interpolates without an anti-aliasing filter, so energy above
 * the new Nyquist frequency would fold back into the speech band).
 *
 * <p>The specification is the one-stage design's: flat up to {@value #PASSBAND_EDGE} of the lower
 * Nyquist frequency f_N, at least {@value #STOPBAND_ATTENUATION_DB} dB down from f_N on. Output sample
 * n sits at input time n·M/L (the filters are symmetric, so there is no delay to undo), and the output
 * has ceil(length·L/M) samples.
 *
 * <p>Large down-sampling factors are converted in stages ({@link ResamplingPlan}: 192 kHz → 38.4 →
 * 19.2 → 16 kHz, 96 → 24 → 16 kHz), with the sharp edge only in the last, low-rate stage: 192 kHz to
 * 16 kHz then costs about a quarter of the multiply-adds of one stage, with the same passband,
 * stopband and timing. Where one stage costs at most twice the best chain (44.1 and 48 kHz included)
 * it stays one stage, unchanged.
 *
 * <p>Bounded cost: a stage holds L phases of 2H taps, and for a rate coprime with the target L is
 * the whole target rate (16,000 phases for 1,000,003 Hz → 16 kHz: a gigabyte). So when L·2H would pass
 * {@value #MAX_COEFFICIENTS} coefficients (4 MiB), L/M is replaced by the closest fraction whose
 * numerator fits; over every input rate from 1 kHz to 192 kHz to 16 kHz, the realised ratio is then
 * within 63 ppm of the exact one (0.1 cent of pitch, 2 ms over 30 s), and every common rate (8, 11.025,
 * 22.05, 32, 44.1, 48, 96, 192 kHz ...) stays exact. Ratios beyond {@value #MAX_RATIO} either way are
 * refused (the filter length grows with the ratio). Designs are immutable and cached by size: at
 * most {@value #MAX_CACHE_BYTES} bytes, least recently used dropped first; {@link #process} is safe to
 * call from many threads.
 */
public final class Resampler {
    /** Fraction of the lower Nyquist frequency kept flat (speech energy above 7.2 kHz at 16 kHz is small). */
    public static final double PASSBAND_EDGE = 0.90;
    /** Kaiser design target; comfortably above the 80 dB a 16-bit front end needs. */
    public static final double STOPBAND_ATTENUATION_DB = 100;
    /** Most filter coefficients in one design (4 MiB of floats). */
    public static final int MAX_COEFFICIENTS = 1 << 20;
    /** Most bytes of designs kept in the cache. */
    public static final long MAX_CACHE_BYTES = 16L << 20;
    /** Largest conversion factor, up or down. */
    public static final int MAX_RATIO = 48;

    private static final Map<Long, Resampler> CACHE = new LinkedHashMap<>(16, 0.75f, true); // access order
    private static long cachedBytes;

    private final int fromRate;
    private final int toRate;
    private final FilterStage[] stages; // applied in order; the last carries the sharp edge
    private final long up;   // overall L
    private final long down; // overall M
    private final double multiplyAddsPerSecond;

    private Resampler(int fromRate, int toRate, ResamplingPlan plan) {
        this.fromRate = fromRate;
        this.toRate = toRate;
        this.stages = plan.stages().stream().map(FilterStage::new).toArray(FilterStage[]::new);
        long[] ratio = plan.ratio();
        this.up = ratio[0];
        this.down = ratio[1];
        this.multiplyAddsPerSecond = plan.multiplyAddsPerSecond();
    }

    /** {L, M} overall as the conversion for this rate pair will realise them, without designing it. */
    static long[] ratio(int fromRate, int toRate) {
        return ResamplingPlan.of(fromRate, toRate).ratio();
    }

    /** The converter between two rates (designed once per pair and cached). */
    public static Resampler between(int fromRate, int toRate) {
        checkRates(fromRate, toRate);
        long key = ((long) fromRate << 32) | toRate;
        synchronized (CACHE) {
            Resampler r = CACHE.get(key);
            if (r != null) {
                return r;
            }
        }
        // Designed outside the lock; a rare duplicate is harmless.
        Resampler r = new Resampler(fromRate, toRate, ResamplingPlan.of(fromRate, toRate));
        synchronized (CACHE) {
            if (CACHE.putIfAbsent(key, r) == null) {
                cachedBytes += r.bytes();
                var oldest = CACHE.entrySet().iterator();
                while (cachedBytes > MAX_CACHE_BYTES && oldest.hasNext()) {
                    Resampler dropped = oldest.next().getValue();
                    if (dropped != r) {
                        cachedBytes -= dropped.bytes();
                        oldest.remove();
                    }
                }
            }
        }
        return r;
    }

    /**
     * The one-stage converter for a pair, whatever {@link #between} would choose (not cached): the
     * reference the multi-stage conversion is measured against, in tests and in {@code bench resample}.
     */
    public static Resampler singleStage(int fromRate, int toRate) {
        checkRates(fromRate, toRate);
        return new Resampler(fromRate, toRate, ResamplingPlan.singleStage(fromRate, toRate));
    }

    private static void checkRates(int fromRate, int toRate) {
        if (fromRate <= 0 || toRate <= 0) {
            throw new IllegalArgumentException("sample rates must be positive: " + fromRate + " -> " + toRate);
        }
        if ((long) fromRate > (long) toRate * MAX_RATIO || (long) toRate > (long) fromRate * MAX_RATIO) {
            throw new IllegalArgumentException("cannot resample " + fromRate + " Hz to " + toRate
                    + " Hz: the factor is over " + MAX_RATIO);
        }
    }

    /** Bytes held by the designs in the cache now (for tests of its bound). */
    static long cachedBytes() {
        synchronized (CACHE) {
            return cachedBytes;
        }
    }

    /** Bytes of filter coefficients this converter holds, all stages together. */
    long bytes() {
        long bytes = 0;
        for (FilterStage s : stages) {
            bytes += s.bytes();
        }
        return bytes;
    }

    /** Converts audio to {@code rate}; returns the same object when it already has that rate. */
    public static Audio toRate(Audio audio, int rate) {
        if (audio.sampleRate() == rate) {
            return audio;
        }
        return new Audio(between(audio.sampleRate(), rate).process(audio.samples()), rate, audio.source());
    }

    public int fromRate() {
        return fromRate;
    }

    public int toRate() {
        return toRate;
    }

    /**
     * How far the realised conversion factor L/M is from toRate/fromRate, relative (0 when exact): the
     * output's timing and pitch are off by this fraction.
     */
    public double ratioError() {
        double exact = (double) toRate / fromRate;
        return Math.abs((double) up / down - exact) / exact;
    }

    /** Filter stages applied one after another (1 where one stage is cheap enough). */
    public int stageCount() {
        return stages.length;
    }

    /** The stages as "L/M:taps" each, in order (for reports), e.g. "1/4:44 1/2:42 2/3:196" for 192 kHz. */
    public String describeStages() {
        StringBuilder sb = new StringBuilder();
        for (FilterStage s : stages) {
            sb.append(sb.length() == 0 ? "" : " ").append(s.up()).append('/').append(s.down()).append(':').append(s.taps());
        }
        return sb.toString();
    }

    /** Multiply-adds per second of input audio, all stages together (counted, not timed). */
    public double multiplyAddsPerSecond() {
        return multiplyAddsPerSecond;
    }

    /**
     * How many input samples either side of its own time an output sample can depend on, all stages
     * together: output samples closer than this (in output samples: span·L/M) to either end see the
     * zeros taken outside the signal.
     */
    public long span() {
        double span = 0;
        double inputSamplesPerSample = 1; // of the signal entering the stage
        for (FilterStage s : stages) {
            span += s.taps() * inputSamplesPerSample;
            inputSamplesPerSample *= (double) s.down() / s.up();
        }
        return (long) Math.ceil(span);
    }

    /**
     * ceil(inputLength·L/M), in {@code long} arithmetic (it cannot overflow: inputLength &lt; 2^31 and
     * L &le; 2^20); refused when the result would not fit in an array, rather than wrapping around.
     */
    int outputLength(long inputLength) {
        long out = uncheckedOutputLength(inputLength);
        if (out > AudioLimits.MAX_ARRAY_LENGTH) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "resampling %,d samples from %,d Hz to %,d Hz would give %,d samples, more than an array holds",
                    inputLength, fromRate, toRate, out));
        }
        return (int) out;
    }

    /** ceil(inputLength·L/M), however large (for bounds; {@link #outputLength} refuses what no array holds). */
    long uncheckedOutputLength(long inputLength) {
        return (inputLength * up + down - 1) / down;
    }

    /**
     * The whole signal, stage after stage. Each intermediate signal is kept for every index any input
     * sample reaches, before 0 and past the end included (a filter's response to the first samples
     * starts before them), so that chaining stages is filtering the zero-extended signal, as one stage
     * does.
     */
    public float[] process(float[] x) {
        if (up == down) {
            return x.clone();
        }
        int outLength = outputLength(x.length);
        float[] signal = x;
        long start = 0;
        long end = x.length;
        for (int i = 0; i < stages.length; i++) {
            FilterStage stage = stages[i];
            boolean last = i == stages.length - 1;
            long outStart = last ? 0 : stage.firstOutputReaching(start);
            long outEnd = last ? outLength : stage.endOfOutputsReaching(end);
            float[] y = new float[Math.toIntExact(outEnd - outStart)];
            for (long n = outStart; n < outEnd; n++) {
                if (((n - outStart) & 0x3FFF) == 0) {
                    stopIfInterrupted();
                }
                y[(int) (n - outStart)] = stage.outputAt(n, signal, start, start, end);
            }
            signal = y;
            start = outStart;
            end = outEnd;
        }
        return signal;
    }

    /**
     * A conversion from a high rate costs many multiply-adds (about 1.8·10⁹ for 299 s from 192 kHz in
     * stages, 7·10⁹ in one). Whoever no longer needs the result (the service, once a request has been
     * answered with its timeout) interrupts the thread, and the conversion stops here, checked every
     * 16,384 outputs of every stage and every block of a stream, instead of holding a worker to the end.
     */
    static void stopIfInterrupted() {
        if (Thread.currentThread().isInterrupted()) {
            throw new java.util.concurrent.CancellationException("sample-rate conversion stopped: its thread was interrupted");
        }
    }

    /** Where a stage of a stream passes the samples it produces. */
    interface SampleSink {
        void accept(float[] block, int count) throws AudioException;
    }

    /** A conversion fed block by block (see {@link Stream}). */
    Stream stream(SampleBuffer out) {
        return new Stream(out::append);
    }

    /**
     * Converts a stream block by block as a decoder produces it, holding only the input the next outputs
     * still need (2H samples plus one block per stage), so that audio is never held at its own rate:
     * 299 s at 192 kHz is kept as 19 MB at 16 kHz, not 230 MB. Gives exactly what {@link #process}
     * gives for the whole input.
     */
    final class Stream {
        private final StageStream[] chain;

        private Stream(SampleSink out) {
            // Where each stage's input and output begin: as in process, earlier stages start before 0.
            long[] inputStart = new long[stages.length + 1];
            for (int i = 0; i < stages.length; i++) {
                inputStart[i + 1] = i == stages.length - 1 ? 0 : stages[i].firstOutputReaching(inputStart[i]);
            }
            chain = new StageStream[stages.length];
            SampleSink next = out;
            for (int i = stages.length - 1; i >= 0; i--) {
                chain[i] = new StageStream(stages[i], next, inputStart[i], inputStart[i + 1]);
                next = chain[i]::accept;
            }
        }

        /** Takes {@code count} more input samples and emits every output they complete. */
        void accept(float[] block, int count) throws AudioException {
            chain[0].accept(block, count);
        }

        /** The input has ended: emits the remaining outputs (input past the end taken as zero). */
        void finish() throws AudioException {
            long outLength = outputLength(chain[0].received());
            for (int i = 0; i < chain.length; i++) {
                StageStream s = chain[i];
                s.finish(i == chain.length - 1 ? outLength : s.stage.endOfOutputsReaching(s.inputEnd));
            }
        }

        long received() {
            return chain[0].received();
        }
    }

    /**
     * One stage of a stream: its input, from index {@code inputStart} on, arrives block by block; it
     * emits output {@code n} as soon as the input it needs is in, and drops input no later output needs.
     */
    private static final class StageStream {
        private static final int OUTPUT_BLOCK = 4096;

        private final FilterStage stage;
        private final SampleSink out;
        private final long inputStart;
        private float[] window = new float[0];
        private long windowStart;
        private int windowLength;
        private long inputEnd;
        private long produced;
        private final float[] pending = new float[OUTPUT_BLOCK];
        private int pendingCount;

        StageStream(FilterStage stage, SampleSink out, long inputStart, long firstOutput) {
            this.stage = stage;
            this.out = out;
            this.inputStart = inputStart;
            this.windowStart = inputStart;
            this.inputEnd = inputStart;
            this.produced = firstOutput;
        }

        long received() {
            return inputEnd - inputStart;
        }

        void accept(float[] block, int count) throws AudioException {
            stopIfInterrupted();
            if (windowLength + count > window.length) {
                window = java.util.Arrays.copyOf(window, Math.max(windowLength + count, 2 * window.length));
            }
            System.arraycopy(block, 0, window, windowLength, count);
            windowLength += count;
            inputEnd += count;
            emit(Long.MAX_VALUE, false);
        }

        /** The input has ended: emits outputs up to {@code outputEnd} (input past the end taken as zero). */
        void finish(long outputEnd) throws AudioException {
            emit(outputEnd, true);
        }

        private void emit(long total, boolean ended) throws AudioException {
            while (produced < total && (ended || stage.firstInput(produced) + stage.taps() <= inputEnd)) {
                pending[pendingCount++] = stage.outputAt(produced, window, windowStart, inputStart, inputEnd);
                produced++;
                if (pendingCount == pending.length) {
                    flush();
                }
            }
            flush();
            long drop = Math.min(windowLength, stage.firstInput(produced) - windowStart);
            if (drop > 0) {
                System.arraycopy(window, (int) drop, window, 0, windowLength - (int) drop);
                windowLength -= (int) drop;
                windowStart += drop;
            }
        }

        private void flush() throws AudioException {
            if (pendingCount > 0) {
                int count = pendingCount;
                pendingCount = 0;
                out.accept(pending, count);
            }
        }
    }
}
