package org.layeranchor.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.layeranchor.corpus.Utterance;

/**
 * A held-out part of the source for early stopping and layer choice. When speakers are known it is
 * speaker-disjoint (whole speakers move to validation until it holds at least the requested share,
 * never all of them), so the validation score estimates the unseen-speaker case the target is;
 * utterances without a speaker id are treated each as a speaker of its own.
 *
 * @param train              row indices for training, ascending
 * @param validation         row indices for validation, ascending (empty when the fraction is 0)
 * @param validationSpeakers the speakers held out (sorted; empty when none are known)
 */
public record ValidationSplit(int[] train, int[] validation, List<String> validationSpeakers) {

    public static ValidationSplit of(List<Utterance> rows, double fraction, SplittableRandom random) {
        if (fraction <= 0) {
            return new ValidationSplit(range(rows.size()), new int[0], List.of());
        }
        Map<String, int[]> byCorpus = Utterance.rowsByCorpus(rows);
        return byCorpus.size() < 2 ? withinOneCorpus(rows, fraction, random) : withinEachCorpus(rows, byCorpus, fraction, random);
    }

    /**
     * Several source corpora: the share is held out of each corpus separately (corpora in name order,
     * one random stream), so validation stays speaker-disjoint within each corpus, every language is
     * represented in it as in training, and two corpora that reuse a speaker id ("03") are not confused.
     * A corpus with a single speaker stays whole in training.
     */
    private static ValidationSplit withinEachCorpus(List<Utterance> rows, Map<String, int[]> byCorpus,
                                                    double fraction, SplittableRandom random) {
        boolean[] held = new boolean[rows.size()];
        List<String> speakers = new ArrayList<>();
        for (Map.Entry<String, int[]> corpus : byCorpus.entrySet()) {
            int[] idx = corpus.getValue();
            List<Utterance> part = Arrays.stream(idx).mapToObj(rows::get).toList();
            if (part.stream().map(u -> u.speaker().isEmpty() ? "\u0000" + u.id() : u.speaker()).distinct().count() < 2) {
                continue;
            }
            ValidationSplit s = withinOneCorpus(part, fraction, random);
            for (int v : s.validation()) {
                held[idx[v]] = true;
            }
            s.validationSpeakers().forEach(sp -> speakers.add(corpus.getKey() + "/" + sp));
        }
        int taken = 0;
        for (boolean h : held) {
            taken += h ? 1 : 0;
        }
        if (taken == 0) {
            throw new IllegalArgumentException("a speaker-disjoint validation split needs a source corpus with at least 2 "
                    + "speakers (set validationFraction: 0 to train without one)");
        }
        return of(held, taken, speakers);
    }

    private static ValidationSplit withinOneCorpus(List<Utterance> rows, double fraction, SplittableRandom random) {
        // Groups in a fixed order (sorted by key) before the seeded shuffle: the split depends on
        // the seed and the data, not on the order rows arrive in.
        Map<String, List<Integer>> groups = new TreeMap<>();
        for (int i = 0; i < rows.size(); i++) {
            Utterance u = rows.get(i);
            String key = u.speaker().isEmpty() ? "\u0000utterance:" + u.id() : "speaker:" + u.speaker();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
        }
        if (groups.size() < 2) {
            throw new IllegalArgumentException("a speaker-disjoint validation split needs at least 2 speakers; "
                    + "the source has " + groups.size() + " (set validationFraction: 0 to train without one)");
        }
        List<String> keys = new ArrayList<>(groups.keySet());
        for (int i = keys.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            String t = keys.get(i);
            keys.set(i, keys.get(j));
            keys.set(j, t);
        }
        int wanted = (int) Math.ceil(fraction * rows.size());
        boolean[] held = new boolean[rows.size()];
        int taken = 0;
        List<String> speakers = new ArrayList<>();
        for (int g = 0; g < keys.size() - 1 && taken < wanted; g++) {
            for (int r : groups.get(keys.get(g))) {
                held[r] = true;
                taken++;
            }
            if (keys.get(g).startsWith("speaker:")) {
                speakers.add(keys.get(g).substring("speaker:".length()));
            }
        }
        return of(held, taken, speakers);
    }

    /** The split that holds out the rows marked in {@code held} ({@code taken} of them), speakers sorted. */
    private static ValidationSplit of(boolean[] held, int taken, List<String> speakers) {
        int[] train = new int[held.length - taken];
        int[] validation = new int[taken];
        int t = 0;
        int v = 0;
        for (int i = 0; i < held.length; i++) {
            if (held[i]) {
                validation[v++] = i;
            } else {
                train[t++] = i;
            }
        }
        List<String> sorted = new ArrayList<>(speakers);
        sorted.sort(null);
        return new ValidationSplit(train, validation, List.copyOf(sorted));
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        Arrays.setAll(r, i -> i);
        return r;
    }
}
