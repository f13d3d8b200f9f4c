package org.layeranchor.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.layeranchor.corpus.Corpus;
import org.layeranchor.corpus.CorpusProblem;
import org.layeranchor.corpus.Utterance;
import org.layeranchor.encoder.Encoders;
import org.layeranchor.encoder.SpeechEncoder;
import org.layeranchor.features.FeatureExtractor;
import org.layeranchor.features.FeatureStore;
import org.layeranchor.features.Pooling;
import org.layeranchor.features.StoreIndex;
import org.layeranchor.hub.ModelLocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code layeranchor extract}: every layer of every utterance, once, into a feature store. */
@Command(name = "extract", mixinStandardHelpOptions = true,
        description = "Encode every utterance of the given corpora and store per-layer pooled statistics "
                + "(mean, std over frames) and optionally frame features. Resumable: entries already in the store "
                + "are never computed again. Several extract runs (on this host or others) may fill one store at once. "
                + "A full disk stops the run with one message; what was finished is kept and a rerun completes it. "
                + "Exit 1 if any utterance failed (listed in failures.csv).")
final class ExtractCommand implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true,
            description = "Model folder, .onnx file, or Hugging Face model id (openai/whisper-base, org/name@revision).")
    Path model;

    @Option(names = "--corpus", required = true, arity = "1..*", description = "Corpus folders (with manifest.csv).")
    List<Path> corpora;

    @Option(names = "--store", required = true, description = "Feature store folder (created if missing).")
    Path store;

    @Option(names = "--mode", defaultValue = "faithful", description = "faithful (default) or fast; see 'layers --help'.")
    String mode;

    @Option(names = "--pooling", defaultValue = Pooling.DEFAULT_LABEL, converter = PoolingConverter.class,
            description = "Pool each utterance's statistics over its speech, from the first to the last frame the "
                    + "energy detector calls speech (speech), or over every frame of the clip (whole). "
                    + "Default: ${DEFAULT-VALUE}; stored under their own key (see docs/BENCHMARK.md).")
    Pooling pooling;

    @Option(names = "--precision", defaultValue = "fp32", converter = PrecisionConverter.class,
            description = "The encoder's linear layers in fp32 (default) or int8 (faster on CPUs with VNNI; "
                    + "features differ slightly and are stored under their own key; see docs/BENCHMARK.md).")
    org.layeranchor.encoder.whisper.Precision precision;

    @Option(names = "--frames", description = "Also store frame-level features (float16), for vowel analysis.")
    boolean frames;

    @Option(names = "--threads", defaultValue = "0", description = "CPU threads in all (0 = all cores).")
    int threads;

    @Option(names = "--workers", defaultValue = "0",
            description = "Utterances encoded at once (0 = one per thread); each gets threads/workers ONNX threads.")
    int workers;

    @Option(names = "--device", defaultValue = "cpu",
            description = "cpu (default), or cuda / cuda:N: the encoder on ONNX Runtime's CUDA provider (a jar built with "
                    + "'./mvnw -Pgpu', an NVIDIA GPU, CUDA 12 and cuDNN 9); features equal the CPU's to float tolerance.")
    String device;

    @Override
    public Integer call() throws Exception {
        org.layeranchor.encoder.ExecutionDevice onDevice = org.layeranchor.encoder.ExecutionDevice.parse(device);
        int cores = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        int w = workers > 0 ? workers : cores;
        List<Utterance> all = new ArrayList<>();
        int manifestProblems = 0;
        for (Path dir : corpora) {
            Corpus c = Corpus.load(dir);
            for (CorpusProblem p : c.problems()) {
                spec.commandLine().getErr().println("skipped: " + p);
            }
            manifestProblems += c.problems().size();
            all.addAll(c.utterances());
        }
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no utterances to extract (" + manifestProblems + " problem(s) above)");
        }
        FeatureStore fs = FeatureStore.open(store);
        ModelLocator.Located encoder = ModelArguments.locate(model, spec.commandLine());
        try (SpeechEncoder enc = Encoders.open(encoder.path(),
                new Encoders.Settings(LayersCommand.parseMode(mode), Math.max(1, cores / w), onDevice, precision))) {
            FeatureExtractor ex = new FeatureExtractor(enc, fs, new FeatureExtractor.Options(frames, w, pooling));
            FeatureExtractor.Summary s = ex.run(all, ProgressPrinter.forStderr("extract"));
            fs.writeEncoderLocation(s.encoderKey(), ModelArguments.location(encoder));
            spec.commandLine().getOut().printf("store %s, encoder %s%n", store, s.encoderKey());
            spec.commandLine().getOut().printf("%d utterances: %d extracted, %d already in the store, %d failed, in %s%n",
                    s.total(), s.extracted(), s.cached(), s.failed(), ProgressPrinter.clock(s.seconds()));
            for (StoreIndex.Failure f : s.failures()) {
                spec.commandLine().getOut().println("failed: " + f.corpus() + "/" + f.path() + " (manifest line " + f.line() + "): " + f.error());
            }
            if (manifestProblems > 0) {
                spec.commandLine().getOut().printf("%d manifest row(s) or corpora were skipped (see stderr; "
                        + "'corpus validate' lists them)%n", manifestProblems);
            }
            return s.failed() == 0 && manifestProblems == 0 ? 0 : 1;
        }
    }
}
