package org.layeranchor.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaveTargetOutSelectionTest {
    /**
     * Three corpora, six directions. Value "a" is best wherever corpus z is not involved, value "b"
     * only on the directions into z. Leave-target-out must still pick "a" for z (its own directions
     * may not vote), and "a" elsewhere; the selected mean is then scored with those choices.
     */
    @Test
    void aTargetsOwnDirectionsNeverVoteForItsValue() {
        List<String> corpora = List.of("x", "y", "z");
        List<String> names = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        for (String s : corpora) {
            for (String t : corpora) {
                if (!s.equals(t)) {
                    names.add(s + " → " + t);
                    sources.add(s);
                    targets.add(t);
                }
            }
        }
        // directions: x→y, x→z, y→x, y→z, z→x, z→y
        double[][] uar = {
                {0.60, 0.40, 0.62, 0.41, 0.50, 0.52},   // a
                {0.55, 0.70, 0.57, 0.72, 0.49, 0.51},   // b
        };
        LeaveTargetOutSelection s = new LeaveTargetOutSelection("l2", List.of("a", "b"), "lam", "inductive", names,
                sources, targets, uar);
        // Without z only x→y and y→x remain: a (0.61) beats b (0.56).
        assertEquals(0.61, s.meanWithout(0, "z"), 1e-12);
        assertEquals(0, s.chosenFor("z"));
        // Without x: y→z and z→y: a 0.465, b 0.615 → b.
        assertEquals(1, s.chosenFor("x"));
        // Without y: x→z, z→x: a 0.45, b 0.595 → b.
        assertEquals(1, s.chosenFor("y"));
        double expected = (uar[1][2] + uar[1][4] + uar[1][0] + uar[1][5] + uar[0][1] + uar[0][3]) / 6;
        assertEquals(expected, s.selectedMean(), 1e-12);
        String md = s.markdown();
        assertTrue(md.contains("| a | ") && md.contains("**61.0**") && md.contains("z: a"), md);
        assertEquals(13, s.csv().lines().count());
    }
}
