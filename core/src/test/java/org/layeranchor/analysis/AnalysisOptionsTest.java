package org.layeranchor.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnalysisOptionsTest {
    /** A valid value of the component's type that differs from {@code current}. */
    private static Object another(Class<?> type, Object current) {
        if (type.isEnum()) {
            return Arrays.stream(type.getEnumConstants()).filter(c -> c != current).findFirst().orElseThrow();
        }
        if (type == boolean.class) {
            return !(Boolean) current;
        }
        if (type == int.class) {
            return (Integer) current + 7;
        }
        if (type == long.class) {
            return (Long) current + 7;
        }
        if (type == double.class) {
            return (Double) current + 0.5;
        }
        if (type == List.class) {
            return List.of("angry", "sad");
        }
        throw new AssertionError("no test value for " + type);
    }

    @Test
    void everyComponentHasAWitherThatChangesItAndNothingElse() throws Exception {
        AnalysisOptions base = AnalysisOptions.defaults();
        RecordComponent[] components = AnalysisOptions.class.getRecordComponents();
        for (RecordComponent changed : components) {
            String name = changed.getName();
            Method wither = AnalysisOptions.class.getMethod(
                    "with" + Character.toUpperCase(name.charAt(0)) + name.substring(1), changed.getType());
            Object value = another(changed.getType(), changed.getAccessor().invoke(base));
            AnalysisOptions edited = (AnalysisOptions) wither.invoke(base, value);
            for (RecordComponent c : components) {
                Object expected = c == changed ? value : c.getAccessor().invoke(base);
                assertEquals(expected, c.getAccessor().invoke(edited), wither.getName() + " and " + c.getName());
            }
            assertNotEquals(base, edited, wither.getName());
        }
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        // docs/analysis.md, "Defaults": mean vectors over all frames; standardisation on; ≤ 1000 per language;
        // 5 folds; seed 1; probe λ 1e-2; k = 3 groups from the mean CKA of both; 2 anchors; label-using on.
        AnalysisOptions d = AnalysisOptions.defaults();
        assertEquals(new AnalysisOptions(UtteranceVector.MEAN, FramePooling.ALL_FRAMES, true, 1000, 5, 1, 1e-2, 3,
                AnalysisOptions.GroupingCka.MEAN_OF_BOTH, 2, List.of(), true, -1, 0), d);
    }
}
