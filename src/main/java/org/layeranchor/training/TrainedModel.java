package org.layeranchor.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.layeranchor.corpus.Utterance;
import org.layeranchor.evaluation.Evaluation;
import org.layeranchor.evaluation.EvaluationResult;
import org.layeranchor.features.FeatureSet;
import org.layeranchor.training.nn.Softmax;

/**
 * A trained emotion classifier: its description, feature normaliser and network. Weights are
 * float32-exact, so {@link #save} → {@link #load} gives bit-identical predictions.
 *
 * <p>Prediction is {@code synchronized}: the network's fusion caches its weights while running.
 */
public final class TrainedModel {
    private static final int CHUNK = 256;

    private final ModelDescription description;
    private final EmotionClassifierNetwork network;
    private final FeatureNormalizer normalizer;

    TrainedModel(ModelDescription description, EmotionClassifierNetwork network, FeatureNormalizer normalizer) {
        this.description = description;
        this.network = network;
        this.normalizer = normalizer;
    }

    public ModelDescription description() {
        return description;
    }

    public List<String> classes() {
        return description.classes();
    }

    public Strategy strategy() {
        return description.strategy();
    }

    EmotionClassifierNetwork network() {
        return network;
    }

    FeatureNormalizer normalizer() {
        return normalizer;
    }

    /** Class probabilities [row][class], classes in {@link #classes()} order. */
    public double[][] predictProba(FeatureSet features) {
        return predictProba(features.mean(), features.std());
    }

    public double[][] predictProba(UnlabelledFeatures features) {
        return predictProba(features.mean(), features.std());
    }

    private synchronized double[][] predictProba(float[][][] mean, float[][][] std) {
        checkShape(mean);
        LayerInputs inputs = normalizer.apply(mean, std, null);
        double[][] logits = network.logits(inputs, network.newActivations(Math.max(1, Math.min(CHUNK, inputs.rows()))));
        Softmax.rows(logits, logits.length, logits);
        return logits;
    }

    /** The most probable class of each row. */
    public List<String> predict(FeatureSet features) {
        List<String> out = new ArrayList<>();
        for (int c : Evaluation.argmax(predictProba(features))) {
            out.add(classes().get(c));
        }
        return out;
    }

    /**
     * Scores the model on labelled features. Every label must be in the model's class set; one that
     * is not fails, naming the utterance.
     */
    public EvaluationResult evaluate(FeatureSet labelled) {
        List<String> labels = new ArrayList<>();
        for (Utterance u : labelled.utterances()) {
            if (!classes().contains(u.emotion())) {
                throw new IllegalArgumentException("utterance " + u.id() + " has emotion '" + u.emotion()
                        + "', which is not in the model's class set " + classes());
            }
            labels.add(u.emotion());
        }
        return Evaluation.ofProbabilities(classes(), Evaluation.indicesOf(classes(), labels), predictProba(labelled));
    }

    /** Fails with a message naming the differences unless the features come from the model's encoder. */
    public void requireEncoder(EncoderIdentity actual) {
        description.encoder().requireSameAs(actual);
    }

    /** Fails unless {@code expected} is exactly the model's class set, in the same order. */
    public void requireClasses(List<String> expected) {
        if (!expected.equals(classes())) {
            throw new IllegalArgumentException("the model predicts classes " + classes() + ", but " + expected
                    + " were asked for");
        }
    }

    /**
     * The trained projection z = ReLU(x·P + c) of one used layer for every row ([rows][p]),
     * e.g. to measure how far CORAL brought source and target together.
     */
    public synchronized double[][] projected(UnlabelledFeatures features, int layer) {
        checkShape(features.mean());
        int branch = network.branchOf(layer);
        LayerInputs inputs = normalizer.apply(features.mean(), features.std(), null);
        double[][] out = new double[inputs.rows()][];
        EmotionClassifierNetwork.Activations a = network.newActivations(Math.max(1, Math.min(CHUNK, inputs.rows())));
        boolean[] which = new boolean[network.branches()];
        which[branch] = true;
        for (int from = 0; from < inputs.rows(); from += CHUNK) {
            int n = Math.min(CHUNK, inputs.rows() - from);
            network.forwardBranches(inputs, null, from, n, a, which);
            for (int i = 0; i < n; i++) {
                out[from + i] = a.projected(branch)[i].clone();
            }
        }
        return out;
    }

    private void checkShape(float[][][] mean) {
        int layers = mean.length;
        int dim = layers == 0 || mean[0].length == 0 ? description.featureDim() : mean[0][0].length;
        if (layers != description.featureLayers() || dim != description.featureDim()) {
            throw new IllegalArgumentException("the model expects features with " + description.featureLayers()
                    + " layers of dim " + description.featureDim() + " (encoder " + description.encoder().properties()
                    + "), got " + layers + " layers of dim " + dim);
        }
    }

    /** Writes the model folder (see {@link ModelFolder}). */
    public void save(Path dir) throws IOException {
        ModelFolder.save(this, dir);
    }

    public static TrainedModel load(Path dir) throws IOException {
        return ModelFolder.load(dir);
    }

    /** Loads and checks that the model was trained on features of {@code encoder}. */
    public static TrainedModel load(Path dir, EncoderIdentity encoder) throws IOException {
        TrainedModel m = ModelFolder.load(dir);
        m.requireEncoder(encoder);
        return m;
    }
}
