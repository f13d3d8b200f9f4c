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

    /**
     * Four corpora, the leave-one-language-out table: a target's value is chosen on the directions
     * among its sources (each held out in turn, trained on the other two), never on a direction that
     * involves it as one of several sources or as the target; only the leave-one-language-out rows
     * are scored.
     */
    @Test
    void leaveOneSourceOutChoosesOnATargetsSourcesAlone() {
        List<String> corpora = List.of("w", "x", "y", "z");
        List<String> names = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        List<Boolean> scored = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        for (String t : corpora) {
            for (String heldOut : corpora) {
                if (!heldOut.equals(t)) {
                    List<String> others = corpora.stream().filter(c -> !c.equals(t) && !c.equals(heldOut)).toList();
                    add(names, sources, targets, scored, String.join("+", others), heldOut, false);
                    // Value "a" wins the held-out directions among z's sources (w, x, y); "b" everywhere else.
                    rows.add(t.equals("z") ? new double[] {0.70, 0.50} : new double[] {0.40, 0.60});
                }
            }
        }
        for (String t : corpora) {
            add(names, sources, targets, scored, String.join("+", corpora.stream().filter(c -> !c.equals(t)).toList()), t, true);
            // On the scored rows themselves "b" wins for z: if they voted, z would get "b".
            rows.add(t.equals("z") ? new double[] {0.30, 0.90} : new double[] {0.55, 0.65});
        }
        double[][] uar = new double[2][rows.size()];
        for (int d = 0; d < rows.size(); d++) {
            uar[0][d] = rows.get(d)[0];
            uar[1][d] = rows.get(d)[1];
        }
        LeaveTargetOutSelection s = new LeaveTargetOutSelection("multiSourceAlignment", List.of("a", "b"), "lam",
                "lolo-inductive", names, sources, targets, uar, scored);
        assertEquals(List.of("w", "x", "y", "z"), s.targetCorpora());
        // For z: exactly the three directions x+y→w, w+y→x, w+x→y, all 0.70 for "a".
        assertEquals(0.70, s.meanWithout(0, "z"), 1e-12);
        assertEquals(0, s.chosenFor("z"));
        assertEquals(1, s.chosenFor("w"));
        // Scored: only the four leave-one-language-out rows, each with its target's choice.
        assertEquals((0.65 + 0.65 + 0.65 + 0.30) / 4, s.selectedMean(), 1e-12);
        assertEquals((0.55 * 3 + 0.30) / 4, s.meanAll(0), 1e-12);
        String md = s.markdown();
        assertTrue(md.startsWith("Leave-one-source-out selection") && md.contains("mean over z's sources held out")
                && md.contains("z: a"), md);
    }

    private static void add(List<String> names, List<String> sources, List<String> targets, List<Boolean> scored,
                            String source, String target, boolean isScored) {
        names.add(source + " → " + target);
        sources.add(source);
        targets.add(target);
        scored.add(isScored);
    }
}
