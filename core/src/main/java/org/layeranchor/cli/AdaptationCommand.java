package org.layeranchor.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.layeranchor.corpus.ClassSet;
import org.layeranchor.experiment.AdaptationPaths;
import org.layeranchor.experiment.AdaptationPaths.Adaptation;
import org.layeranchor.experiment.CorpusFeatures;
import org.layeranchor.experiment.TrainingRunFile;
import org.layeranchor.features.FeatureStore;
import org.layeranchor.training.EncoderIdentity;
import org.layeranchor.training.TrainingConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code layeranchor adaptation}: the numbers behind the default model. Its recipe (a run file
 * without a target) is trained on all corpora but one, then scored on the held-out corpus's test
 * half by each way of adapting at use time (adapt half, the batch itself, none); every corpus in turn.
 */
@Command(name = "adaptation", mixinStandardHelpOptions = true,
        description = {"Score a recipe for a model with no target (such as models/default.yaml) on each of its corpora "
                + "held out in turn: trained on the others, then used on the held-out test half with its statistics "
                + "re-estimated from its adapt half (predict --adapt-on), from the test half itself (batch-only), or "
                + "not at all. No label of the held-out corpus is read except to score. From stored features.",
                "With --select KEY=V1,V2;...: each held-out corpus also gets the candidate chosen without it (each "
                        + "other corpus scored in turn, trained on the rest), and the table shows every candidate."})
