package org.layeranchor.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.layeranchor.bench.EncoderBenchmark;
import org.layeranchor.encoder.weights.WeightSources;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code layeranchor bench ...}: speed measured as ratios within one run. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (ratios measured in one run).",
        subcommands = {BenchCommand.Encoder.class})
final class BenchCommand {
    @Command(name = "encoder", mixinStandardHelpOptions = true,
            description = "Encoder speed for faithful and fast modes on 3-s and 30-s inputs, against ONNX Runtime's "
                    + "own matrix-multiply speed (the roofline) and whisper.cpp's reference time.")
    static final class Encoder implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        /** whisper.cpp's own CPU encoder, one 30-s window of base on this project's 2-core machines. */
        static final double WHISPER_CPP_SECONDS_PER_WINDOW = 1.7;

        @Option(names = "--model", defaultValue = "../shared/models/whisper-base", description = "Whisper weights folder.")
        Path model;

        @Option(names = "--threads", defaultValue = "0", description = "Threads (0 = all cores).")
        int threads;

        @Option(names = "--repeats", defaultValue = "5", description = "Timed runs per configuration (best is kept).")
        int repeats;

        @Override
        public Integer call() throws Exception {
            EncoderBenchmark.Result r = EncoderBenchmark.run(WeightSources.open(model), threads, repeats, 3, 30);
            spec.commandLine().getOut().print(r.toText());
            EncoderBenchmark.Row faithful30 = r.rows().stream()
                    .filter(x -> x.mode().equals("faithful") && x.clipSeconds() == 30).findFirst().orElseThrow();
            EncoderBenchmark.Row fast3 = r.rows().stream()
                    .filter(x -> x.mode().equals("fast") && x.clipSeconds() == 3).findFirst().orElseThrow();
            double ofRoofline = faithful30.gflops() / r.rooflineGflops();
            spec.commandLine().getOut().printf("%nfaithful mode: %.0f%% of the roofline (target >= 60%%) %s%n", 100 * ofRoofline,
                    ofRoofline >= 0.6 ? "OK" : "BELOW TARGET");
            spec.commandLine().getOut().printf("fast mode, 3-s clips: %.0fx real time (target >= 50x) %s%n", fast3.realTimeFactor(),
                    fast3.realTimeFactor() >= 50 ? "OK" : "BELOW TARGET");
            spec.commandLine().getOut().printf("one 30-s window: %.3f s vs whisper.cpp's %.1f s on 2 cores (reference figure, not measured in this run): %.1fx faster (target >= 4x)%n",
                    faithful30.secondsPerClip(), WHISPER_CPP_SECONDS_PER_WINDOW,
                    WHISPER_CPP_SECONDS_PER_WINDOW / faithful30.secondsPerClip());
            return 0;
        }
    }
}
