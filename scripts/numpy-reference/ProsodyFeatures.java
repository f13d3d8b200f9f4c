import java.io.PrintWriter;
import java.nio.file.*;
import java.util.*;
import org.layeranchor.audio.*;
/**
 * Utterance-level prosody for round15_prosody.py, from the product's YIN pitch and frame energies
 * ({@link VowelDetector#analyse}): pitch in semitones over voiced frames (mean, spread, percentiles, range, mean
 * frame-to-frame change), level in dB over frames within 40 dB of the loudest (mean, spread, percentiles, range), the
 * voiced share, the vowel share and vowel runs per second (a syllable-rate proxy). Run with the product's jar:
 *   java -cp core/target/layeranchor.jar scripts/numpy-reference/ProsodyFeatures.java STORE_KEY_DIR/index.csv OUT.csv [CORPUS...]
 */
public class ProsodyFeatures {
    static final String[] NAMES = {"f0_mean", "f0_std", "f0_p10", "f0_p50", "f0_p90", "f0_range", "f0_delta",
            "db_mean", "db_std", "db_p10", "db_p50", "db_p90", "db_range", "voiced_share", "vowel_share", "vowel_runs_per_s"};

    public static void main(String[] a) throws Exception {
        List<String> lines = Files.readAllLines(Path.of(a[0]));
        List<String> h = Arrays.asList(lines.get(0).split(","));
        int corpus = h.indexOf("corpus"), dir = h.indexOf("corpus_dir"), path = h.indexOf("path");
        Set<String> keep = new HashSet<>(Arrays.asList(a).subList(2, a.length));
        VowelDetector detector = new VowelDetector();
        try (PrintWriter w = new PrintWriter(a[1])) {
            w.println("corpus,path," + String.join(",", NAMES));
            for (String l : lines.subList(1, lines.size())) {
                String[] f = l.split(",", -1);
                if (!keep.isEmpty() && !keep.contains(f[corpus])) continue;
                Audio audio = AudioReader.read(Path.of(f[dir]).resolve(f[path]));
                VowelDetector.Frames fr = detector.analyse(audio.samples());
                double loudest = Arrays.stream(fr.energyDb()).max().orElse(-120);
                List<Double> st = new ArrayList<>(), db = new ArrayList<>();
                double delta = 0; int deltas = 0, gated = 0, voiced = 0, vowels = 0, runs = 0;
                double previous = Double.NaN;
                for (int i = 0; i < fr.count(); i++) {
                    if (fr.energyDb()[i] < loudest - 40) { previous = Double.NaN; continue; }
                    gated++; db.add(fr.energyDb()[i]);
                    if (fr.vowel()[i]) { vowels++; if (i == 0 || !fr.vowel()[i - 1]) runs++; }
                    double f0 = fr.f0Hz()[i];
                    // voiced: a pitch inside the detector's search range (60-400 Hz); a few frames report an infinite one
                    if (!(f0 >= 60 && f0 <= 400)) { previous = Double.NaN; continue; }
                    voiced++; double s = 12 * Math.log(f0 / 100) / Math.log(2); st.add(s);
                    if (!Double.isNaN(previous)) { delta += Math.abs(s - previous); deltas++; }
                    previous = s;
                }
                double seconds = fr.count() * fr.hopSeconds();
                double[] p = describe(st), e = describe(db);
                w.printf(Locale.ROOT, "%s,%s,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f%n",
                        f[corpus], f[path], p[0], p[1], p[2], p[3], p[4], p[4] - p[2], deltas > 0 ? delta / deltas : 0,
                        e[0], e[1], e[2], e[3], e[4], e[4] - e[2], gated > 0 ? voiced / (double) gated : 0,
                        gated > 0 ? vowels / (double) gated : 0, runs / Math.max(seconds, 1e-3));
            }
        }
    }

    /** mean, standard deviation, 10th, 50th and 90th percentile; zeros for no values. */
    static double[] describe(List<Double> v) {
        if (v.isEmpty()) return new double[5];
        double[] x = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double m = Arrays.stream(x).average().orElse(0), s = Math.sqrt(Arrays.stream(x).map(y -> (y - m) * (y - m)).average().orElse(0));
        return new double[] {m, s, x[(int) (0.1 * (x.length - 1))], x[(int) (0.5 * (x.length - 1))], x[(int) (0.9 * (x.length - 1))]};
    }
}