final class AdaptationCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE",
            description = "Run file whose sources are the corpora and whose training settings are the recipe (no target).")
    Path config;

    @Option(names = "--store", paramLabel = "DIR", description = "Feature store (default: the run file's).")
    Path store;

    @Option(names = "--select", paramLabel = "KEY=V1,V2;...",
            description = "Candidate settings (training keys), e.g. 'strategy=weighted-sum,best-layer'.")
    String select;

    @Option(names = "--out", paramLabel = "DIR", description = "Also write results.md and results.csv here.")
    Path out;

    @Option(names = "--batch-sizes", paramLabel = "K,K,...", split = ",",
            description = "Also measure batch-only adaptation from random batches of K test-half files (the run file's "
                    + "recipe, 10 draws each), scored on the whole test half.")
    int[] batchSizes;

    @Override
    public Integer call() throws Exception {
        TrainingRunFile run = TrainingRunFile.read(config);
        if (run.hasTarget()) {
            throw new CommandLine.ParameterException(spec.commandLine(), config + " names a target ('" + run.target()
                    + "'): this scores recipes for a model with no target");
        }
        if (run.sources().size() < 3) {
            throw new CommandLine.ParameterException(spec.commandLine(), config + ": needs at least 3 source corpora "
                    + "(each held out in turn from the others)");
        }
        FeatureStore fs = FeatureStore.openExisting(store != null ? store : run.store());
        String key = fs.resolveEncoderKey(run.encoder());
        ClassSet classes = ClassSet.parse(String.join(",", run.training().classes())).withMerges(run.merges());
        int threads = Runtime.getRuntime().availableProcessors();
        List<CorpusFeatures> corpora = new ArrayList<>();
        for (String c : run.sources()) {
            corpora.add(CorpusFeatures.load(fs, key, c, run.splits().resolve(c + ".adapt-test.csv"), classes, false, threads));
        }
        EncoderIdentity identity = EncoderIdentity.of(fs.readEncoderInfo(key).identityProperties());
        Map<String, TrainingConfig> candidates = candidates(run.training());

        PrintWriter o = spec.commandLine().getOut();
        StringBuilder md = new StringBuilder();
        StringBuilder csv = new StringBuilder("recipe,held_out,adaptation,uar\n");
        List<String> names = new ArrayList<>(candidates.keySet());
        Map<String, List<AdaptationPaths.HeldOut>> byRecipe = new LinkedHashMap<>();
        for (String name : names) {
            List<AdaptationPaths.HeldOut> results = AdaptationPaths.leaveEachOut(candidates.get(name), corpora, identity);
            byRecipe.put(name, results);
            md.append(table(name, results));
            for (AdaptationPaths.HeldOut r : results) {
                for (Adaptation a : Adaptation.values()) {
                    csv.append(String.format(Locale.ROOT, "%s,%s,%s,%.4f%n", name, r.corpus(), a.name().toLowerCase(Locale.ROOT),
                            r.uar().get(a)));
                }
            }
        }
        if (names.size() > 1) {
            md.append(chosenWithoutHeldOut(names, candidates, byRecipe, corpora, identity));
        }
        if (batchSizes != null && batchSizes.length > 0) {
            md.append(batchSizeTable(run.training(), corpora, identity));
        }
        o.print(md);
        o.flush();
        if (out != null) {
            Files.createDirectories(out);
            Files.writeString(out.resolve("results.md"), md.toString());
            Files.writeString(out.resolve("results.csv"), csv.toString());
            o.println("wrote " + out.resolve("results.md") + " and results.csv");
        }
        return LayerAnchorCli.EXIT_OK;
    }

    /** The run file's recipe alone, or one candidate per combination of the --select values. */
    private Map<String, TrainingConfig> candidates(TrainingConfig base) {
        Map<String, TrainingConfig> out = new LinkedHashMap<>();
        out.put("", base);
        if (select == null || select.isBlank()) {
            return out;
        }
        for (String part : select.split(";")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--select: expected KEY=V1,V2 but got '" + part + "'");
            }
            Map<String, TrainingConfig> next = new LinkedHashMap<>();
            for (Map.Entry<String, TrainingConfig> e : out.entrySet()) {
                for (String v : kv[1].split(",")) {
                    String name = (e.getKey().isEmpty() ? "" : e.getKey() + " ") + kv[0].trim() + "=" + v.trim();
                    try {
                        next.put(name, e.getValue().withOverrides(Map.of(kv[0].trim(), v.trim())));
                    } catch (IllegalArgumentException ex) {
                        throw new CommandLine.ParameterException(spec.commandLine(), "--select: " + ex.getMessage());
                    }
                }
            }
            out = next;
        }
        return out;
    }

    private static String table(String name, List<AdaptationPaths.HeldOut> results) {
        StringBuilder b = new StringBuilder("\n### " + (name.isEmpty() ? "the run file's recipe" : name) + "\n\n");
        b.append("| held out | adapt half | batch (test half) | none |\n|---|---|---|---|\n");
        for (AdaptationPaths.HeldOut r : results) {
            b.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f |%n", r.corpus(), 100 * r.uar().get(Adaptation.ADAPT_HALF),
                    100 * r.uar().get(Adaptation.BATCH), 100 * r.uar().get(Adaptation.NONE)));
        }
        b.append(String.format(Locale.ROOT, "| **mean** | **%.1f** | **%.1f** | **%.1f** |%n",
                100 * AdaptationPaths.mean(results, Adaptation.ADAPT_HALF), 100 * AdaptationPaths.mean(results, Adaptation.BATCH),
                100 * AdaptationPaths.mean(results, Adaptation.NONE)));
        return b.toString();
    }

    private String batchSizeTable(TrainingConfig recipe, List<CorpusFeatures> corpora, EncoderIdentity identity) {
        int draws = 10;
        StringBuilder b = new StringBuilder("\n### batch-only adaptation by batch size (statistics from K random test-half "
                + "files, " + draws + " draws; UAR on the whole test half)\n\n| held out |");
        for (int k : batchSizes) {
            b.append(" K=").append(k).append(" |");
        }
        b.append("\n|---|").append("---|".repeat(batchSizes.length)).append('\n');
        double[] sum = new double[batchSizes.length];
        for (CorpusFeatures c : corpora) {
            double[] curve = AdaptationPaths.batchSizeCurve(recipe, corpora, c, identity, batchSizes, draws, 0);
            b.append("| ").append(c.corpus).append(" |");
            for (int i = 0; i < curve.length; i++) {
                b.append(String.format(Locale.ROOT, " %.1f |", 100 * curve[i]));
                sum[i] += curve[i];
            }
            b.append('\n');
        }
        b.append("| **mean** |");
        for (double v : sum) {
            b.append(String.format(Locale.ROOT, " **%.1f** |", 100 * v / corpora.size()));
        }
        return b.append('\n').toString();
    }

    /** Per held-out corpus, the candidate chosen without it, and that candidate's scores on it. */
    private static String chosenWithoutHeldOut(List<String> names, Map<String, TrainingConfig> candidates,
                                               Map<String, List<AdaptationPaths.HeldOut>> byRecipe,
                                               List<CorpusFeatures> corpora, EncoderIdentity identity) {
        StringBuilder b = new StringBuilder("\n### chosen without the held-out corpus (adapt-half UAR on the others)\n\n");
        b.append("| held out | chosen | adapt half | batch (test half) | none |\n|---|---|---|---|---|\n");
        List<TrainingConfig> list = names.stream().map(candidates::get).toList();
        double[] sum = new double[3];
        for (int i = 0; i < corpora.size(); i++) {
            int chosen = AdaptationPaths.chooseWithout(corpora.get(i), list, corpora, identity);
            AdaptationPaths.HeldOut r = byRecipe.get(names.get(chosen)).get(i);
            b.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.1f |%n", r.corpus(), names.get(chosen),
                    100 * r.uar().get(Adaptation.ADAPT_HALF), 100 * r.uar().get(Adaptation.BATCH), 100 * r.uar().get(Adaptation.NONE)));
            sum[0] += r.uar().get(Adaptation.ADAPT_HALF);
            sum[1] += r.uar().get(Adaptation.BATCH);
            sum[2] += r.uar().get(Adaptation.NONE);
        }
        int n = corpora.size();
        b.append(String.format(Locale.ROOT, "| **mean** | | **%.1f** | **%.1f** | **%.1f** |%n", 100 * sum[0] / n, 100 * sum[1] / n,
                100 * sum[2] / n));
        return b.toString();
    }
}
