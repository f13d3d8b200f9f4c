package org.layeranchor.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.layeranchor.audio.Audio;
import org.layeranchor.corpus.Utterance;
import org.layeranchor.encoder.EncoderException;
import org.layeranchor.encoder.Encoders;
import org.layeranchor.encoder.SpeechEncoder;
import org.layeranchor.encoder.whisper.WhisperEncoder;
import org.layeranchor.features.FeatureSet;
import org.layeranchor.features.Pooling;
import org.layeranchor.training.AnchorInputs;
import org.layeranchor.training.EncoderIdentity;
import org.layeranchor.training.TrainedModel;
import org.layeranchor.training.Trainer;
import org.layeranchor.training.TrainingConfig;
import org.layeranchor.training.UnlabelledFeatures;

/**
 * A trained model folder for tests of everything downstream of training: a {@link TinyWhisper}
 * encoder, tones of three pitch ranges labelled "low", "mid" and "high", pooled as the feature store
 * pools them, and a few epochs of weighted-sum training (all layers, learned fusion), so the model
 * exercises every part of the head. Takes about a second.
 *
 * @param encoder folder of the TinyWhisper checkpoint
 * @param model   the trained model folder
 * @param mode    front-end mode the features were extracted in (recorded in the model's identity)
 */
public record TinyEmotionModel(Path encoder, Path model, WhisperEncoder.Mode mode) {
    public static final List<String> CLASSES = List.of("high", "low", "mid");
    private static final double[][] PITCH_RANGES = {{1800, 2600}, {150, 300}, {600, 900}}; // in CLASSES order

    public static TinyEmotionModel create(Path dir, WhisperEncoder.Mode mode) throws IOException, EncoderException {
        return create(dir, mode, 25);
    }

    /** With fewer epochs the probabilities stay away from 0 and 1 (for comparisons that need them there). */
    public static TinyEmotionModel create(Path dir, WhisperEncoder.Mode mode, int epochs) throws IOException, EncoderException {
        return create(dir, mode, epochs, TrainingConfig.Head.MLP);
    }

    /**
     * With {@code head: linear}: strategy lam on layers 1 and 2, per-domain standardisation, adapted to an
     * unlabelled "target" of the same tones at half the amplitude and 5 % higher pitch, so the model
     * folder holds target statistics and CORAL-trained members ({@code epochs} is then unused).
     */
    public static TinyEmotionModel create(Path dir, WhisperEncoder.Mode mode, int epochs, TrainingConfig.Head head)
            throws IOException, EncoderException {
        return create(dir, mode, epochs, head, org.layeranchor.encoder.whisper.Precision.FP32);
    }

    /** As above, from features extracted at {@code precision} (recorded in the model's encoder identity). */
    public static TinyEmotionModel create(Path dir, WhisperEncoder.Mode mode, int epochs, TrainingConfig.Head head,
                                          org.layeranchor.encoder.whisper.Precision precision)
            throws IOException, EncoderException {
        return create(dir, mode, epochs, head, precision, Pooling.WHOLE);
    }

    /** As above, from features pooled with {@code pooling} (recorded in the model's encoder identity). */
    public static TinyEmotionModel create(Path dir, WhisperEncoder.Mode mode, int epochs, TrainingConfig.Head head,
                                          org.layeranchor.encoder.whisper.Precision precision, Pooling pooling)
            throws IOException, EncoderException {
        Path encoderDir = dir.resolve("tiny-whisper");
        TinyWhisper.write(encoderDir, 11);
        List<Utterance> rows = new ArrayList<>();
        int perClass = 6;
        int n = perClass * CLASSES.size();
        int layers = TinyWhisper.BLOCKS + 1;
        float[][][] mean = new float[layers][n][];
        float[][][] std = new float[layers][n][];
        float[][][] targetMean = new float[layers][n][];
        float[][][] targetStd = new float[layers][n][];
        List<String> targetIds = new ArrayList<>();
        EncoderIdentity identity;
        try (SpeechEncoder enc = Encoders.open(encoderDir, new Encoders.Settings(mode, 1).withPrecision(precision))) {
            identity = EncoderIdentity.of(pooling.describe(enc.info()).identityProperties());
            if (head == TrainingConfig.Head.LINEAR) {
                for (int i = 0; i < n; i++) {
                    int c = i % CLASSES.size();
                    double f = 1.05 * (PITCH_RANGES[c][0] + (PITCH_RANGES[c][1] - PITCH_RANGES[c][0]) * (i / CLASSES.size())
                            / (perClass - 1.0));
                    Audio t = new Audio(TestWav.tone(f, 16_000, 0.7 + 0.1 * (i % 3), 0.15), 16_000, "t" + i);
                    float[][][] pooled = pooling.pool(enc.encode(t), t);
                    for (int l = 0; l < layers; l++) {
                        targetMean[l][i] = pooled[l][0];
                        targetStd[l][i] = pooled[l][1];
                    }
                    targetIds.add("target-tone" + i);
                }
            }
            for (int i = 0; i < n; i++) {
                int c = i % CLASSES.size();
                double f = PITCH_RANGES[c][0] + (PITCH_RANGES[c][1] - PITCH_RANGES[c][0]) * (i / CLASSES.size()) / (perClass - 1.0);
                Audio a = new Audio(TestWav.tone(f, 16_000, 0.6 + 0.1 * (i % 4), 0.3), 16_000, "tone" + i);
                float[][][] pooled = pooling.pool(enc.encode(a), a);
                for (int l = 0; l < layers; l++) {
                    mean[l][i] = pooled[l][0];
                    std[l][i] = pooled[l][1];
                }
                rows.add(new Utterance("tones", dir, "tone" + i + ".wav", "spk" + (i % 3), "", CLASSES.get(c), "xx", "",
                        a.durationSeconds(), Map.of(), i + 2));
            }
        }
        TrainingConfig cfg = TrainingConfig.defaults().withHead(TrainingConfig.Head.MLP).withStandardisation(TrainingConfig.Standardisation.SOURCE).withOverrides(Map.of("strategy", "weighted-sum",
                "projectionDim", 8, "hiddenDim", 6, "maxEpochs", epochs, "batchSize", 6, "validationFraction", 0.0,
                "learningRate", 0.01, "seed", 5));
        if (head == TrainingConfig.Head.LINEAR) {
            cfg = TrainingConfig.defaults().withOverrides(Map.of("strategy", "lam", "anchorCount", 2, "seed", 5));
        }
        TrainedModel m = head == TrainingConfig.Head.LINEAR
                ? Trainer.train(cfg, new FeatureSet(rows, mean, std), new UnlabelledFeatures(targetIds, targetMean, targetStd),
                        AnchorInputs.none().withSimilarityRanking(2, 1, 0), identity)
                : Trainer.train(cfg, new FeatureSet(rows, mean, std), UnlabelledFeatures.none(), AnchorInputs.none(), identity);
        Path modelDir = dir.resolve("model");
        m.save(modelDir);
        return new TinyEmotionModel(encoderDir, modelDir, mode);
    }

    /** Pitch of a tone the model should call {@code emotion}: the middle of its training range. */
    public static double pitchOf(String emotion) {
        double[] r = PITCH_RANGES[CLASSES.indexOf(emotion)];
        return (r[0] + r[1]) / 2;
    }
}
