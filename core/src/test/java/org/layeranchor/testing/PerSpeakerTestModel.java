package org.layeranchor.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.layeranchor.encoder.Encoders;
import org.layeranchor.encoder.SpeechEncoder;
import org.layeranchor.encoder.whisper.WhisperEncoder;
import org.layeranchor.serve.EmotionPredictor;
import org.layeranchor.training.SpeakerStandardisation;
import org.layeranchor.training.TrainedModel;

/**
 * A per-speaker model on real features, for tests of how speaker ids reach prediction: the repository's
 * default model's head, made per-speaker ({@link TrainedModel#withSpeakerStandardisation}) and pointed at
 * the domain of some real EmoDB clips (their statistics become what unknown speakers are standardised
 * with, and the head's inputs are re-standardised accordingly, as {@link TrainedModel#adaptedTo} does).
 * It is not a model to judge accuracy by, only one whose speaker statistics change its probabilities the
 * way a model trained with {@code standardisation: per-speaker} does; training one on real features would
 * take minutes of encoding.
 */
public final class PerSpeakerTestModel {
    /** The shrinkage k, in utterances, the test model stores. */
    public static final double SHRINKAGE = 2.0;

    private PerSpeakerTestModel() {
    }

    /** The repository's models/default, found above the working folder (tests run in core/). */
    public static Path defaultModel() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path m = d.resolve("models/default");
            if (Files.isRegularFile(m.resolve("model.json"))) {
                return m;
            }
        }
        throw new IllegalStateException("models/default not found above " + Path.of("").toAbsolutePath());
    }

    /** EmoDB clips by name ("03a01Wa" → ../shared/corpora/emodb/audio/03a01Wa.flac). */
    public static List<Path> emodb(String... names) {
        List<Path> out = new ArrayList<>();
        for (String n : names) {
            out.add(SharedData.corpus("emodb").resolve("audio/" + n + ".flac"));
        }
        return out;
    }

    /** EmoDB clips of speakers 09 to 12: the domain the shared test model is pointed at. */
    public static final List<String> DOMAIN = List.of("09a01Ea", "09a04Nb", "10a02Wa", "10a07Ad", "11a02Tc", "11a05Na",
            "12a02Ac", "12a05Wb");
    private static Path shared;

    /**
     * One per-speaker model for every test class of this JVM (its domain is {@link #DOMAIN}): encoding the
     * domain clips costs a minute on a busy machine. Removed when the JVM exits.
     */
    public static synchronized Path shared() throws Exception {
        if (shared == null) {
            Path dir = Files.createTempDirectory("layeranchor-per-speaker-model");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    FolderRemoval.deleteTree(dir, 3, 100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            shared = write(dir.resolve("model"), emodb(DOMAIN.toArray(String[]::new)));
        }
        return shared;
    }

    /** Writes the per-speaker model to {@code dir}, its domain statistics from {@code domainClips}. */
    public static Path write(Path dir, List<Path> domainClips) throws Exception {
        TrainedModel base = TrainedModel.load(defaultModel());
        int layers = base.description().featureLayers();
        int width = 2 * base.description().featureDim();
        // Placeholder domain statistics: adaptTo replaces them with the clips' own before anything is predicted.
        double[][] zero = new double[layers][width];
        double[][] one = new double[layers][width];
        for (double[] row : one) {
            java.util.Arrays.fill(row, 1.0);
        }
        TrainedModel perSpeaker = base.withSpeakerStandardisation(new SpeakerStandardisation(zero, one, SHRINKAGE));
        try (SpeechEncoder encoder = Encoders.open(SharedData.whisperBase(),
                new Encoders.Settings(WhisperEncoder.Mode.FAITHFUL, 0));
             EmotionPredictor p = EmotionPredictor.of(perSpeaker, encoder, EmotionPredictor.Options.defaults())) {
            p.adaptTo(domainClips, skipped -> {
                throw new IllegalStateException(skipped);
            });
            p.model().save(dir);
        }
        return dir;
    }
}
