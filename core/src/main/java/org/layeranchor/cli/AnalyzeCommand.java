package org.layeranchor.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.layeranchor.analysis.AnalysisOptions;
import org.layeranchor.analysis.AnalysisResult;
import org.layeranchor.analysis.AnalysisSummary;
import org.layeranchor.analysis.AnalysisWriter;
import org.layeranchor.analysis.CrossLingualAnalysis;
import org.layeranchor.analysis.FramePooling;
import org.layeranchor.corpus.ClassSet;
import org.layeranchor.features.FeatureSet;
import org.layeranchor.features.FeatureStore;
import org.layeranchor.features.IndexRow;
import org.layeranchor.features.VowelFeatures;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code layeranchor analyze}: which layers agree across two languages. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Per-layer cross-language measures (label-free: CORAL, MMD, Frechet, proxy A-distance; "
                + "label-using, analysis only: centroid cosines, cross-lingual probe), within-corpus layer x layer CKA "
                + "and layer groups, speaker-independent probes; tables (CSV/JSON), rankings and PNG/SVG plots.")
final class AnalyzeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--store", required = true, description = "Feature store (see 'extract').")
    Path store;

    @Option(names = "--source", required = true, description = "Source corpus name, as in the store (e.g. ravdess).")
    String source;

    @Option(names = "--target", required = true, description = "Target corpus name.")
    String target;

    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Option(names = "--vowels", description = "Pool over vowel frames only (needs features extracted with --frames).")
    boolean vowels;

    @Option(names = "--encoder", description = "Encoder key in the store (needed only when it holds several).")
    String encoder;

    @Option(names = "--groups", defaultValue = "3", description = "Number of layer groups to form (default ${DEFAULT-VALUE}).")
    int groups;

    @Option(names = "--anchors", defaultValue = "2", description = "Single-layer anchors to propose (default ${DEFAULT-VALUE}).")
    int anchors;

    @CommandLine.Mixin
    ClassSetOptions classOptions;

    @Override
    public Integer call() throws Exception {
        ClassSet classes = classOptions.classSet(spec.commandLine());
        FeatureStore fs = FeatureStore.openExisting(store);
        String key = fs.resolveEncoderKey(encoder);
        FeatureSet s = load(fs, key, source, classes);
        FeatureSet t = load(fs, key, target, classes);
        AnalysisOptions options = AnalysisOptions.defaults().withClasses(classes.classes()).withGroupCount(groups)
                .withAnchorCount(anchors).withFramePooling(vowels ? FramePooling.VOWEL_FRAMES
                        : FramePooling.of(org.layeranchor.features.Pooling.of(fs.readEncoderInfo(key).settings())));
        AnalysisResult r = CrossLingualAnalysis.run(s, t, options);
        List<Path> files = AnalysisWriter.write(r, out);
        spec.commandLine().getOut().print(AnalysisSummary.text(r));
        spec.commandLine().getOut().printf("%nwrote %d files to %s%n", files.size(), out);
        return 0;
    }

    private FeatureSet load(FeatureStore fs, String key, String corpus, ClassSet classes) throws Exception {
        List<IndexRow> rows = fs.labelledRows(key, corpus, classes);
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(store + ": no utterances of corpus '" + corpus + "' in classes "
                    + classes.classes() + " (corpora in the store: "
                    + fs.rows(key, List.of()).stream().map(IndexRow::corpus).distinct().toList() + ")");
        }
        if (!vowels) {
            return fs.load(key, rows);
        }
        VowelFeatures.Result v = VowelFeatures.load(fs, key, rows, Runtime.getRuntime().availableProcessors());
        if (v.fellBack() > 0) {
            spec.commandLine().getErr().printf("%s: %d of %d utterances had no vowel frame and were pooled over all frames%n",
                    corpus, v.fellBack(), rows.size());
        }
        return v.features();
    }
}
