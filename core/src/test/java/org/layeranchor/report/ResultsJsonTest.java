package org.layeranchor.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.experiment.CrossLingualBenchmark;

class ResultsJsonTest {
    @TempDir
    Path dir;

    @Test
    void readsBackTheTablesTheBenchmarkWrote() throws Exception {
        CrossLingualBenchmark.Results r = SyntheticResults.create(3);
        Path json = dir.resolve("results.json");
        new ObjectMapper().writeValue(json.toFile(), BenchmarkReport.json(r, Map.of("commit", "x")));

        List<UarTable> read = ResultsJson.read(json);
        List<UarTable> direct = UarTable.of(r);
        assertEquals(List.of("inductive", "transductive", "lolo-inductive", "lolo-transductive"),
                read.stream().map(UarTable::setting).toList());
        for (int t = 0; t < direct.size(); t++) {
            assertEquals(direct.get(t).directions(), read.get(t).directions());
            assertEquals(direct.get(t).strategies(), read.get(t).strategies());
            for (int d = 0; d < direct.get(t).directions().size(); d++) {
                assertArrayEquals(direct.get(t).uar()[d], read.get(t).uar()[d], 0);
                assertArrayEquals(direct.get(t).collapsed()[d], read.get(t).collapsed()[d]);
            }
            assertEquals(0.25, read.get(t).chance(), 0);
        }
        assertEquals("emodb → emovo", read.get(0).directions().get(0));
        assertEquals("others → emodb", read.get(2).directions().get(0));
        assertTrue(read.get(0).collapsed()[0][0] && read.get(0).anyCollapsed(), "the collapse guard's flag survives");
    }

    @Test
    void aFileThatIsNotJsonIsNamedWithItsLine() throws Exception {
        Path bad = Files.writeString(dir.resolve("results.json"), "{\n  \"directions\": [\n  oops\n]}");
        IOException e = assertThrows(IOException.class, () -> ResultsJson.read(bad));
        assertTrue(e.getMessage().startsWith(bad + ": not valid JSON at line 3"), e.getMessage());
    }

    @Test
    void aMissingOrImpossibleValueIsNamedByItsPlaceInTheFile() throws Exception {
        String classes = "\"settings\": {\"classes\": [\"a\", \"b\"]}";
        Path noUar = Files.writeString(dir.resolve("a.json"), "{" + classes + ", \"directions\": [{\"setting\": "
                + "\"inductive\", \"source\": \"x\", \"target\": \"y\", \"strategies\": [{\"strategy\": \"lam\", "
                + "\"uar_mean\": 1.7}]}]}");
        IOException e = assertThrows(IOException.class, () -> ResultsJson.read(noUar));
        assertEquals(noUar + ": directions[0].strategies[0].uar_mean must be a number in [0, 1], found 1.7", e.getMessage());

        Path noDirections = Files.writeString(dir.resolve("b.json"), "{" + classes + "}");
        e = assertThrows(IOException.class, () -> ResultsJson.read(noDirections));
        assertEquals(noDirections + ": directions is missing or not a list", e.getMessage());

        Path missing = dir.resolve("nothing-here.json");
        e = assertThrows(IOException.class, () -> ResultsJson.read(missing));
        assertEquals(missing + ": no such file", e.getMessage());
    }

    @Test
    void directionsOfOneSettingMustListTheSameStrategies() throws Exception {
        String dir0 = "{\"setting\": \"inductive\", \"source\": \"x\", \"target\": \"y\", \"strategies\": "
                + "[{\"strategy\": \"lam\", \"uar_mean\": 0.5}]}";
        String dir1 = "{\"setting\": \"inductive\", \"source\": \"y\", \"target\": \"x\", \"strategies\": "
                + "[{\"strategy\": \"last-layer\", \"uar_mean\": 0.5}]}";
        Path f = Files.writeString(dir.resolve("c.json"), "{\"settings\": {\"classes\": [\"a\"]}, \"directions\": ["
                + dir0 + ", " + dir1 + "]}");
        IOException e = assertThrows(IOException.class, () -> ResultsJson.read(f));
        assertTrue(e.getMessage().contains("directions[1] lists strategies [last-layer], but earlier inductive "
                + "directions list [lam]"), e.getMessage());
    }
}
