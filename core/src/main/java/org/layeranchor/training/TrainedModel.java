package org.layeranchor.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.layeranchor.corpus.Utterance;
import org.layeranchor.evaluation.Evaluation;
import org.layeranchor.evaluation.EvaluationResult;
import org.layeranchor.features.FeatureSet;
import org.layeranchor.training.linear.LinearEnsemble;
import org.layeranchor.training.nn.Softmax;

/**
 * A trained emotion classifier: its description, feature normalizer and network. Weights are
 * float32-exact, so {@link #save} → {@link #load} gives bit-identical predictions.
 *
 * <p>Prediction is {@code synchronized}: the network's fusion caches its weights while running.
 */
public final class TrainedModel {
    private static final int CHUNK = 256;

    private final ModelDescription description;
    private final EmotionClassifierNetwork network;
    private final LinearEnsemble linear;
    private final FeatureNormalizer normalizer;
    /** The target's per-speaker standardisation (raw features → per speaker), or null: per domain only. */
    private final SpeakerStandardisation speakers;

    /** Exactly one of {@code network} ({@code head: mlp}) and {@code linear} ({@code head: linear}) is given. */
    TrainedModel(ModelDescription description, EmotionClassifierNetwork network, LinearEnsemble linear,
                 FeatureNormalizer normalizer) {
        this(description, network, linear, normalizer, null);
    }

    TrainedModel(ModelDescription description, EmotionClassifierNetwork network, LinearEnsemble linear,
                 FeatureNormalizer normalizer, SpeakerStandardisation speakers) {
        if ((network == null) == (linear == null)) {
            throw new IllegalArgumentException("a model has either a network or a linear head");
        }
        this.description = description;
        this.network = network;
        this.linear = linear;
        this.normalizer = normalizer;
        this.speakers = speakers;
    }

    /**
     * The same model for a target standardised per speaker: its inputs are first standardised with each
     * speaker's own statistics ({@code standardisation: per-speaker} or {@code auto}).
     */
    public TrainedModel withSpeakerStandardisation(SpeakerStandardisation target) {
        return new TrainedModel(description, network, linear, normalizer, target);
    }

    /** The target's per-speaker standardisation, or null when the model standardises per domain only. */
    public SpeakerStandardisation speakerStandardisation() {
        return speakers;
    }

