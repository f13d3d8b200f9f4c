// Trains a small model from a feature store, for trying predict/serve/export-onnx and for the load
// test, until the training stage has its own command. Usage (after `layeranchor extract`):
//   STORE=store OUT=runs/demo-model jshell --class-path target/layeranchor.jar scripts/train-demo-model.jsh
// Classes neutral/happy/sad/angry; strategy weighted-sum (source only: no target language needed).
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.layeranchor.features.FeatureStore;
import org.layeranchor.training.*;

var classes = List.of("neutral", "happy", "sad", "angry");
var store = FeatureStore.openExisting(Path.of(System.getenv().getOrDefault("STORE", "store")));
var key = store.resolveEncoderKey(System.getenv("ENCODER_KEY"));
var rows = store.rows(key, List.of()).stream().filter(r -> classes.contains(r.emotion())).toList();
var features = store.load(key, rows);
var config = TrainingConfig.defaults().withOverrides(Map.of("strategy", "weighted-sum", "classes", classes));
var model = Trainer.train(config, features, UnlabelledFeatures.none(), AnchorInputs.none(),
        EncoderIdentity.of(store.readEncoderInfo(key).identityProperties()));
var out = Path.of(System.getenv().getOrDefault("OUT", "runs/demo-model"));
model.save(out);
System.out.println("trained on " + features.rows() + " utterances of " + key + "; best source-validation UAR "
        + model.description().training().bestValidationUar() + "; saved to " + out);
/exit
