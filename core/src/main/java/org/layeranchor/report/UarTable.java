package org.layeranchor.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.layeranchor.experiment.CrossLingualBenchmark;
import org.layeranchor.experiment.DirectionResult;
import org.layeranchor.experiment.StrategyResult;

/**
 * One setting of a benchmark as the figures need it: the seed-mean UAR of every strategy on every
 * direction, nothing else. Built from a run's results, or read back from its {@code results.json}
 * ({@link ResultsJson}), so the figures can be drawn again without rerunning anything.
 *
 * @param setting    "inductive", "transductive", "lolo-inductive" or "lolo-transductive"
 * @param directions row labels, e.g. "emodb → emovo" (leave one language out: "others → emodb")
 * @param strategies column labels, in the benchmark's order
 * @param uar        UAR as a fraction, [direction][strategy]
 * @param collapsed  [direction][strategy]: the collapse guard flagged the run (most of the unlabelled
 *                   target predicted as one class, in at least one seed)
 * @param chance     UAR of guessing, 1 / classes
 */
public record UarTable(String setting, List<String> directions, List<String> strategies, double[][] uar,
                       boolean[][] collapsed, double chance) {
    public UarTable {
        directions = List.copyOf(directions);
        strategies = List.copyOf(strategies);
        if (directions.isEmpty() || strategies.isEmpty()) {
            throw new IllegalArgumentException("setting " + setting + " has no directions or no strategies");
        }
        if (uar.length != directions.size() || collapsed.length != directions.size()) {
            throw new IllegalArgumentException("setting " + setting + ": " + uar.length + " rows of UARs and "
                    + collapsed.length + " of collapse flags for " + directions.size() + " directions");
        }
        double[][] copy = new double[uar.length][];
        boolean[][] flags = new boolean[uar.length][];
        for (int d = 0; d < uar.length; d++) {
            if (uar[d].length != strategies.size() || collapsed[d].length != strategies.size()) {
                throw new IllegalArgumentException("setting " + setting + ", direction " + directions.get(d) + ": "
                        + uar[d].length + " UARs and " + collapsed[d].length + " collapse flags for " + strategies.size()
                        + " strategies");
            }
            copy[d] = uar[d].clone();
            flags[d] = collapsed[d].clone();
        }
        uar = copy;
        collapsed = flags;
    }

    public boolean anyCollapsed() {
        for (boolean[] row : collapsed) {
            for (boolean c : row) {
                if (c) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The pairwise settings come first, and their first one is the headline. */
    public boolean leaveOneOut() {
        return setting.startsWith(CrossLingualBenchmark.LOLO_PREFIX);
    }

    /** Inductive or transductive, whichever table this is. */
    public boolean inductive() {
        return setting.endsWith("inductive") && !setting.endsWith("transductive");
    }

    /** One strategy's UAR on every direction. */
    public double[] column(int strategy) {
        return Arrays.stream(uar).mapToDouble(row -> row[strategy]).toArray();
    }

    public double mean(int strategy) {
        return Arrays.stream(column(strategy)).average().orElseThrow();
    }

    /** The row label of a direction: leave-one-out sources ("a+b+c") are summarised as "others". */
    static String label(String source, String target) {
        return (source.contains("+") ? "others" : source) + " → " + target;
    }

    /** Every setting a run produced, in report order (headline first). */
    public static List<UarTable> of(CrossLingualBenchmark.Results r) {
        List<UarTable> tables = new ArrayList<>();
        double chance = 1.0 / r.settings().classes().classes().size();
        for (String setting : BenchmarkReport.SETTINGS) {
            List<DirectionResult> ds = r.directions().stream().filter(d -> d.setting().equals(setting)).toList();
            if (ds.isEmpty()) {
                continue;
            }
            List<String> strategies = ds.get(0).strategies().stream().map(StrategyResult::strategy).toList();
            double[][] uar = new double[ds.size()][];
            boolean[][] collapsed = new boolean[ds.size()][strategies.size()];
            List<String> labels = new ArrayList<>();
            for (int d = 0; d < ds.size(); d++) {
                DirectionResult direction = ds.get(d);
                labels.add(label(direction.source(), direction.target()));
                uar[d] = strategies.stream().mapToDouble(s -> BenchmarkReport.uar(direction, s)).toArray();
                for (StrategyResult s : direction.strategies()) {
                    collapsed[d][strategies.indexOf(s.strategy())] = s.collapsed();
                }
            }
            tables.add(new UarTable(setting, labels, strategies, uar, collapsed, chance));
        }
        return tables;
    }
}