    /**
     * Class probabilities of {@code rows}; with per-speaker standardisation each row is first standardised
     * with its speaker's statistics from {@code speakerEvidence} (unlabelled utterances of the same speakers,
     * keyed by corpus and speaker id), or with the target domain's where there are none.
     */
    public double[][] predictProba(FeatureSet rows, FeatureSet speakerEvidence) {
        if (speakers == null) {
            return predictProba(rows);
        }
        FeatureSet standardised = speakers.apply(rows, speakerEvidence);
        return predictStandardised(standardised.mean(), standardised.std());
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

    /** The {@code head: mlp} network, or null for a linear head. */
    EmotionClassifierNetwork network() {
        return network;
    }

    /** The {@code head: linear} ensemble, or null for a network. */
    public LinearEnsemble linearHead() {
        return linear;
    }

    /** The statistics inputs are standardised with at prediction, one row per used layer. */
    public FeatureNormalizer normalizer() {
        return normalizer;
    }

    /**
     * The {@code head: mlp} network's stored arrays by their model-folder names (row-major float32, as
     * {@code weights/NAME.npy} holds them), in storage order; empty for a linear head.
     */
    public Map<String, float[]> networkArrays() {
        Map<String, float[]> out = new LinkedHashMap<>();
        if (network != null) {
            for (org.layeranchor.training.nn.Parameter p : network.storedParameters()) {
                out.put(p.name(), p.toFloats());
            }
        }
        return out;
    }

    /** The {@code head: mlp} network's layer-fusion weights (softmax of its logits, or equal weights); null for a linear head. */
    public double[] fusionWeights() {
        return network == null ? null : network.fusionWeights();
    }

    /** Class probabilities [row][class], classes in {@link #classes()} order. */
    public double[][] predictProba(FeatureSet features) {
        return predictProba(features.mean(), features.std());
    }

    public double[][] predictProba(UnlabelledFeatures features) {
        return predictProba(features.mean(), features.std());
    }

    /**
     * Without speaker evidence a per-speaker model treats every row as an unknown speaker: the target
     * domain's statistics, the same as {@link SpeakerStandardisation#apply} with no evidence.
     */
    private double[][] predictProba(float[][][] mean, float[][][] std) {
        if (speakers != null) {
            checkShape(mean);
            float[][][][] z = speakers.applyDomain(mean, std);
            return predictStandardised(z[0], z[1]);
        }
        return predictStandardised(mean, std);
    }

    private synchronized double[][] predictStandardised(float[][][] mean, float[][][] std) {
        checkShape(mean);
        return probabilities(normalizer.apply(mean, std, null));
    }

    private double[][] probabilities(LayerInputs inputs) {
        if (linear != null) {
            return linear.probabilities(normalizer.layers(), inputs.branches());
        }
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
        return evaluate(labelled.utterances(), predictProba(labelled));
    }

    private EvaluationResult evaluate(List<Utterance> utterances, double[][] probabilities) {
        List<String> labels = new ArrayList<>();
        for (Utterance u : utterances) {
            if (!classes().contains(u.emotion())) {
                throw new IllegalArgumentException("utterance " + u.id() + " has emotion '" + u.emotion()
                        + "', which is not in the model's class set " + classes());
            }
            labels.add(u.emotion());
        }
        return Evaluation.ofProbabilities(classes(), Evaluation.indicesOf(classes(), labels), probabilities);
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
        if (network == null) {
            throw new IllegalArgumentException("a linear head has no trained projection");
        }
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
        checkLayersAndDim(layers, dim);
    }

    private void checkLayersAndDim(int layers, int dim) {
        if (layers != description.featureLayers() || dim != description.featureDim()) {
            throw new IllegalArgumentException("the model expects features with " + description.featureLayers()
                    + " layers of dim " + description.featureDim() + " (encoder " + description.encoder().properties()
                    + "), got " + layers + " layers of dim " + dim);
        }
    }

    /**
     * The same model with its target statistics re-estimated from {@code unlabelled} (every row, no
     * labels): how a per-domain standardised model is pointed at a new domain (a model trained without
     * a target, which carries its sources' statistics, is pointed at one the same way). Refused for a model
     * standardised with source statistics, whose inputs are defined by the source alone.
     */
    public TrainedModel adaptedTo(UnlabelledFeatures unlabelled) {
        if (!description.adaptable()) {
            throw new IllegalArgumentException("this model standardises with source statistics ('standardisation: "
                    + description.config().standardisation().key() + "'"
                    + (description.config().standardisation() == TrainingConfig.Standardisation.PER_DOMAIN
                    ? ", trained without target audio" : "") + "): there are no target statistics to re-estimate");
        }
        if (unlabelled.rows() < 2) {
            throw new IllegalArgumentException("re-estimating target statistics needs at least 2 utterances, got "
                    + unlabelled.rows());
        }
        checkShape(unlabelled.mean());
        int[] rows = new int[unlabelled.rows()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        if (speakers != null) {
            // A per-speaker model: the new domain's statistics become what unknown speakers are standardised with,
            // and the inputs' statistics are those of the new audio so standardised.
            SpeakerStandardisation domain = SpeakerStandardisation.fit(unlabelled.mean(), unlabelled.std(), speakers.shrinkage());
            float[][][][] z = domain.applyDomain(unlabelled.mean(), unlabelled.std());
            return new TrainedModel(description, network, linear,
                    FeatureNormalizer.fit(z[0], z[1], rows, normalizer.layers()), domain);
        }
        FeatureNormalizer refit = FeatureNormalizer.fit(unlabelled.mean(), unlabelled.std(), rows, normalizer.layers());
        return new TrainedModel(description.withStandardisedWith(ModelDescription.STANDARDISED_WITH_TARGET), network,
                linear, refit, null);
    }

    /**
     * The same model standardising with the statistics of its labelled sources, for a model trained
     * without a target: per-domain training standardised each source with its own statistics, so the
     * stored normalizer must describe a source domain too, not the pooled, already standardised rows
     * (whose statistics are about zero and one). {@code sources} covers every feature layer; the model
     * keeps the layers it reads.
     */
    public TrainedModel withSourcesStatistics(FeatureNormalizer sources) {
        if (description.config().standardisation() != TrainingConfig.Standardisation.PER_DOMAIN) {
            throw new IllegalArgumentException("sources' statistics replace per-domain statistics; this model uses '"
                    + description.config().standardisation().key() + "' standardisation");
        }
        int[] used = description.usedLayers().stream().mapToInt(Integer::intValue).toArray();
        return new TrainedModel(description.withStandardisedWith(ModelDescription.STANDARDISED_WITH_SOURCES), network,
                linear, sources.restrictTo(used), speakers);
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
