package org.layeranchor.audio;

import java.util.ArrayList;
import java.util.List;

/**
 * How a conversion from one rate to another is split into filter stages, chosen by counting
 * multiply-adds before anything is designed.
 *
 * <p>One stage from rate F down to T needs a filter whose transition band is the 0.1·T/2 between the
 * passband edge 0.9·T/2 and T/2, so its length, in input samples, grows with F: 1,542 taps per output
 * sample from 192 kHz to 16 kHz, 24.7 M multiply-adds per second of audio. A chain of integer
 * decimators first (F → F/d₁ → F/(d₁d₂)) followed by one rational stage to T spends the sharp edge
 * only at the last, low rate. The earlier stages need to keep clean only what ends up in the final
 * band 0–T/2: a stage that outputs rate B folds B − f onto f, so everything from B − T/2 on must be
 * removed (its stopband edge), while everything below the final passband edge 0.9·T/2 must pass flat.
 * What it lets through between, and what it folds onto T/2–B/2, lies above T/2 and is removed by the
 * stages after it. So an early stage's transition band is wide (7.2–40 kHz for 192 → 48 kHz: 44 taps,
 * not 1,542).
 *
 * <p>The early stages are designed for {@value #EARLY_STAGE_ATTENUATION_DB} dB rather than
 * {@value Resampler#STOPBAND_ATTENUATION_DB}: Kaiser's length formula is up to 3.5 dB optimistic for
 * such short filters (a 100-dB design of 176.4 → 44.1 kHz reaches 98.7 dB), and a few extra taps at
 * a high rate cost little. The last stage is designed exactly as a single stage at its rate would be.
 *
 * <p>A chain is used only when it needs at most 1/{@value #REQUIRED_SAVING} of the single stage's
 * multiply-adds (to 16 kHz: from 70,742 Hz on, so 88.2, 96, 176.4 and 192 kHz; not 44.1, 48 or 64 kHz,
 * which would save a third to a half), so that common rates keep the conversion they always had.
 * Upsampling is always one stage.
 */
final class ResamplingPlan {
    /** Early (decimating) stages' design target; see the class comment. */
    static final double EARLY_STAGE_ATTENUATION_DB = 110;
    /** A chain must need at most this fraction (as 1/x) of the single stage's multiply-adds. */
    static final int REQUIRED_SAVING = 2;
    /** Most decimating stages before the last (each extra stage saves less than the one before). */
    static final int MAX_EARLY_STAGES = 2;

    private final List<FilterStage.Spec> stages;
    private final double multiplyAddsPerSecond;

    private ResamplingPlan(List<FilterStage.Spec> stages, double multiplyAddsPerSecond) {
        this.stages = List.copyOf(stages);
        this.multiplyAddsPerSecond = multiplyAddsPerSecond;
    }

    /** The stages for {@code fromRate → toRate}: the cheapest chain if it pays, else one stage. */
    static ResamplingPlan of(int fromRate, int toRate) {
        if (fromRate <= toRate) {
            return singleStage(fromRate, toRate);
        }
        double single = (double) toRate * sharpTaps(fromRate, 1, toRate);
        Chain best = cheapestChain(fromRate, toRate, new Chain(List.of(), 1, 0), null);
        if (best.decimators.isEmpty() || best.multiplyAddsPerSecond * REQUIRED_SAVING > single) {
            return singleStage(fromRate, toRate);
        }
        return build(fromRate, toRate, best.decimators);
    }

    /**
     * The one-stage design for any pair: flat to {@value Resampler#PASSBAND_EDGE} of the lower Nyquist
     * frequency, {@value Resampler#STOPBAND_ATTENUATION_DB} dB down from it on.
     */
    static ResamplingPlan singleStage(int fromRate, int toRate) {
        FilterStage.Spec spec = sharpStage(fromRate, 1, toRate);
        return new ResamplingPlan(List.of(spec), (double) toRate * spec.taps());
    }

    /**
     * The stage that carries the sharp edge, from rate fromRate/{@code product} to toRate (the last
     * of a chain, or the only one): flat to 0.9 of the lower Nyquist frequency, 100 dB down from it on.
     * Its L/M is toRate·product/fromRate, bounded to {@link Resampler#MAX_COEFFICIENTS} coefficients.
     */
    private static FilterStage.Spec sharpStage(int fromRate, long product, int toRate) {
        double nyquist = sharpNyquist(fromRate, product, toRate);
        double transition = (1 - Resampler.PASSBAND_EDGE) * nyquist;
        int halfTaps = FilterStage.halfTaps(transition, Resampler.STOPBAND_ATTENUATION_DB);
        long[] lm = boundedFraction((long) toRate * product, fromRate, Resampler.MAX_COEFFICIENTS / (2 * halfTaps));
        return new FilterStage.Spec((int) lm[0], (int) lm[1], nyquist, transition, Resampler.STOPBAND_ATTENUATION_DB);
    }

