package org.layeranchor.corpus;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Speaker-disjoint splits that come out the same on every machine and every JVM.
 *
 * <p>Speakers are grouped by gender (groups in sorted order), and within a group ordered by
 * SHA-256(seed + "\n" + corpus + "/" + speaker); nothing depends on hash-map iteration or an unseeded
 * random generator. Speakers are then dealt to the splits in turn, the deal continuing from one gender
 * group to the next: each split gets the same number of speakers of each gender to within one, and the
 * same number of speakers overall to within one. Balance is by speakers, not utterances.
 */
public final class SpeakerSplits {
    public static final String DEFAULT_SEED = "layeranchor";
    public static final String ADAPT = "adapt";
    public static final String TEST = "test";

    private SpeakerSplits() {
    }

    /** Target-corpus halves: speakers used to adapt a model, and disjoint speakers to test it on. */
    public static SplitAssignment adaptTest(List<Utterance> utterances, String seed) {
        return deal(utterances, List.of(ADAPT, TEST), seed);
    }

    /** k speaker-independent folds named {@code fold1 .. foldK}. */
    public static SplitAssignment kFold(List<Utterance> utterances, int k, String seed) {
        if (k < 2) {
            throw new IllegalArgumentException("k-fold needs k >= 2, got " + k);
        }
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= k; i++) {
            names.add("fold" + i);
        }
        return deal(utterances, names, seed);
    }

    /** The key that identifies a speaker across corpora (speaker ids are only unique within one). */
    public static String speakerKey(Utterance u) {
        return u.corpus() + "/" + u.speaker();
    }

    private static SplitAssignment deal(List<Utterance> utterances, List<String> splits, String seed) {
        Map<String, String> genderOf = speakerGenders(utterances);
        if (genderOf.size() < splits.size()) {
            throw new IllegalArgumentException(genderOf.size() + " speaker(s) cannot be split " + splits.size()
                    + " ways without sharing a speaker");
        }
        Map<String, List<String>> byGender = new TreeMap<>();
        genderOf.forEach((speaker, gender) -> byGender.computeIfAbsent(gender, g -> new ArrayList<>()).add(speaker));
        Map<String, String> splitOf = new TreeMap<>();
        int turn = 0;
        for (List<String> group : byGender.values()) {
            group.sort(Comparator.comparing((String s) -> hash(seed, s), Arrays::compareUnsigned)
                    .thenComparing(Comparator.naturalOrder()));
            for (String speaker : group) {
                splitOf.put(speaker, splits.get(turn % splits.size()));
                turn++;
            }
        }
        return new SplitAssignment(splits, splitOf);
    }

    /**
     * Each speaker's gender: the most frequent non-empty value among their utterances (ties go to the
     * alphabetically first), "" when none is given.
     */
    private static Map<String, String> speakerGenders(List<Utterance> utterances) {
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        List<String> missing = new ArrayList<>();
        for (Utterance u : utterances) {
            if (u.speaker().isEmpty()) {
                missing.add(u.id());
                continue;
            }
            String gender = u.gender().trim().toLowerCase(Locale.ROOT);
            counts.computeIfAbsent(speakerKey(u), s -> new TreeMap<>()).merge(gender, 1, Integer::sum);
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(missing.size() + " utterance(s) have no speaker id (first: "
                    + missing.get(0) + "): a speaker-disjoint split needs every speaker");
        }
        Map<String, String> gender = new LinkedHashMap<>();
        counts.forEach((speaker, byGender) -> {
            String best = "";
            int bestCount = 0;
            for (Map.Entry<String, Integer> e : byGender.entrySet()) {
                if (!e.getKey().isEmpty() && e.getValue() > bestCount) {
                    best = e.getKey();
                    bestCount = e.getValue();
                }
            }
            gender.put(speaker, best);
        });
        return gender;
    }

    static byte[] hash(String seed, String speaker) {
        try {
            return MessageDigest.getInstance("SHA-256").digest((seed + "\n" + speaker).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
