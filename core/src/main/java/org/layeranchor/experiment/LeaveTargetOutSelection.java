package org.layeranchor.experiment;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Leave-target-out selection of one training setting: for every target corpus T, the value whose
 * mean UAR over the directions that do <em>not</em> involve T (T neither source nor target) is
 * highest. T's own labels never take part in choosing the value T is then scored with, so the
 * "selected" column is an honest estimate of what the selection procedure gives on a new language.
 *
 * @param key        the training config key swept, e.g. {@code l2}
 * @param values     the candidate values, in the order given
 * @param strategy   the strategy trained for each value
 * @param setting    inductive or transductive
 * @param directions "source → target" of every direction, in table order
 * @param sources    source corpus of each direction
 * @param targets    target corpus of each direction
 * @param uar        [value][direction] UAR (mean over seeds)
 * @param scored     whether each direction is one the table reports (its means and the selected
 *                   column); the others only take part in choosing. For the leave-one-language-out
 *                   table, the directions among a target's sources (each source held out in turn) choose
 *                   and the leave-one-language-out directions are scored.
 */
public record LeaveTargetOutSelection(String key, List<String> values, String strategy, String setting,
                                      List<String> directions, List<String> sources, List<String> targets,
                                      double[][] uar, List<Boolean> scored) {

    /** Every direction scored. */
    public LeaveTargetOutSelection(String key, List<String> values, String strategy, String setting,
                                   List<String> directions, List<String> sources, List<String> targets, double[][] uar) {
        this(key, values, strategy, setting, directions, sources, targets, uar,
                Collections.nCopies(directions.size(), true));
    }

    /** Whether corpus {@code c} is (one of) direction d's labelled sources; several are joined by '+'. */
    private boolean sourceIncludes(int d, String c) {
        return List.of(sources.get(d).split("\\+")).contains(c);
    }

    private boolean leaveOneSourceOut() {
        return scored.contains(false);
    }

    /** The corpora that occur as a target of a scored direction, in first-seen order. */
    public List<String> targetCorpora() {
        List<String> out = new ArrayList<>();
        for (int d = 0; d < targets.size(); d++) {
            if (scored.get(d) && !out.contains(targets.get(d))) {
                out.add(targets.get(d));
            }
        }
        return out;
    }

    /** Index into {@link #values} chosen for target {@code t}: best mean UAR over directions without t. */
    public int chosenFor(String t) {
        int best = -1;
        double bestMean = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < values.size(); v++) {
            double m = meanWithout(v, t);
            if (m > bestMean) {  // strictly better: on a tie the earlier (listed first) value stays
                bestMean = m;
                best = v;
            }
        }
        return best;
    }

    /**
     * Mean UAR of value {@code v} over the directions in which corpus {@code t} is neither source nor
     * target. With only two corpora there is no such direction; then the directions into other targets
     * are used (t appears there only as a labelled source), which {@link #markdown} says.
     */
    public double meanWithout(int v, String t) {
        double sum = 0;
        int n = 0;
        boolean strict = strictlyPossible(t);
        for (int d = 0; d < directions.size(); d++) {
            if (!targets.get(d).equals(t) && (!strict || !sourceIncludes(d, t))) {
                sum += uar[v][d];
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private boolean strictlyPossible(String t) {
        for (int d = 0; d < directions.size(); d++) {
            if (!sourceIncludes(d, t) && !targets.get(d).equals(t)) {
                return true;
            }
        }
        return false;
    }

    /** Mean UAR of value {@code v} over every scored direction (what a fixed value gives; for the record, not for choosing). */
    public double meanAll(int v) {
        double sum = 0;
        int n = 0;
        for (int d = 0; d < uar[v].length; d++) {
            if (scored.get(d)) {
                sum += uar[v][d];
                n++;
            }
        }
        return sum / n;
    }

    /** Mean over every direction, each scored with the value chosen for its target without its labels. */
    public double selectedMean() {
        Map<String, Integer> chosen = new LinkedHashMap<>();
        for (String t : targetCorpora()) {
            chosen.put(t, chosenFor(t));
        }
        double sum = 0;
        int n = 0;
        for (int d = 0; d < directions.size(); d++) {
            if (scored.get(d)) {
                sum += uar[chosen.get(targets.get(d))][d];
                n++;
            }
        }
        return sum / n;
    }

    /** The selection table in Markdown: UAR per value, the leave-target-out means and the choice per target. */
    public String markdown() {
        List<String> ts = targetCorpora();
        boolean loso = leaveOneSourceOut();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "%s selection of `%s` for `%s` (%s), UAR %%:%n%n| `%s` | mean, %s |", loso ? "Leave-one-source-out"
                        : "Leave-target-out", key, strategy, setting, key, loso ? "leave-one-language-out directions"
                        : "all directions"));
        for (String t : ts) {
            sb.append(loso ? " mean over " + t + "'s sources held out |" : " mean without " + t + " |");
        }
        sb.append("\n|---|---|");
        ts.forEach(t -> sb.append("---|"));
        sb.append('\n');
        for (int v = 0; v < values.size(); v++) {
            sb.append("| ").append(values.get(v)).append(String.format(Locale.ROOT, " | %.1f |", 100 * meanAll(v)));
            for (String t : ts) {
                String cell = String.format(Locale.ROOT, "%.1f", 100 * meanWithout(v, t));
                sb.append(' ').append(chosenFor(t) == v ? "**" + cell + "**" : cell).append(" |");
            }
            sb.append('\n');
        }
        List<String> picks = new ArrayList<>();
        for (String t : ts) {
            picks.add(t + ": " + values.get(chosenFor(t)));
        }
        sb.append(String.format(Locale.ROOT, "%nChosen without the target's labels (bold): %s. Mean UAR with those choices: "
                + "%.1f %%.%n", String.join(", ", picks), 100 * selectedMean()));
        if (loso) {
            sb.append("Each target's value is chosen on its labelled sources alone: each source in turn is the target of "
                    + "the others (columns), the target's own labels never take part.\n");
        } else if (ts.stream().anyMatch(t -> !strictlyPossible(t))) {
            sb.append("With fewer than three corpora no direction leaves a corpus out entirely: the means above then "
                    + "include directions where it is the (labelled) source, never where it is the target.\n");
        }
        return sb.toString();
    }

    /** One row per value and direction. */
    public String csv() {
        StringBuilder sb = new StringBuilder("setting,strategy,key,value,source,target,scored,uar\n");
        for (int v = 0; v < values.size(); v++) {
            for (int d = 0; d < directions.size(); d++) {
                sb.append(String.join(",", setting, strategy, key, values.get(v), sources.get(d), targets.get(d),
                        String.valueOf(scored.get(d)), String.format(Locale.ROOT, "%.6f", uar[v][d]))).append('\n');
            }
        }
        return sb.toString();
    }
}
