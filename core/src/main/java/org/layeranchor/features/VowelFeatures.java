package org.layeranchor.features;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.layeranchor.audio.Audio;
import org.layeranchor.audio.AudioException;
import org.layeranchor.audio.AudioReader;
import org.layeranchor.audio.VowelDetector;
import org.layeranchor.corpus.Utterance;
import org.layeranchor.parallel.OrderedTasks;

/**
 * The vowel-based variant of a {@link FeatureSet}: per layer, mean and std over the encoder frames that
 * the {@link VowelDetector} marks in the utterance's audio, read from the stored frame features
 * (extracted with {@code --frames}). The audio is decoded again to find the vowels.
 */
public final class VowelFeatures {
    /** The feature set and how many utterances had no vowel frame (and so were pooled over all frames). */
    public record Result(FeatureSet features, int fellBack) {
    }

    private VowelFeatures() {
    }

    public static Result load(FeatureStore store, String key, List<IndexRow> rows, int threads) throws IOException {
        double frameRate = store.readEncoderInfo(key).frameRateHz();
        VowelDetector detector = new VowelDetector();
        List<Callable<VowelPooling.Pooled[]>> tasks = new ArrayList<>();
        for (IndexRow r : rows) {
            tasks.add(() -> poolOne(store, key, r, detector, frameRate));
        }
        List<VowelPooling.Pooled[]> pooled = OrderedTasks.run(tasks, threads);
        int layers = store.readEncoderInfo(key).layers();
        float[][][] mean = new float[layers][rows.size()][];
        float[][][] std = new float[layers][rows.size()][];
        List<Utterance> utterances = new ArrayList<>(rows.size());
        int fellBack = 0;
        for (int i = 0; i < rows.size(); i++) {
            VowelPooling.Pooled[] p = pooled.get(i);
            for (int l = 0; l < layers; l++) {
                mean[l][i] = p[l].mean();
                std[l][i] = p[l].std();
            }
            fellBack += p[0].fellBack() ? 1 : 0;
            utterances.add(rows.get(i).toUtterance());
        }
        return new Result(new FeatureSet(utterances, mean, std), fellBack);
    }

    private static VowelPooling.Pooled[] poolOne(FeatureStore store, String key, IndexRow r, VowelDetector detector,
                                                 double frameRate) throws IOException, AudioException {
        if (!r.hasFrames()) {
            throw new IOException(r.key() + ": no frame features in the store; extract with --frames for the vowel variant");
        }
        float[][][] frames = store.readFrames(key, r);
        Audio audio = AudioReader.read(Path.of(r.corpusDir()).resolve(r.path()));
        boolean[] mask = detector.encoderMask(audio.samples(), frameRate, frames[0].length);
        VowelPooling.Pooled[] out = new VowelPooling.Pooled[frames.length];
        for (int l = 0; l < frames.length; l++) {
            out[l] = VowelPooling.pool(frames[l], mask);
        }
        return out;
    }
}
