package org.layeranchor.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.training.TrainingConfig;
import org.layeranchor.training.TrainingConfigFiles;

/**
 * The defaults docs/TRAINING.md promises are the ones {@code train} uses: the documented table, read
 * as a config file, gives exactly the config of a run file that sets no training key.
 */
class TrainingDefaultsDocumentedTest {
    /** docs/TRAINING.md at the repository root (tests run in core/; the build passes the root). */
    private static final Path TRAINING_MD = Path.of(System.getProperty("layeranchor.root", ".."), "docs", "TRAINING.md");

    private static final Pattern ROW = Pattern.compile("^\\| `([A-Za-z0-9]+)` \\| `([^`]*)` \\|", Pattern.MULTILINE);

    /** Key → documented default, from the table under "Training settings". */
    static Map<String, String> documentedDefaults(String markdown) {
        return documentedDefaults(markdown, "## Training settings");
    }

    /** Key → documented default (rows whose default is in backticks) of the table under {@code heading}. */
    static Map<String, String> documentedDefaults(String markdown, String heading) {
        int start = markdown.indexOf(heading);
        int end = markdown.indexOf("\n## ", start + 1);
        Matcher m = ROW.matcher(markdown.substring(start, end < 0 ? markdown.length() : end));
        Map<String, String> rows = new LinkedHashMap<>();
        while (m.find()) {
            rows.put(m.group(1), m.group(2));
        }
        return rows;
    }

    static TrainingConfig asConfig(Map<String, String> documented) {
        StringBuilder yaml = new StringBuilder();
        documented.forEach((key, value) -> yaml.append(key).append(": ").append(value).append('\n'));
        return TrainingConfigFiles.parse(yaml.toString(), false);
    }

    @Test
    void everyKeyIsDocumentedWithTheDefaultTrainUses(@TempDir Path dir) throws IOException {
        Map<String, String> documented = documentedDefaults(Files.readString(TRAINING_MD));
        List<String> keys = Arrays.stream(TrainingConfig.class.getRecordComponents()).map(RecordComponent::getName).toList();
        assertEquals(keys, List.copyOf(documented.keySet()), "docs/TRAINING.md documents other keys, or in another order");

        Path runFile = dir.resolve("run.yaml");
        Files.writeString(runFile, "source: emodb\ntarget: emovo\n");
        assertEquals(TrainingRunFile.read(runFile).training(), asConfig(documented));
    }

    @Test
    void aWrongDocumentedDefaultIsCaught() throws IOException {
        Map<String, String> documented = documentedDefaults(Files.readString(TRAINING_MD));
        documented.put("batchSize", "32");
        assertNotEquals(TrainingConfig.defaults().withClasses(List.of("neutral", "happy", "sad", "angry")),
                asConfig(documented));
        assertEquals(32, asConfig(documented).batchSize());
    }

    @Test
    void theRunFilesOwnKeysHaveTheDocumentedDefaults(@TempDir Path dir) throws IOException {
        Map<String, String> documented = documentedDefaults(Files.readString(TRAINING_MD),
                "## The run file");
        assertEquals(List.of("store", "encoder", "setting", "splits", "out", "vowels", "merge"),
                List.copyOf(documented.keySet()), "the run file's optional keys in docs/TRAINING.md");
        StringBuilder yaml = new StringBuilder("source: emodb\ntarget: emovo\n");
        documented.forEach((key, value) -> yaml.append(key).append(": ").append(value).append('\n'));
        Path spelledOut = dir.resolve("documented.yaml");
        Files.writeString(spelledOut, yaml.toString());
        Path bare = dir.resolve("bare.yaml");
        Files.writeString(bare, "source: emodb\ntarget: emovo\n");
        assertEquals(TrainingRunFile.read(bare), TrainingRunFile.read(spelledOut));
        // And the comparison can fail: a documented default that differs from the code's is caught.
        Files.writeString(spelledOut, yaml.toString().replace("out: runs/model", "out: runs/other"));
        assertNotEquals(TrainingRunFile.read(bare), TrainingRunFile.read(spelledOut));
    }
}
