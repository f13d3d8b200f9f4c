import java.nio.file.*;
import java.util.*;
import org.layeranchor.audio.*;
/**
 * Speed-perturbed copies of a corpus's four-class utterances for round13_speed.py: each clip's 16-kHz samples written
 * as a WAV at 16000 * ALPHA Hz, which the product's reader resamples back to 16 kHz (windowed sinc), giving x(ALPHA t):
 * ALPHA times the speed, pitch and formants moved by the same factor. Run with the product's jar on the class path:
 *   java -cp core/target/layeranchor.jar scripts/numpy-reference/SpeedCopies.java ../shared/corpora/emodb /work/aug/emodb-sp09 0.9
 * then ./layeranchor extract --model ../shared/models/whisper-base --store STORE --corpus /work/aug/emodb-sp09 ...
 */
public class SpeedCopies {
    public static void main(String[] a) throws Exception {
        Path in = Path.of(a[0]); Path out = Path.of(a[1]); double alpha = Double.parseDouble(a[2]);
        Set<String> keep = Set.of("neutral", "happy", "sad", "angry");
        List<String> lines = Files.readAllLines(in.resolve("manifest.csv"));
        Files.createDirectories(out.resolve("audio"));
        List<String> manifest = new ArrayList<>(List.of(lines.get(0)));
        int rate = (int) Math.round(16000 * alpha);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            if (!keep.contains(f[3])) continue;
            Audio x = AudioReader.readNativeRate(in.resolve(f[0]));
            if (x.sampleRate() != 16000) throw new IllegalStateException(f[0] + " is at " + x.sampleRate());
            String name = "audio/" + Path.of(f[0]).getFileName().toString().replaceAll("\\.[a-z0-9]+$", "") + ".wav";
            Files.write(out.resolve(name), WavEncoder.pcm16(new Audio(x.samples(), rate, name)));
            f[0] = name; f[6] = String.format(Locale.ROOT, "%.6f", x.samples().length / (double) rate);
            manifest.add(String.join(",", f));
        }
        Files.write(out.resolve("manifest.csv"), manifest);
        System.out.println(out + ": " + (manifest.size() - 1) + " utterances at " + rate + " Hz");
    }
}
