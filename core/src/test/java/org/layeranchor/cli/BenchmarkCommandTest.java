package org.layeranchor.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.io.CsvReader;
import org.layeranchor.io.CsvWriter;
import org.layeranchor.experiment.BenchmarkSettings;
import org.layeranchor.experiment.CrossLingualBenchmark;
import org.layeranchor.experiment.DirectionResult;
import org.layeranchor.experiment.StrategyResult;
import org.layeranchor.features.FeatureStore;
import org.layeranchor.features.IndexRow;
import org.layeranchor.testing.TinyWhisper;
import org.layeranchor.training.TrainingConfig;

/** The benchmark, train and evaluate commands on a tiny store, and the rule that test labels train nothing. */
class BenchmarkCommandTest {
    @TempDir
    static Path tmp;
    static Path model;
    static Path splits;
    static Path alpha;
    static Path beta;

    @BeforeAll
    static void data() throws Exception {
        model = tmp.resolve("model");
        TinyWhisper.write(model, 8);
        alpha = ExtractCommandTest.corpus(tmp.resolve("alpha"), 24);
        beta = ExtractCommandTest.corpus(tmp.resolve("beta"), 20);
        splits = tmp.resolve("splits");
        LayerAnchorCliTest.Run s = LayerAnchorCliTest.run("corpus", "split", alpha.toString(), beta.toString(),
                "--scheme", "adapt-test", "-o", splits.toString());
        assertEquals(0, s.code(), s.err());
    }

    @Test
    void benchmarkWritesEveryTableAndASelfContainedReport() throws Exception {
        Path out = tmp.resolve("bench");
        LayerAnchorCliTest.Run r = LayerAnchorCliTest.run("benchmark", "--store", tmp.resolve("store-b").toString(),
                "--out", out.toString(), "--model", model.toString(), "--corpus", alpha.toString(), beta.toString(),
                "--splits", splits.toString(), "--seeds", "2", "--mode", "fast");
        assertEquals(0, r.code(), r.err());
        List<CsvReader.Row> rows = CsvReader.read(out.resolve("results.csv")).rows();
        assertEquals(1 + 2 * 2 * 7, rows.size()); // header + (2 directions x 2 settings x 7 strategies)
        String md = Files.readString(out.resolve("results.md"));
        assertTrue(md.contains("Inductive (headline)") && md.contains("Transductive") && md.contains("alpha → beta"), md);
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("data:image/png;base64,"), "plots are inlined");
        assertTrue(!html.contains("src=\"http") && !html.contains("<script"), "no external resources");
        assertTrue(Files.readString(out.resolve("results.json")).contains("\"commit\""));
        assertTrue(Files.exists(out.resolve("analysis/inductive/alpha-to-beta/label_free_overview.png")));
        // The store pools over speech (extract's default), and each direction's anchor analysis says so.
        assertTrue(Files.readString(out.resolve("analysis/inductive/alpha-to-beta/summary.txt"))
                .contains("speech frames (first to last)"));
        // The label-free collapse guard: the unlabelled target's predicted shares per run, and a verdict.
        List<String> header = rows.get(0).fields();
        int shares = header.indexOf("unlabelled_target_prediction_shares");
        assertTrue(shares > 0 && header.contains("collapsed_seeds"), header.toString());
        for (CsvReader.Row row : rows.subList(1, rows.size())) {
            double sum = Arrays.stream(row.fields().get(shares).split(" ")).mapToDouble(Double::parseDouble).sum();
            assertEquals(1.0, sum, 1e-2, row.fields().toString());
        }
        assertTrue(md.contains("Collapse guard"), md);

