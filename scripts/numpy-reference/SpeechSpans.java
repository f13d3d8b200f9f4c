import org.layeranchor.audio.*;
import org.layeranchor.segmentation.*;
import java.nio.file.*; import java.util.*; import java.io.*;
/**
 * The speech stretches the product's energy detector finds in every clip of a store's index, for the
 * reference's speech-pooling check (speech_pooling.py). Run with the product's jar on the class path:
 *   java -cp core/target/layeranchor.jar scripts/numpy-reference/SpeechSpans.java STORE_KEY_DIR/index.csv runs/numpy-reference/speech-spans.csv
 */
public class SpeechSpans {
  public static void main(String[] a) throws Exception {
    List<String> lines = Files.readAllLines(Path.of(a[0]));
    String[] h = lines.get(0).split(",");
    int cd = Arrays.asList(h).indexOf("corpus_dir"), p = Arrays.asList(h).indexOf("path");
    VoiceActivityDetector vad = new VoiceActivityDetector();
    try (PrintWriter w = new PrintWriter(a[1])) {
      w.println("path,seconds,ranges");
      for (String l : lines.subList(1, lines.size())) {
        String[] f = l.split(",");
        Audio au = AudioReader.read(Path.of(f[cd]).resolve(f[p]));
        var r = vad.detect(au.samples(), au.sampleRate());
        StringBuilder b = new StringBuilder();
        for (SampleRange s : r.speech()) b.append(s.start()/16000.0).append(':').append(s.end()/16000.0).append(' ');
        w.println(f[0] + "/" + f[p] + "," + au.durationSeconds() + "," + b.toString().trim());
      }
    }
  }
}