    /** The sharp stage's taps per output sample, without choosing its L/M (which can take a search). */
    private static int sharpTaps(int fromRate, long product, int toRate) {
        double transition = (1 - Resampler.PASSBAND_EDGE) * sharpNyquist(fromRate, product, toRate);
        return 2 * FilterStage.halfTaps(transition, Resampler.STOPBAND_ATTENUATION_DB);
    }

    /** The lower Nyquist frequency of the sharp stage from fromRate/{@code product}, in cycles per input sample. */
    private static double sharpNyquist(int fromRate, long product, int toRate) {
        double inRate = (double) fromRate / product;
        return Math.min(inRate, toRate) / 2.0 / inRate;
    }

    /**
     * A decimator by {@code d} from rate fromRate/{@code product}: flat below the final passband edge,
     * and from (its output rate − toRate/2) on at least {@value #EARLY_STAGE_ATTENUATION_DB} dB down.
     * When its output is toRate itself it is the last stage, with the usual sharp edge.
     */
    private static FilterStage.Spec decimator(int fromRate, long product, int d, int toRate) {
        if ((long) toRate * product * d == fromRate) {
            return sharpStage(fromRate, product, toRate); // L/M = 1/d, exact
        }
        double inRate = (double) fromRate / product;
        double passEdge = Resampler.PASSBAND_EDGE * toRate / 2.0 / inRate;
        double stopEdge = (inRate / d - toRate / 2.0) / inRate;
        return new FilterStage.Spec(1, d, stopEdge, stopEdge - passEdge, EARLY_STAGE_ATTENUATION_DB);
    }

    /** Decimators chosen so far, their product, and their multiply-adds per second of audio. */
    private record Chain(List<Integer> decimators, long product, double multiplyAddsPerSecond) {
        Chain then(int d, double cost) {
            List<Integer> next = new ArrayList<>(decimators);
            next.add(d);
            return new Chain(next, product * d, multiplyAddsPerSecond + cost);
        }
    }

    /** Depth-first over decimator chains: the cheapest complete one (last stage counted) from {@code chain} on. */
    private static Chain cheapestChain(int fromRate, int toRate, Chain chain, Chain best) {
        double rate = (double) fromRate / chain.product;
        double last = (long) toRate * chain.product == fromRate ? 0 : (double) toRate * sharpTaps(fromRate, chain.product, toRate);
        if (best == null || chain.multiplyAddsPerSecond + last < best.multiplyAddsPerSecond) {
            best = new Chain(chain.decimators, chain.product, chain.multiplyAddsPerSecond + last);
        }
        if (chain.decimators.size() == MAX_EARLY_STAGES || last == 0) {
            return best;
        }
        for (int d = 2; rate / d >= toRate; d++) {
            double cost = rate / d * decimator(fromRate, chain.product, d, toRate).taps();
            best = cheapestChain(fromRate, toRate, chain.then(d, cost), best);
        }
        return best;
    }

    private static ResamplingPlan build(int fromRate, int toRate, List<Integer> decimators) {
        List<FilterStage.Spec> specs = new ArrayList<>();
        long product = 1;
        double cost = 0;
        for (int d : decimators) {
            FilterStage.Spec spec = decimator(fromRate, product, d, toRate);
            specs.add(spec);
            product *= d;
            cost += (double) fromRate / product * spec.taps();
        }
        if ((long) toRate * product != fromRate) {
            FilterStage.Spec last = sharpStage(fromRate, product, toRate);
            specs.add(last);
            cost += (double) toRate * last.taps();
        }
        return new ResamplingPlan(specs, cost);
    }

    List<FilterStage.Spec> stages() {
        return stages;
    }

    /** Multiply-adds per second of input audio, all stages together. */
    double multiplyAddsPerSecond() {
        return multiplyAddsPerSecond;
    }

    /** The overall L/M as the stages realise it, in lowest terms. */
    long[] ratio() {
        long up = 1;
        long down = 1;
        for (FilterStage.Spec s : stages) {
            up *= s.up();
            down *= s.down();
        }
        long g = gcd(up, down);
        return new long[] {up / g, down / g};
    }

    /**
     * {L, M}: num/den in lowest terms when L is at most {@code maxUp}, else the fraction with L at most
     * {@code maxUp} closest to it (the smallest such L on a tie).
     */
    static long[] boundedFraction(long num, long den, int maxUp) {
        long g = gcd(num, den);
        long exactUp = num / g;
        long exactDown = den / g;
        if (exactUp <= maxUp) {
            return new long[] {exactUp, exactDown};
        }
        double target = (double) num / den;
        long bestUp = 1;
        long bestDown = Math.max(1, Math.round(1 / target));
        double bestError = Math.abs((double) bestUp / bestDown - target);
        for (int p = 2; p <= maxUp; p++) {
            long q = Math.max(1, Math.round(p / target));
            double error = Math.abs((double) p / q - target);
            if (error < bestError) {
                bestUp = p;
                bestDown = q;
                bestError = error;
            }
        }
        long r = gcd(bestUp, bestDown);
        return new long[] {bestUp / r, bestDown / r};
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
