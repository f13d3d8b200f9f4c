package org.layeranchor.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingConfigTest {
    @Test
    void yamlOverridesOnlyTheKeysItNames() {
        TrainingConfig cfg = TrainingConfigFiles.parse("""
                strategy: lam-gl
                coralWeight: 2.5
                classes: [neutral, happy, sad, angry]
                groupRepresentation: concat
                """, false);
        assertEquals(Strategy.LAM_GL, cfg.strategy());
        assertEquals(2.5, cfg.coralWeight());
        assertEquals(List.of("neutral", "happy", "sad", "angry"), cfg.classes());
        assertEquals(TrainingConfig.GroupRepresentation.CONCAT, cfg.groupRepresentation());
        assertEquals(TrainingConfig.defaults().batchSize(), cfg.batchSize());
    }

    @Test
    void jsonAndYamlRoundTripToTheSameConfig(@TempDir Path dir) throws Exception {
        TrainingConfig cfg = TrainingConfig.defaults().withStrategy(Strategy.CORAL_LAST).withSeed(7);
        for (String name : List.of("c.json", "c.yaml")) {
            Path f = dir.resolve(name);
            TrainingConfigFiles.write(cfg, f);
            assertEquals(cfg, TrainingConfigFiles.read(f));
        }
        assertTrue(Files.readString(dir.resolve("c.json")).contains("\"strategy\" : \"coral-last\""));
    }

    @Test
    void unknownKeyIsRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfigFiles.parse("{\"coralWieght\": 1}", true));
        assertTrue(e.getMessage().contains("unknown training config key 'coralWieght'"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'coralWeight'"), e.getMessage());
    }

    @Test
    void badValuesFailWithTheKeyAndTheRule() {
        IllegalArgumentException strategy = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfigFiles.parse("strategy: lam-xl", false));
        assertTrue(strategy.getMessage().contains("unknown strategy 'lam-xl'"), strategy.getMessage());
        IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.defaults().withOverrides(Map.of("batchSize", 1)));
        assertTrue(batch.getMessage().contains("'batchSize' is 1"), batch.getMessage());
        IllegalArgumentException nul = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfigFiles.parse("learningRate: null", false));
        assertTrue(nul.getMessage().contains("learningRate"), nul.getMessage());
    }

    @Test
    void poolingKeepsItsKeyAndDefaultAndRefusesTheRemovedAttentiveByName(@TempDir Path dir) throws Exception {
        assertEquals(TrainingConfig.Pooling.STATISTICS, TrainingConfig.defaults().pooling());
        assertEquals(TrainingConfig.defaults(), TrainingConfigFiles.parse("pooling: statistics", false));
        IllegalArgumentException removed = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfigFiles.parse("pooling: attentive", false));
        assertTrue(removed.getMessage().contains("'pooling: attentive' is no longer supported"), removed.getMessage());
        assertTrue(removed.getMessage().contains("use 'pooling: statistics'"), removed.getMessage());
        Path file = dir.resolve("attentive.yaml");
        Files.writeString(file, "head: mlp\npooling: attentive\n");
        IllegalArgumentException named = assertThrows(IllegalArgumentException.class, () -> TrainingConfigFiles.read(file));
        assertTrue(named.getMessage().startsWith(file + ": "), named.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfigFiles.parse("pooling: attention", false));
        assertTrue(bad.getMessage().contains("unknown pooling 'attention' (known: statistics)"), bad.getMessage());
        IllegalArgumentException typo = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfigFiles.parse("{\"polling\": \"statistics\"}", true));
        assertTrue(typo.getMessage().contains("did you mean 'pooling'"), typo.getMessage());
        IllegalArgumentException nul = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfigFiles.parse("pooling: null", false));
        assertTrue(nul.getMessage().contains("'pooling' must not be null"), nul.getMessage());
    }

    @Test
    void emptyFileIsTheDefaults() {
        assertEquals(TrainingConfig.defaults(), TrainingConfigFiles.parse("", false));
    }

    @Test
    void eachWitherChangesItsOwnKeyAndNoOther() throws Exception {
        TrainingConfig base = TrainingConfig.defaults();
        Map<String, TrainingConfig> changed = Map.of(
                "strategy", base.withStrategy(Strategy.LAM_GL),
                "seed", base.withSeed(9),
                "classes", base.withClasses(List.of("x", "y")),
                "coralWeight", base.withCoralWeight(0.25),
                "head", base.withHead(TrainingConfig.Head.MLP),
                "standardisation", base.withStandardisation(TrainingConfig.Standardisation.SOURCE));
        var before = TrainingConfigFiles.JSON.valueToTree(base);
        changed.forEach((key, cfg) -> {
            var after = (com.fasterxml.jackson.databind.node.ObjectNode) TrainingConfigFiles.JSON.valueToTree(cfg);
            assertTrue(!after.get(key).equals(before.get(key)), key + " did not change");
            after.set(key, before.get(key));
            assertEquals(before, after, "changing " + key + " changed other keys too");
        });
    }

    @Test
    void defaultsAreTheConfigOfAnEmptyFileAndNameEveryKey() {
        assertEquals(TrainingConfig.defaults(), TrainingConfigFiles.parse("{}", true));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TrainingConfigFiles.complete(Map.of("strategy", "lam")));
        assertTrue(e.getMessage().contains("no value for [classes, projectionDim"), e.getMessage());
    }
}
