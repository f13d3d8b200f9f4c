package org.layeranchor.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.layeranchor.experiment.CrossLingualBenchmark;
import org.layeranchor.experiment.DirectionResult;
import org.layeranchor.experiment.StrategyResult;
import org.layeranchor.io.CsvWriter;
import org.layeranchor.training.TrainingConfig;

/**
 * Writes a benchmark's results as {@code results.csv}, {@code results.json}, {@code results.md}, the
 * figures ({@code figures/}, {@link ReportFigures}) and a self-contained {@code report.html} that opens
 * with them. Numbers are UAR in percent; every table says which setting it is.
 */
public final class BenchmarkReport {
    public static final String CSV = "results.csv";
    public static final String JSON = "results.json";
    public static final String MARKDOWN = "results.md";
    public static final String HTML = "report.html";

    private BenchmarkReport() {
    }

    public static void write(CrossLingualBenchmark.Results r, Map<String, Object> provenance, Path out) throws IOException {
        Files.createDirectories(out);
        Files.writeString(out.resolve(CSV), csv(r), StandardCharsets.UTF_8);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve(JSON).toFile(), json(r, provenance));
        String md = markdown(r, provenance);
        Files.writeString(out.resolve(MARKDOWN), md, StandardCharsets.UTF_8);
        List<ReportFigures.Written> figures = ReportFigures.write(UarTable.of(r), out.resolve(ReportFigures.DIR));
        Files.writeString(out.resolve(HTML), HtmlReport.render(r, provenance, out, figures), StandardCharsets.UTF_8);
    }

    static String csv(CrossLingualBenchmark.Results r) {
        StringBuilder sb = new StringBuilder(CsvWriter.line(List.of("setting", "source", "target", "strategy", "seeds",
                "uar_mean", "uar_std", "uar_ci95_low", "uar_ci95_high", "accuracy_mean", "macro_f1_mean", "used_layers",
                "similarity_ranking", "vowel_ranking", "groups", "source_utterances", "adapt_utterances", "test_utterances",
                "chance", "target_upper_bound_uar", "unlabelled_target_prediction_shares", "collapsed_seeds")));
        for (DirectionResult d : r.directions()) {
            for (StrategyResult s : d.strategies()) {
                sb.append(CsvWriter.line(List.of(d.setting(), d.source(), d.target(), s.strategy(),
                        Integer.toString(s.uar().seeds()), f(s.uar().mean()), f(s.uar().std()), f(s.ci().low()),
                        f(s.ci().high()), f(s.accuracy().mean()), f(s.macroF1().mean()), s.usedLayers(),
                        Arrays.toString(d.similarityRanking()), vowelRanking(d), groups(d.groups()),
                        Integer.toString(d.sourceUtterances()), Integer.toString(d.adaptUtterances()),
                        Integer.toString(d.testUtterances()), f(1.0 / r.settings().classes().classes().size()),
                        f(upperBound(r, d.target())), shares(s), Integer.toString(s.collapsedSeeds()))));
            }
        }
        return sb.toString();
    }

    static Map<String, Object> json(CrossLingualBenchmark.Results r, Map<String, Object> provenance) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("provenance", provenance);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("corpora", r.settings().corpora());
        settings.put("classes", r.settings().classes().classes());
        settings.put("merges", r.settings().classes().merges());
        settings.put("strategies", r.settings().strategies().stream().map(Object::toString).toList());
        settings.put("seeds", r.settings().seeds());
        settings.put("transductive", r.settings().transductive());
        settings.put("vowels", r.settings().vowels());
        settings.put("bootstrap_resamples", r.settings().resamples());
        settings.put("lam_gl_group_anchors", org.layeranchor.experiment.AnchorChooser.GROUP_ANCHORS);
        settings.put("training", r.settings().training());
        m.put("settings", settings);
        m.put("encoder_key", r.encoderKey());
        m.put("seconds", r.seconds());
        List<Map<String, Object>> bounds = new ArrayList<>();
        for (CrossLingualBenchmark.UpperBound b : r.upperBounds()) {
            bounds.add(Map.of("corpus", b.corpus(), "uar_mean", b.uar().mean(), "uar_std", b.uar().std(),
                    "uar_per_seed", b.uar().values(),
                    "note", "weighted-sum head trained on the target's labelled adapt half, tested on its test half"));
        }
        m.put("within_target_upper_bounds", bounds);
        List<Map<String, Object>> dirs = new ArrayList<>();
        for (DirectionResult d : r.directions()) {
            Map<String, Object> dm = new LinkedHashMap<>();
            dm.put("setting", d.setting());
            dm.put("source", d.source());
            dm.put("target", d.target());
            dm.put("source_utterances", d.sourceUtterances());
            dm.put("adapt_utterances", d.adaptUtterances());
            dm.put("test_utterances", d.testUtterances());
            dm.put("similarity_ranking", d.similarityRanking());
            dm.put("vowel_ranking", d.vowelRanking());
            dm.put("groups", d.groups());
            dm.put("analysis", d.analysisDir());
            if (!d.standardisation().isEmpty()) {
                dm.put("standardisation", d.standardisation());
            }
            List<Map<String, Object>> ss = new ArrayList<>();
            for (StrategyResult s : d.strategies()) {
                Map<String, Object> sm = new LinkedHashMap<>();
                sm.put("strategy", s.strategy());
                sm.put("uar_mean", s.uar().mean());
                sm.put("uar_std", s.uar().std());
                sm.put("uar_per_seed", s.uar().values());
                sm.put("uar_ci95", List.of(s.ci().low(), s.ci().high()));
                sm.put("accuracy_mean", s.accuracy().mean());
                sm.put("macro_f1_mean", s.macroF1().mean());
                sm.put("used_layers", s.usedLayers());
                sm.put("confusion_summed_over_seeds", counts(s));
                sm.put("unlabelled_target_prediction_shares", s.targetShares());
                sm.put("collapsed_seeds", s.collapsedSeeds());
                ss.add(sm);
            }
            dm.put("strategies", ss);
            dirs.add(dm);
        }
        m.put("directions", dirs);
        return m;
    }

    /** "0.310 0.220 …": the shares of the unlabelled target predicted as each class. */
    static String shares(StrategyResult s) {
        StringBuilder sb = new StringBuilder();
        for (double v : s.targetShares()) {
            sb.append(sb.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f", v));
        }
        return sb.toString();
    }

    static long[][] counts(StrategyResult s) {
        int n = s.confusion().classes().size();
        long[][] cm = new long[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                cm[i][j] = s.confusion().count(i, j);
            }
        }
        return cm;
    }

    /** Markdown: one table per setting (directions × strategies), the mean over directions, wins, anchors. */
    public static String markdown(CrossLingualBenchmark.Results r, Map<String, Object> provenance) {
        StringBuilder sb = new StringBuilder();
        double chance = 100.0 / r.settings().classes().classes().size();
        for (String setting : SETTINGS) {
            List<DirectionResult> ds = r.directions().stream().filter(d -> d.setting().equals(setting)).toList();
            if (ds.isEmpty()) {
                continue;
            }
            List<String> strategies = ds.get(0).strategies().stream().map(StrategyResult::strategy).toList();
            sb.append("### ").append(title(setting)).append("\n\n");
            TrainingConfig cfg = r.settings().training();
            sb.append("UAR % (mean ± std over ").append(r.settings().seeds()).append(" seeds; bold = best of the row; "
                    + "95 % bootstrap CIs of the seed mean are in results.csv). Chance ")
                    .append(String.format("%.1f", chance)).append(" %. Head `").append(cfg.head().key())
                    .append("`, standardisation `").append(cfg.standardisation().key()).append('`')
                    .append(cfg.head() == TrainingConfig.Head.LINEAR ? String.format(Locale.ROOT,
                            ", inputs `%s`, l2 %s, CORAL ε %s: deterministic, so every seed but best-layer's gives the same "
                                    + "model (std 0)", cfg.headInputs().key(), cfg.l2(), cfg.coralEpsilon()) : "")
                    .append(".\n\n");
            sb.append("| direction |");
            strategies.forEach(s -> sb.append(' ').append(s).append(" |"));
            sb.append(" target upper bound |\n|---|");
            strategies.forEach(s -> sb.append("---|"));
            sb.append("---|\n");
            double[] sums = new double[strategies.size()];
            for (DirectionResult d : ds) {
                sb.append("| ").append(d.source()).append(" → ").append(d.target()).append(" |");
                double best = d.strategies().stream().mapToDouble(s -> s.uar().mean()).max().orElse(0);
                for (int i = 0; i < strategies.size(); i++) {
                    StrategyResult s = d.strategies().get(i);
                    sums[i] += s.uar().mean();
                    String cell = String.format("%.1f ± %.1f", 100 * s.uar().mean(), 100 * s.uar().std())
                            + (s.collapsed() ? " ⚠" : "");
                    sb.append(' ').append(s.uar().mean() == best ? "**" + cell + "**" : cell).append(" |");
                }
                sb.append(String.format(" %.1f |%n", 100 * upperBound(r, d.target())));
            }
            sb.append("| **mean over directions** |");
            for (double s : sums) {
                sb.append(String.format(" %.1f |", 100 * s / ds.size()));
            }
            sb.append(" |\n\n");
            sb.append(collapses(ds)).append(wins(ds, strategies)).append('\n');
            if (setting.startsWith(CrossLingualBenchmark.LOLO_PREFIX)) {
                sb.append(SourceComparison.markdown(r, setting, strategies));
            }
            TrainingConfig t = r.settings().training();
            sb.append("Anchors each direction chose without target labels (label-free ranking of the layers, `anchorRanking: ")
                    .append(t.anchorRanking().key()).append("`, best first; LAM aligns the top ").append(t.anchorCount())
                    .append(", LAM-GL the top ").append(org.layeranchor.experiment.AnchorChooser.GROUP_ANCHORS)
                    .append(" groups):\n\n| direction | ranking | vowel-frame ranking | groups (best first) |\n|---|---|---|---|\n");
            for (DirectionResult d : ds) {
                sb.append("| ").append(d.source()).append(" → ").append(d.target()).append(" | ")
                        .append(Arrays.toString(d.similarityRanking())).append(" | ").append(vowelRanking(d))
                        .append(" | ").append(groups(d.groups())).append(" |\n");
            }
            if (ds.stream().anyMatch(d -> !d.standardisation().isEmpty())) {
                sb.append("\nStandardisation `").append(t.standardisation().key())
                        .append("` per direction (decided without target labels):\n\n| direction | decision |\n|---|---|\n");
                for (DirectionResult d : ds) {
                    sb.append("| ").append(d.source()).append(" → ").append(d.target()).append(" | ")
                            .append(d.standardisation()).append(" |\n");
                }
            }
            sb.append('\n');
        }
        sb.append("Within-target upper bound (weighted-sum head trained on the target's labelled adapt half, tested on "
                + "its test half): ");
        List<String> ub = new ArrayList<>();
        for (CrossLingualBenchmark.UpperBound b : r.upperBounds()) {
            ub.add(String.format("%s %.1f ± %.1f", b.corpus(), 100 * b.uar().mean(), 100 * b.uar().std()));
        }
        sb.append(String.join(", ", ub)).append(".\n\n");
        sb.append("Encoder `").append(r.encoderKey()).append("`, commit `").append(provenance.getOrDefault("commit", "unknown"))
                .append("`, ").append(String.format("%.1f", r.seconds() / 60)).append(" min for analysis, training and evaluation.\n");
        return sb.toString();
    }

    /** The collapse guard's findings (⚠ in the table), or a sentence saying there were none. */
    static String collapses(List<DirectionResult> ds) {
        List<String> found = new ArrayList<>();
        for (DirectionResult d : ds) {
            for (StrategyResult s : d.strategies()) {
                if (s.collapsed()) {
                    found.add(String.format("%s → %s `%s` (%d of %d seeds; unlabelled target predicted as %s)", d.source(),
                            d.target(), s.strategy(), s.collapsedSeeds(), s.uar().seeds(),
                            s.describeShares(s.confusion().classes())));
                }
            }
        }
        String rule = String.format("at least %.0f %% of the unlabelled target predicted as one class, read without labels",
                100 * StrategyResult.COLLAPSE_SHARE);
        if (found.isEmpty()) {
            return "Collapse guard (" + rule + "): no run collapsed.\n\n";
        }
        return "⚠ Collapse guard (" + rule + "): " + String.join("; ", found) + ".\n\n";
    }

    /**
     * The settings in report order: pairwise inductive, test-time (only with per-speaker standardisation of
     * the target) and transductive, then the same for leave one language out.
     */
    static final List<String> SETTINGS = List.of("inductive", CrossLingualBenchmark.TEST_TIME, "transductive",
            CrossLingualBenchmark.LOLO_PREFIX + "inductive", CrossLingualBenchmark.LOLO_PREFIX + CrossLingualBenchmark.TEST_TIME,
            CrossLingualBenchmark.LOLO_PREFIX + "transductive");

    /** The heading of a setting's table. */
    static String title(String setting) {
        return switch (setting) {
            case "inductive" -> "Inductive (headline): adapt on the target's adapt-half speakers, test on its other speakers";
            case "transductive" -> "Transductive: all target audio unlabelled for adaptation, all of it tested";
            case "test-time" -> "Test-time: as inductive, but each test speaker standardised with its own unlabelled "
                    + "utterances (all emotions) where the target is standardised per speaker";
            case "lolo-test-time" -> "Leave one language out, test-time: as lolo-inductive, each test speaker "
                    + "standardised with its own unlabelled utterances where the target is standardised per speaker";
            case "lolo-inductive" -> "Leave one language out, inductive: every other corpus a labelled source "
                    + "(each standardised with its own statistics, pooled), the target as in the inductive table";
            case "lolo-transductive" -> "Leave one language out, transductive: every other corpus a labelled source, "
                    + "all target audio unlabelled and tested";
            default -> setting;
        };
    }

    /** UAR differences up to this are ties (rounding of the same fraction), not wins. */
    static final double TIE = 1e-9;

    /** For each strategy: directions where it beats last-layer and weighted-sum, and its mean gain. */
    static String wins(List<DirectionResult> ds, List<String> strategies) {
        StringBuilder sb = new StringBuilder("| strategy | beats last-layer | mean gain vs last-layer (points) "
                + "| beats weighted-sum | mean gain vs weighted-sum (points) |\n|---|---|---|---|---|\n");
        for (String s : strategies) {
            int winsLast = 0;
            int winsSum = 0;
            double gainLast = 0;
            double gainSum = 0;
            for (DirectionResult d : ds) {
                double v = uar(d, s);
                double last = uar(d, "last-layer");
                double sum = uar(d, "weighted-sum");
                // Equal UARs computed in another summation order differ in the last bits: not a win.
                winsLast += v > last + TIE ? 1 : 0;
                winsSum += v > sum + TIE ? 1 : 0;
                gainLast += v - last;
                gainSum += v - sum;
            }
            sb.append(String.format("| %s | %d / %d | %+.1f | %d / %d | %+.1f |%n", s, winsLast, ds.size(),
                    100 * gainLast / ds.size(), winsSum, ds.size(), 100 * gainSum / ds.size()));
        }
        return sb.toString();
    }

    static double uar(DirectionResult d, String strategy) {
        return d.strategies().stream().filter(s -> s.strategy().equals(strategy)).mapToDouble(s -> s.uar().mean())
                .findFirst().orElse(Double.NaN);
    }

    static double upperBound(CrossLingualBenchmark.Results r, String corpus) {
        return r.upperBounds().stream().filter(b -> b.corpus().equals(corpus)).mapToDouble(b -> b.uar().mean())
                .findFirst().orElse(Double.NaN);
    }

    /** The vowel-frame ranking, or "not computed" when the run skipped the vowel variant. */
    static String vowelRanking(DirectionResult d) {
        return d.vowelRanking().length == 0 ? "not computed" : Arrays.toString(d.vowelRanking());
    }

    static String groups(List<int[]> groups) {
        List<String> s = new ArrayList<>();
        for (int[] g : groups) {
            s.add(Arrays.toString(g));
        }
        return String.join(" ", s);
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
