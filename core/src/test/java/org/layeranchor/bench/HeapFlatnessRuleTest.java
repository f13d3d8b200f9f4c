package org.layeranchor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The soak's heap rule on synthetic series: growth while the server's window of recent requests fills
 * is by design and not judged; growth after it is a failure; no verdict without samples after it.
 */
class HeapFlatnessRuleTest {
    /** The quiet 300-s run of docs/soak-combined-quiet.txt: seconds and MB after GC. */
    private static final double[][] QUIET_RUN = {{10, 31.3}, {20, 29.4}, {31, 15.0}, {41, 15.4}, {51, 15.4}, {61, 30.3},
            {71, 25.3}, {81, 15.8}, {91, 16.0}, {101, 22.6}, {111, 16.6}, {121, 16.5}, {131, 16.7}, {142, 17.0},
            {152, 17.2}, {162, 19.5}, {172, 19.4}, {182, 32.1}, {192, 17.8}, {202, 17.7}, {212, 32.4}, {222, 17.6},
            {233, 17.8}, {243, 17.9}, {253, 32.4}, {263, 24.0}, {273, 17.9}, {283, 17.8}, {293, 32.5}, {300, 17.8}};

    private static HeapSampler.Result series(double[][] points, double warmFrom) {
        List<HeapSampler.Sample> s = new ArrayList<>();
        for (double[] p : points) {
            s.add(new HeapSampler.Sample(p[0], Math.round(p[1] * 1e6), p[0] >= warmFrom));
        }
        return new HeapSampler.Result(s, null);
    }

    @Test
    void growthWhileTheAdaptationWindowFillsIsAWarmUpNotALeak() {
        // Judged whole (the old rule), the window's 100 requests raise the floor 15.0 -> 17.6 MB (+17 %).
        HeapSampler.Result whole = series(QUIET_RUN, 0);
        assertFalse(whole.flat(), whole.toText());
        assertEquals(15.0e6, whole.firstThirdFloor());
        assertEquals(17.6e6, whole.lastThirdFloor());
        // The window was full by about 160 s in that run (153 predictions and 46 silence files in 300 s):
        // judged from the first sample that saw it full, the floor is flat (17.6 -> 17.8 MB).
        HeapSampler.Result warmedUp = series(QUIET_RUN, 160);
        assertEquals(15, warmedUp.warmUpSamples());
        assertTrue(warmedUp.flat(), warmedUp.toText());
        assertEquals(17.7e6, warmedUp.firstThirdFloor());
        assertTrue(warmedUp.toText().contains("the first 15, to 152 s, while the adaptation window filled"), warmedUp.toText());
    }

    @Test
    void growthAfterTheWindowIsFullIsStillALeak() {
        double[][] leak = new double[30][];
        for (int i = 0; i < leak.length; i++) {
            // Flat at 15 MB with requests in flight on top, then +0.2 MB a sample once the window is full.
            double mb = 15 + (i >= 15 ? 0.2 * (i - 15) : 0) + (i % 4 == 0 ? 14 : 0);
            leak[i] = new double[] {10 * (i + 1), mb};
        }
        HeapSampler.Result r = series(leak, 160);
        assertTrue(r.judgeable());
        assertFalse(r.flat(), r.toText());
        CombinedSoak.Result soak = withHeap(r);
        assertTrue(soak.failedGoals().contains("the heap after GC grew"), soak.failedGoals().toString());
    }

    @Test
    void aWindowThatNeverFillsGivesNoVerdictNotAPass() {
        HeapSampler.Result r = series(QUIET_RUN, 1_000);
        assertFalse(r.judgeable());
        assertFalse(r.flat());
        assertTrue(r.toText().contains("NOT judged: 0 sample(s) after the warm-up, 3 needed (run longer)"), r.toText());
        CombinedSoak.Result soak = withHeap(r);
        assertTrue(soak.failedGoals().contains(
                "the heap after GC was not judged: too few samples after the adaptation window filled"), soak.failedGoals().toString());
    }

    @Test
    void theWindowIsReadFromTheModelDescription() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertTrue(AdaptationWindow.full(json.readTree("{\"name\":\"m\"}")), "no window: nothing held by design");
        assertFalse(AdaptationWindow.full(json.readTree(
                "{\"adaptation\":{\"window_requests\":100,\"minimum_requests\":40,\"held_requests\":99}}")));
        assertTrue(AdaptationWindow.full(json.readTree(
                "{\"adaptation\":{\"window_requests\":100,\"minimum_requests\":40,\"held_requests\":100}}")));
        assertTrue(AdaptationWindow.full(json.readTree("{\"adaptation\":{\"adapted_on\":\"DIR\"}}")), "--adapt-on: fixed");
    }

    private static CombinedSoak.Result withHeap(HeapSampler.Result heap) {
        ServeSoak.Result mix = new ServeSoak.Result(new java.util.EnumMap<>(Map.of(ServeSoak.Kind.PREDICT,
                new java.util.TreeMap<>(Map.of(200, 10)))), 1.0, List.of(), Latencies.of(List.of(1.0)));
        return new CombinedSoak.Result(mix, new TricklingUploads.Result(0, Map.of(), 0),
                new SilenceUploads.Result(Map.of(), Latencies.of(List.of())),
                new HealthProbe.Result(5, 5, Latencies.of(List.of(0.1)), 1.0), heap, 1, -1);
    }
}
