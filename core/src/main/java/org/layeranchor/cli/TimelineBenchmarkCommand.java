package org.layeranchor.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.layeranchor.audio.AudioReader;
import org.layeranchor.bench.ConcatenatedRecordings;
import org.layeranchor.bench.TimelineBenchmark;
import org.layeranchor.corpus.Corpus;
import org.layeranchor.corpus.SplitFile;
import org.layeranchor.corpus.Utterance;
import org.layeranchor.serve.EmotionPredictor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code layeranchor timeline-benchmark}: segment-level against utterance-level UAR on joined held-out utterances. */
@Command(name = "timeline-benchmark", mixinStandardHelpOptions = true,
        description = {"Joins held-out utterances of a corpus (the 'test' half of its split file, those of the model's "
                + "classes) with pauses of 0.3-1.5 s of quiet noise into long recordings of known emotion per second, "
                + "predicts their timelines as 'predict' does, and reports the segment-level UAR (per second of speech) "
                + "next to the utterance-level UAR of the same utterances predicted one by one with the same model, "
                + "and the share of speech time labelled."})
final class TimelineBenchmarkCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    TrainedModelOptions modelOptions;

    @Option(names = "--corpus", required = true, paramLabel = "DIR", description = "Corpus folder (manifest.csv).")
    Path corpusDir;

    @Option(names = "--split", paramLabel = "FILE",
            description = "Split file (default: splits/<corpus folder name>.adapt-test.csv).")
    Path splitFile;

    @Option(names = "--recordings", defaultValue = "4", description = "Long recordings to make (default: ${DEFAULT-VALUE}).")
    int recordings;

    @Option(names = "--max-utterances", defaultValue = "0",
            description = "Use at most this many utterances, a random choice (default: ${DEFAULT-VALUE} = all).")
    int maxUtterances;

    @Option(names = "--seed", defaultValue = "0", description = "Order, pauses and choice (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--segment", defaultValue = "8", paramLabel = "SECONDS", description = "As in predict (default: ${DEFAULT-VALUE}).")
    double segmentSeconds;

    @Option(names = "--smooth", defaultValue = "0", paramLabel = "N", description = "As in predict (default: ${DEFAULT-VALUE}).")
    int smoothNeighbours;

    @Option(names = "--threads", defaultValue = "0", description = "ONNX Runtime threads (0 = all cores).")
    int threads;

    @Override
    public Integer call() throws Exception {
        EmotionPredictor.Options options = EmotionPredictor.Options.defaults().withSegmentSeconds(segmentSeconds)
                .withThreads(threads).withSmoothNeighbours(smoothNeighbours);
        Path split = splitFile != null ? splitFile
                : Path.of("splits", corpusDir.toAbsolutePath().normalize().getFileName() + ".adapt-test.csv");
        Corpus corpus = Corpus.load(corpusDir);
        Map<String, List<Utterance>> parts = SplitFile.apply(split, corpus);
        List<Utterance> test = parts.getOrDefault("test", List.of());
        if (test.isEmpty()) {
            spec.commandLine().getErr().println("error: " + split + " lists no 'test' utterances");
            return LayerAnchorCli.EXIT_FAILURE;
        }
        try (EmotionPredictor predictor = EmotionPredictor.open(modelOptions.model,
                modelOptions.encoder(spec.commandLine()), options)) {
            List<Utterance> usable = new ArrayList<>(test.stream().filter(u -> predictor.classes().contains(u.emotion())).toList());
            if (maxUtterances > 0 && usable.size() > maxUtterances) {
                Collections.shuffle(usable, new Random(seed));
                usable = usable.subList(0, maxUtterances);
            }
            List<ConcatenatedRecordings.Clip> clips = new ArrayList<>();
            for (Utterance u : usable) {
                clips.add(new ConcatenatedRecordings.Clip(AudioReader.read(u.audioFile()), u.emotion()));
            }
            spec.commandLine().getErr().printf("%s: %d test utterances of the classes %s (of %d in the test half)%n",
                    split, clips.size(), predictor.classes(), test.size());
            TimelineBenchmark.Result r = TimelineBenchmark.run(predictor, clips, recordings, seed,
                    line -> spec.commandLine().getErr().println(line));
            spec.commandLine().getOut().print(r.toText());
            spec.commandLine().getOut().flush();
        }
        return LayerAnchorCli.EXIT_OK;
    }
}