        // Leave-target-out selection of a setting, from the same store.
        Path sel = tmp.resolve("select");
        LayerAnchorCliTest.Run select = LayerAnchorCliTest.run("benchmark", "--store", tmp.resolve("store-b").toString(),
                "--out", sel.toString(), "--model", model.toString(), "--corpus", alpha.toString(), beta.toString(),
                "--splits", splits.toString(), "--mode", "fast", "--no-vowels", "--no-transductive",
                "--select", "l2=0.01,1");
        assertEquals(0, select.code(), select.err());
        String table = Files.readString(sel.resolve("selection-l2.md"));
        assertTrue(table.contains("Leave-target-out selection of `l2` for `lam` (inductive)") && table.contains("| 0.01 |")
                && table.contains("Chosen without the target's labels"), table);
        assertEquals(1 + 2 * 2, Files.readAllLines(sel.resolve("selection-l2.csv")).size());
        LayerAnchorCliTest.Run badSelect = LayerAnchorCliTest.run("benchmark", "--store", tmp.resolve("store-b").toString(),
                "--out", sel.toString(), "--model", model.toString(), "--corpus", alpha.toString(), beta.toString(),
                "--splits", splits.toString(), "--mode", "fast", "--no-vowels", "--select", "nosuchkey=1,2");
        assertEquals(2, badSelect.code());
        assertTrue(badSelect.err().contains("unknown training config key 'nosuchkey'"), badSelect.err());
    }

    @Test
    void featuresOnlyReproducesTheTableFromTheStoreWithoutAudioOrModel() throws Exception {
        Path store = tmp.resolve("store-features-only");
        List<String> common = List.of("--store", store.toString(), "--splits", splits.toString(), "--seeds", "1",
                "--strategies", "weighted-sum,lam", "--no-transductive", "--no-leave-one-out", "--no-vowels");
        List<String> extracting = new java.util.ArrayList<>(common);
        extracting.addAll(List.of("--out", tmp.resolve("fo-extract").toString(), "--model", model.toString(), "--mode", "fast",
                "--corpus", alpha.toString(), beta.toString()));
        LayerAnchorCliTest.Run first = LayerAnchorCliTest.run(prepend("benchmark", extracting));
        assertEquals(0, first.code(), first.err());

        List<String> stored = new java.util.ArrayList<>(common);
        stored.addAll(List.of("--out", tmp.resolve("fo-stored").toString(), "--model", tmp.resolve("no-model").toString(),
                "--features-only"));
        LayerAnchorCliTest.Run second = LayerAnchorCliTest.run(prepend("benchmark", stored));
        assertEquals(0, second.code(), second.err());
        assertTrue(!second.err().contains("features:"), "nothing extracted: " + second.err());
        List<CsvReader.Row> a = CsvReader.read(tmp.resolve("fo-extract").resolve("results.csv")).rows();
        List<CsvReader.Row> b = CsvReader.read(tmp.resolve("fo-stored").resolve("results.csv")).rows();
        assertEquals(1 + 2 * 2, a.size());
        int uar = a.get(0).fields().indexOf("uar_mean");
        assertTrue(uar >= 0, a.get(0).fields().toString());
        for (int r = 0; r < a.size(); r++) {
            assertEquals(a.get(r).fields().subList(0, uar + 1), b.get(r).fields().subList(0, uar + 1));
        }

        LayerAnchorCliTest.Run none = LayerAnchorCliTest.run("benchmark", "--store", tmp.resolve("no-store").toString(),
                "--out", tmp.resolve("fo-none").toString(), "--features-only", "--no-vowels");
        assertEquals(1, none.code());
        assertTrue(none.err().contains(tmp.resolve("no-store") + ": no feature store here"), none.err());
        assertTrue(none.err().contains("--store DIR"), "says how to name one: " + none.err());
    }

    @Test
    void scramblingTargetTestLabelsLeavesEveryTrainedModelIdentical() throws Exception {
        Path store = tmp.resolve("store-s");
        LayerAnchorCliTest.Run ex = LayerAnchorCliTest.run("extract", "--model", model.toString(), "--corpus",
                alpha.toString(), beta.toString(), "--store", store.toString(), "--mode", "fast", "--frames");
        assertEquals(0, ex.code(), ex.err());
        FeatureStore fs = FeatureStore.openExisting(store);
        String key = fs.resolveEncoderKey(null);
        BenchmarkSettings settings = new BenchmarkSettings(List.of("alpha", "beta"),
                org.layeranchor.corpus.ClassSet.FOUR, List.of(org.layeranchor.training.Strategy.values()), 2, false, true,
                TrainingConfig.defaults(), 2, 200, false);
        CrossLingualBenchmark.Results before = new CrossLingualBenchmark(fs, key, splits, settings, s -> { })
                .run(tmp.resolve("scramble-1"));

        scrambleTestLabels(fs.encoderDir(key).resolve("index.csv"), "beta", splits.resolve("beta.adapt-test.csv"));
        CrossLingualBenchmark.Results after = new CrossLingualBenchmark(fs, key, splits, settings, s -> { })
                .run(tmp.resolve("scramble-2"));

        DirectionResult b = direction(before, "alpha", "beta");
        DirectionResult a = direction(after, "alpha", "beta");
        assertArrayEquals(b.similarityRanking(), a.similarityRanking());
        assertArrayEquals(b.vowelRanking(), a.vowelRanking());
        boolean scoresMoved = false;
        for (int i = 0; i < b.strategies().size(); i++) {
            StrategyResult sb = b.strategies().get(i);
            StrategyResult sa = a.strategies().get(i);
            for (int seed = 0; seed < sb.probabilities().size(); seed++) {
                assertTrue(Arrays.deepEquals(sb.probabilities().get(seed), sa.probabilities().get(seed)),
                        sb.strategy() + " seed " + seed + " changed when only target test labels changed");
            }
            scoresMoved |= sb.uar().mean() != sa.uar().mean();
        }
        assertTrue(scoresMoved, "the scramble must change the scores, or it scrambled nothing");
    }

    /**
     * standardisation: auto decides per direction whether the target is standardised per speaker from
     * predicted classes, never labels: scrambling every label of the target (adapt and test halves) leaves
     * the decision and every trained model's probabilities unchanged, in the inductive and the test-time
     * rows, while the scores move.
     */
    @Test
    void speakerStandardisationDecidesWithoutAnyTargetLabel() throws Exception {
        Path store = tmp.resolve("store-spk");
        LayerAnchorCliTest.Run ex = LayerAnchorCliTest.run("extract", "--model", model.toString(), "--corpus",
                alpha.toString(), beta.toString(), "--store", store.toString(), "--mode", "fast");
        assertEquals(0, ex.code(), ex.err());
        FeatureStore fs = FeatureStore.openExisting(store);
        String key = fs.resolveEncoderKey(null);
        BenchmarkSettings settings = new BenchmarkSettings(List.of("alpha", "beta"),
                org.layeranchor.corpus.ClassSet.FOUR, List.of(org.layeranchor.training.Strategy.LAM,
                org.layeranchor.training.Strategy.WEIGHTED_SUM), 1, false, false,
                TrainingConfig.defaults().withOverrides(Map.of("standardisation", "auto")), 2, 50, false);
        CrossLingualBenchmark.Results before = new CrossLingualBenchmark(fs, key, splits, settings, s -> { })
                .run(tmp.resolve("spk-1"));
        scrambleAllLabels(fs.encoderDir(key).resolve("index.csv"), "beta");
        CrossLingualBenchmark.Results after = new CrossLingualBenchmark(fs, key, splits, settings, s -> { })
                .run(tmp.resolve("spk-2"));
        boolean scoresMoved = false;
        for (String setting : List.of("inductive", CrossLingualBenchmark.TEST_TIME)) {
            DirectionResult b = before.directions().stream().filter(d -> d.setting().equals(setting)
                    && d.source().equals("alpha")).findFirst().orElseThrow();
            DirectionResult a = after.directions().stream().filter(d -> d.setting().equals(setting)
                    && d.source().equals("alpha")).findFirst().orElseThrow();
            // Inductive: the test speakers are unheard, so everything stays per domain; test-time: the decision.
            assertTrue(b.standardisation().contains(setting.equals("inductive") ? "does not hear the test speakers"
                    : "target per speaker"), b.standardisation());
            assertEquals(b.standardisation(), a.standardisation());
            for (int i = 0; i < b.strategies().size(); i++) {
                assertTrue(Arrays.deepEquals(b.strategies().get(i).probabilities().get(0),
                        a.strategies().get(i).probabilities().get(0)), setting + " " + b.strategies().get(i).strategy());
                scoresMoved |= b.strategies().get(i).uar().mean() != a.strategies().get(i).uar().mean();
            }
        }
        assertTrue(scoresMoved, "the scramble must change the scores, or it scrambled nothing");
    }

    /**
     * A model trained with per-speaker standardisation keeps the target domain's statistics; predict hears
     * each speaker (found in the file names) first and standardises its files with that speaker's own
     * statistics, which changes the probabilities; a file whose name holds no speaker id is refused.
     */
    @Test
    void aPerSpeakerModelPredictsEachSpeakerWithItsOwnStatistics() throws Exception {
        Trained trained = extractAndTrain("ps", "  strategy: lam\n  standardisation: per-speaker\n");
        Path out = trained.model();
        LayerAnchorCliTest.Run t = trained.train();
        assertTrue(t.out().contains("target per speaker: yes"), t.out());
        assertTrue(Files.exists(out.resolve("normalizer/speaker_mean.npy")));
        String[] files = {beta.resolve("audio/u1.wav").toString(), beta.resolve("audio/u5.wav").toString(),
                beta.resolve("audio/u12.wav").toString(), beta.resolve("audio/u16.wav").toString()};
        List<String> plain = new ArrayList<>(List.of("predict", "--model", out.toString(), "--encoder", model.toString(),
                "--format", "csv", "--no-batch-adapt"));
        plain.addAll(List.of(files));
        LayerAnchorCliTest.Run without = LayerAnchorCliTest.run(plain.toArray(String[]::new));
        assertEquals(0, without.code(), without.err());
        List<String> bySpeaker = new ArrayList<>(plain);
        bySpeaker.addAll(3, List.of("--speaker-pattern", "u(\\d)"));
        LayerAnchorCliTest.Run with = LayerAnchorCliTest.run(bySpeaker.toArray(String[]::new));
        assertEquals(0, with.code(), with.err());
        assertTrue(with.err().contains("speakers: 1,") || with.err().contains("speakers: 2,"), with.err());
        assertNotEquals(without.out(), with.out(), "each speaker's own statistics must change the probabilities");

        // A file name the pattern finds no speaker in is refused, naming the file.
        LayerAnchorCliTest.Run unmatched = LayerAnchorCliTest.run("predict", "--model", out.toString(),
                "--encoder", model.toString(), "--speaker-pattern", "nomatch(x)", files[0]);
        assertNotEquals(0, unmatched.code());
        assertTrue(unmatched.err().contains("u1.wav") && unmatched.err().contains("finds no speaker id"), unmatched.err());
    }

    /** Moves every emotion label of one corpus to its next row (a cyclic shift), adapt and test halves alike. */
    static void scrambleAllLabels(Path index, String corpus) throws Exception {
        List<CsvReader.Row> rows = CsvReader.read(index).rows();
        List<Integer> of = new ArrayList<>();
        for (int i = 1; i < rows.size(); i++) {
            if (rows.get(i).fields().get(0).equals(corpus)) {
                of.add(i);
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            List<String> f = new ArrayList<>(rows.get(i).fields());
            int k = of.indexOf(i);
            if (k >= 0) {
                f.set(5, rows.get(of.get((k + 1) % of.size())).fields().get(5));
            }
            sb.append(CsvWriter.line(f));
        }
        Files.writeString(index, sb.toString());
    }

    /** A fast-mode store of alpha and beta, a run file alpha → beta with these training lines, and the model it trained. */
    private record Trained(Path store, Path runFile, Path model, LayerAnchorCliTest.Run train) {
    }

    /** Extracts alpha and beta into store-NAME and trains alpha → beta into trained-NAME (the run must succeed). */
    private static Trained extractAndTrain(String name, String trainingLines) throws Exception {
        Path store = tmp.resolve("store-" + name);
        assertEquals(0, LayerAnchorCliTest.run("extract", "--model", model.toString(), "--corpus", alpha.toString(),
                beta.toString(), "--store", store.toString(), "--mode", "fast").code());
        Path run = Files.createDirectories(tmp.resolve("runs-" + name)).resolve("run.yaml");
        Path out = tmp.resolve("trained-" + name);
        Files.writeString(run, "store: " + store + "\nsource: alpha\ntarget: beta\nsplits: " + splits + "\nout: " + out
                + "\ntraining:\n" + trainingLines);
        LayerAnchorCliTest.Run t = LayerAnchorCliTest.run("train", "--config", run.toString());
        assertEquals(0, t.code(), t.err());
        return new Trained(store, run, out, t);
    }

    /**
     * evaluate reads only the rows it scores: a model of two classes evaluated after the entries of the
     * corpus's other emotions were deleted gives the same metrics, on the test half and on all of it.
     */
    @Test
    void evaluateReadsOnlyTheRowsOfTheModelsClasses() throws Exception {
        Trained trained = extractAndTrain("two-classes", "  strategy: lam\n  classes: [angry, sad]\n");
        Path store = trained.store();
        Path out = trained.model();
        List<String> before = new ArrayList<>();
        for (String split : List.of("test", "all")) {
            LayerAnchorCliTest.Run e = LayerAnchorCliTest.run("evaluate", "--model", out.toString(), "--store",
                    store.toString(), "--corpus", "beta", "--splits", splits.toString(), "--split", split);
            assertEquals(0, e.code(), e.err());
            before.add(e.out());
        }
        FeatureStore fs = FeatureStore.openExisting(store);
        String key = fs.resolveEncoderKey(null);
        int deleted = 0;
        for (IndexRow r : fs.rows(key, List.of("beta"))) {
            if (!r.emotion().equals("angry") && !r.emotion().equals("sad")) {
                Files.delete(fs.encoderDir(key).resolve(r.pooledFile()));
                deleted++;
            }
        }
        assertEquals(12, deleted); // beta: 8 neutral, 4 happy; 4 sad and 4 angry kept
        for (int i = 0; i < 2; i++) {
            LayerAnchorCliTest.Run e = LayerAnchorCliTest.run("evaluate", "--model", out.toString(), "--store",
                    store.toString(), "--corpus", "beta", "--splits", splits.toString(), "--split", i == 0 ? "test" : "all");
            assertEquals(0, e.code(), e.err());
            assertEquals(before.get(i), e.out());
        }
        assertTrue(before.get(1).contains("all utterances, 8 utterances"), before.get(1));
    }

    @Test
    void trainAndEvaluateOneDirectionFromARunFile() throws Exception {
        Trained trained = extractAndTrain("t", "  strategy: lam-gl\n  maxEpochs: 5\n");
        Path store = trained.store();
        Path run = trained.runFile();
        Path out = trained.model();
        LayerAnchorCliTest.Run t = trained.train();
        assertTrue(t.out().contains("anchors (label-free"), t.out());
        assertTrue(Files.readString(out.resolve("anchor-analysis/summary.txt")).contains("speech frames (first to last)"),
                "the anchor analysis names the store's pooling");
        assertTrue(Files.exists(out.resolve("model.json")) && Files.exists(out.resolve("run.yaml")));

        LayerAnchorCliTest.Run printed = LayerAnchorCliTest.run("evaluate", "--model", out.toString(), "--store",
                store.toString(), "--corpus", "beta", "--splits", splits.toString());
        assertEquals(0, printed.code(), printed.err());
        assertTrue(printed.out().contains("UAR"), "metrics are printed without --out too: " + printed.out());
        LayerAnchorCliTest.Run e = LayerAnchorCliTest.run("evaluate", "--model", out.toString(), "--store", store.toString(),
                "--corpus", "beta", "--splits", splits.toString(), "--out", tmp.resolve("eval").toString());
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("UAR"), e.out());
        assertTrue(Files.size(tmp.resolve("eval/confusion.png")) > 1000);
        // Without --store, the store of the run file the model folder keeps: the same metrics, and stderr says so.
        LayerAnchorCliTest.Run own = LayerAnchorCliTest.run("evaluate", "--model", out.toString(), "--corpus", "beta",
                "--splits", splits.toString());
        assertEquals(0, own.code(), own.err());
        assertEquals(printed.out(), own.out());
        assertTrue(own.err().contains("store: " + store + " (from " + out.resolve("run.yaml") + ")"), own.err());

        // The model records where its encoder is, so it can be used without naming it again.
        assertTrue(Files.exists(out.resolve("encoder-location.json")));
        LayerAnchorCliTest.Run p = LayerAnchorCliTest.run("predict", "--model", out.toString(),
                beta.resolve("audio/u3.wav").toString());
        assertEquals(0, p.code(), p.err());
        assertTrue(p.out().contains("u3.wav"), p.out());

        // Attentive pooling was removed: a run file asking for it fails at once, naming the file.
        Path attentiveRun = tmp.resolve("attentive.yaml");
        Files.writeString(attentiveRun, "store: " + store + "\nsource: alpha\ntarget: beta\nsplits: " + splits
                + "\ntraining:\n  head: mlp\n  pooling: attentive\n");
        LayerAnchorCliTest.Run ta = LayerAnchorCliTest.run("train", "--config", attentiveRun.toString());
        assertEquals(1, ta.code(), ta.err());
        assertTrue(ta.err().contains(attentiveRun + ": training: ") && ta.err().contains("'pooling: attentive' is no longer "
                + "supported"), ta.err());

        LayerAnchorCliTest.Run notAModel = LayerAnchorCliTest.run("predict", "--model", tmp.resolve("nope").toString(),
                beta.resolve("audio/u3.wav").toString());
        assertEquals(2, notAModel.code());
        assertTrue(notAModel.err().contains("is not a model folder"), notAModel.err());

        LayerAnchorCliTest.Run noFile = LayerAnchorCliTest.run("train", "--config", tmp.resolve("missing.yaml").toString());
        assertEquals(1, noFile.code());
        assertTrue(noFile.err().contains("missing.yaml: no such run file"), noFile.err());

        Files.writeString(run, "store: " + store + "\nsource: alpha\ntarget: beta\ntraining:\n  strategy: lam-vowel\n");
        LayerAnchorCliTest.Run vowel = LayerAnchorCliTest.run("train", "--config", run.toString());
        assertEquals(1, vowel.code());
        assertTrue(vowel.err().contains("vowels: true"), vowel.err());

        Files.writeString(run, "store: " + store + "\nsource: alpha\ntarget: beta\nlambda: 3\n");
        LayerAnchorCliTest.Run bad = LayerAnchorCliTest.run("train", "--config", run.toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("run.yaml") && bad.err().contains("unknown key 'lambda'"), bad.err());
    }

    /** With three corpora the benchmark adds the leave-one-language-out table: every other corpus a source. */
    @Test
    void threeCorporaAddTheLeaveOneLanguageOutTable() throws Exception {
        Path gamma = ExtractCommandTest.corpus(tmp.resolve("gamma"), 16);
        Path splits3 = tmp.resolve("splits3");
        assertEquals(0, LayerAnchorCliTest.run("corpus", "split", alpha.toString(), beta.toString(), gamma.toString(),
                "--scheme", "adapt-test", "-o", splits3.toString()).code());
        Path out = tmp.resolve("bench-lolo");
        LayerAnchorCliTest.Run r = LayerAnchorCliTest.run("benchmark", "--store", tmp.resolve("store-lolo").toString(),
                "--out", out.toString(), "--model", model.toString(), "--corpus", alpha.toString(), beta.toString(),
                gamma.toString(), "--splits", splits3.toString(), "--seeds", "1", "--mode", "fast", "--no-vowels",
                "--no-transductive", "--strategies", "last-layer,lam");
        assertEquals(0, r.code(), r.err());
        List<CsvReader.Row> rows = CsvReader.read(out.resolve("results.csv")).rows();
        assertEquals(1 + (6 + 3) * 2, rows.size()); // header + (6 pairs + 3 left-out targets) x 2 strategies
        List<String> lolo = rows.stream().filter(x -> x.fields().get(0).equals("lolo-inductive"))
                .map(x -> x.fields().get(1) + ">" + x.fields().get(2)).distinct().toList();
        assertEquals(List.of("beta+gamma>alpha", "alpha+gamma>beta", "alpha+beta>gamma"), lolo);
        int sources = rows.get(0).fields().indexOf("source_utterances");
        String fromBetaGamma = rows.stream().filter(x -> x.fields().get(1).equals("beta+gamma")).findFirst().orElseThrow()
                .fields().get(sources);
        assertEquals("36", fromBetaGamma); // 20 + 16 labelled source utterances, pooled
        String md = Files.readString(out.resolve("results.md"));
        assertTrue(md.contains("Leave one language out, inductive") && md.contains("beta+gamma → alpha"), md);
        assertTrue(Files.readString(out.resolve("report.html")).contains("Leave one language out"));
        // Several sources beside the best single source for the same target, in every format.
        assertTrue(md.contains("Several sources against the best single source") && md.contains("| alpha | "), md);
        assertTrue(Files.readString(out.resolve("report.html")).contains("best single source"));

        // train with several sources: pooled, and every source recorded in the model folder.
        Path run = tmp.resolve("multi.yaml");
        Path multiModel = tmp.resolve("trained-multi");
        Files.writeString(run, "store: " + tmp.resolve("store-lolo") + "\nsource: [beta, gamma]\ntarget: alpha\nsplits: "
                + splits3 + "\nout: " + multiModel + "\n");
        LayerAnchorCliTest.Run t = LayerAnchorCliTest.run("train", "--config", run.toString());
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().contains("on beta+gamma -> alpha"), t.out());
        org.layeranchor.training.TrainedModel m = org.layeranchor.training.TrainedModel.load(multiModel);
        List<org.layeranchor.training.TrainingProvenance.SourceCorpus> recorded = m.description().provenance().sources();
        assertEquals(List.of("beta", "gamma"), recorded.stream().map(x -> x.corpus()).toList());
        assertEquals(List.of(20, 16), recorded.stream().map(x -> x.utterances()).toList());
        assertEquals(36, m.description().provenance().sourceUtterances());
        assertEquals(List.of("xx"), recorded.get(0).languages());
        assertEquals(4, recorded.get(1).classCounts().size());
        Files.writeString(run, "store: " + tmp.resolve("store-lolo") + "\nsource: [alpha, gamma]\ntarget: alpha\nsplits: "
                + splits3 + "\nout: " + multiModel + "\n");
        LayerAnchorCliTest.Run both = LayerAnchorCliTest.run("train", "--config", run.toString(), "--overwrite");
        assertEquals(1, both.code());
        assertTrue(both.err().contains("'alpha' is both a source and the target"), both.err());

        // A label outside the classes is reported per source, and counted as a class only when a merge says so.
        String threeClasses = "store: " + tmp.resolve("store-lolo") + "\nsource: [beta, gamma]\ntarget: alpha\nsplits: "
                + splits3 + "\nout: " + multiModel + "\ntraining:\n  classes: [neutral, happy, sad]\n"
                + "  multiSourceAlignment: per-source\n  multiSourceRanking: per-source\n";
        Files.writeString(run, threeClasses);
        LayerAnchorCliTest.Run unmerged = LayerAnchorCliTest.run("train", "--config", run.toString(), "--overwrite");
        assertEquals(0, unmerged.code(), unmerged.err());
        assertTrue(unmerged.err().contains("note: source beta has 4 'angry' utterances outside the classes"), unmerged.err());
        Files.writeString(run, threeClasses + "merge: [angry=sad]\n");
        LayerAnchorCliTest.Run merged = LayerAnchorCliTest.run("train", "--config", run.toString(), "--overwrite");
        assertEquals(0, merged.code(), merged.err());
        assertTrue(!merged.err().contains("outside the classes"), merged.err());
        org.layeranchor.training.TrainedModel three = org.layeranchor.training.TrainedModel.load(multiModel);
        assertEquals(List.of("neutral", "happy", "sad"), three.description().classes());
        assertEquals(8, three.description().provenance().sources().get(0).classCounts().get("sad")); // 4 sad + 4 angry
        assertEquals(TrainingConfig.MultiSource.PER_SOURCE, three.description().config().multiSourceAlignment());
        // predict takes a several-sources model like any other.
        LayerAnchorCliTest.Run predicted = LayerAnchorCliTest.run("predict", "--model", multiModel.toString(),
                "--format", "csv", gamma.resolve("audio/u0.wav").toString());
        assertEquals(0, predicted.code(), predicted.err());
        assertTrue(predicted.out().contains("u0.wav"), predicted.out());
        Files.writeString(run, threeClasses + "merge: [angry=joy]\n");
        LayerAnchorCliTest.Run badMerge = LayerAnchorCliTest.run("train", "--config", run.toString(), "--overwrite");
        assertEquals(1, badMerge.code());
        assertTrue(badMerge.err().contains("merge angry=joy: 'joy' is not one of the classes"), badMerge.err());
    }

    /**
     * Leave one language out reads no target label either: scrambling the left-out target's test labels
     * changes no trained model of its direction, and the leave-one-source-out selection's choice for that
     * target (made on its sources alone) stays the same, while its scores move.
     */
    @Test
    void scramblingTheLeftOutTargetsLabelsChangesNoModelAndNoChoice() throws Exception {
        Path gamma = ExtractCommandTest.corpus(tmp.resolve("s3").resolve("gamma"), 16);
        Path splits3 = tmp.resolve("splits-s3");
        assertEquals(0, LayerAnchorCliTest.run("corpus", "split", alpha.toString(), beta.toString(), gamma.toString(),
                "--scheme", "adapt-test", "-o", splits3.toString()).code());
        Path store = tmp.resolve("store-s3");
        LayerAnchorCliTest.Run ex = LayerAnchorCliTest.run("extract", "--model", model.toString(), "--corpus",
                alpha.toString(), beta.toString(), gamma.toString(), "--store", store.toString(), "--mode", "fast");
        assertEquals(0, ex.code(), ex.err());
        FeatureStore fs = FeatureStore.openExisting(store);
        String key = fs.resolveEncoderKey(null);
        TrainingConfig perSource = TrainingConfig.defaults().withOverrides(Map.of("multiSourceAlignment", "per-source",
                "multiSourceRanking", "per-source"));
        BenchmarkSettings settings = new BenchmarkSettings(List.of("alpha", "beta", "gamma"),
                org.layeranchor.corpus.ClassSet.FOUR, List.of(org.layeranchor.training.Strategy.LAM,
                org.layeranchor.training.Strategy.LAM_GL, org.layeranchor.training.Strategy.WEIGHTED_SUM), 1, false, false,
                perSource, 2, 50, true);
        List<String> values = List.of("pooled", "per-source");
        CrossLingualBenchmark.Results before = new CrossLingualBenchmark(fs, key, splits3, settings, x -> { })
                .run(tmp.resolve("lolo-scramble-1"));
        org.layeranchor.experiment.LeaveTargetOutSelection selBefore = lolo(new CrossLingualBenchmark(fs, key, splits3,
                settings, x -> { }).select("multiSourceAlignment", values, org.layeranchor.training.Strategy.LAM));

        scrambleTestLabels(fs.encoderDir(key).resolve("index.csv"), "alpha", splits3.resolve("alpha.adapt-test.csv"));
        CrossLingualBenchmark.Results after = new CrossLingualBenchmark(fs, key, splits3, settings, x -> { })
                .run(tmp.resolve("lolo-scramble-2"));
        org.layeranchor.experiment.LeaveTargetOutSelection selAfter = lolo(new CrossLingualBenchmark(fs, key, splits3,
                settings, x -> { }).select("multiSourceAlignment", values, org.layeranchor.training.Strategy.LAM));

        DirectionResult b = direction(before, "beta+gamma", "alpha");
        DirectionResult a = direction(after, "beta+gamma", "alpha");
        assertArrayEquals(b.similarityRanking(), a.similarityRanking());
        boolean moved = false;
        for (int i = 0; i < b.strategies().size(); i++) {
            StrategyResult sb = b.strategies().get(i);
            StrategyResult sa = a.strategies().get(i);
            assertTrue(Arrays.deepEquals(sb.probabilities().get(0), sa.probabilities().get(0)),
                    sb.strategy() + " changed when only the left-out target's test labels changed");
            moved |= sb.uar().mean() != sa.uar().mean();
        }
        assertTrue(moved, "the scramble must change the scores, or it scrambled nothing");
        assertEquals(selBefore.chosenFor("alpha"), selAfter.chosenFor("alpha"));
        for (int v = 0; v < values.size(); v++) {
            assertEquals(selBefore.meanWithout(v, "alpha"), selAfter.meanWithout(v, "alpha"), 0.0);
        }
    }

    private static org.layeranchor.experiment.LeaveTargetOutSelection lolo(
            List<org.layeranchor.experiment.LeaveTargetOutSelection> tables) {
        return tables.stream().filter(t -> t.setting().startsWith(CrossLingualBenchmark.LOLO_PREFIX)).findFirst().orElseThrow();
    }

    static DirectionResult direction(CrossLingualBenchmark.Results r, String s, String t) {
        return r.directions().stream().filter(d -> d.source().equals(s) && d.target().equals(t)).findFirst().orElseThrow();
    }

    /** Rotates the emotions of the target's test-half rows in index.csv (all stay inside the class set). */
    static void scrambleTestLabels(Path index, String corpus, Path split) throws Exception {
        Map<String, String> splitOf = new HashMap<>();
        List<CsvReader.Row> s = CsvReader.read(split).rows();
        for (int i = 1; i < s.size(); i++) {
            splitOf.put(s.get(i).fields().get(0), s.get(i).fields().get(3));
        }
        List<CsvReader.Row> rows = CsvReader.read(index).rows();
        List<Integer> test = new ArrayList<>();
        for (int i = 1; i < rows.size(); i++) {
            List<String> f = rows.get(i).fields();
            if (f.get(0).equals(corpus) && "test".equals(splitOf.get(f.get(2)))) {
                test.add(i);
            }
        }
        assertTrue(test.size() > 2);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            List<String> f = new ArrayList<>(rows.get(i).fields());
            int k = test.indexOf(i);
            if (k >= 0) {
                String next = rows.get(test.get((k + 1) % test.size())).fields().get(5);
                f.set(5, next);
            }
            sb.append(CsvWriter.line(f));
        }
        String old = Files.readString(index);
        Files.writeString(index, sb.toString());
        assertNotEquals(old, sb.toString());
    }

    private static String[] prepend(String command, List<String> args) {
        List<String> all = new java.util.ArrayList<>(List.of(command));
        all.addAll(args);
        return all.toArray(String[]::new);
    }
}
