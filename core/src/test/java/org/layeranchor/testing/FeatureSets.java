package org.layeranchor.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.layeranchor.corpus.Utterance;
import org.layeranchor.features.FeatureSet;

/** Feature sets put together in tests. */
public final class FeatureSets {
    private FeatureSets() {
    }

    /** The rows of {@code x} then those of {@code y}, as they are (no standardisation: see MultiSourceFeatures). */
    public static FeatureSet concat(FeatureSet x, FeatureSet y) {
        float[][][] mean = new float[x.layers()][][];
        float[][][] std = new float[x.layers()][][];
        for (int l = 0; l < x.layers(); l++) {
            mean[l] = Stream.concat(Arrays.stream(x.mean()[l]), Arrays.stream(y.mean()[l])).toArray(float[][]::new);
            std[l] = Stream.concat(Arrays.stream(x.std()[l]), Arrays.stream(y.std()[l])).toArray(float[][]::new);
        }
        List<Utterance> u = new ArrayList<>(x.utterances());
        u.addAll(y.utterances());
        return new FeatureSet(u, mean, std);
    }
}
