package org.layeranchor.serve;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.layeranchor.training.UnlabelledFeatures;

/**
 * The service adapting to the audio it is sent: the pooled features (not the audio) of the last
 * {@code window} requests are kept, and once at least {@code minimum} are held, the model's
 * statistics are re-estimated from all of them after every request. A request is predicted with the
 * statistics of the requests before it. A ready model does not know its users' language; this is how
 * it learns the domain without labels or a training run. Memory: one [layers × 2 × dim] float row per
 * segment kept (about 28 kB for whisper-base), so serve's default window of 100 short requests holds about 3 MB.
 */
public final class RecentAudioAdaptation implements Consumer<UnlabelledFeatures> {
    private final EmotionPredictor predictor;
    private final int window;
    private final int minimum;
    private final Deque<UnlabelledFeatures> recent = new ArrayDeque<>();
    private long reEstimates;

    /**
     * @param window  requests kept (the oldest is dropped past it), &gt;= 1
     * @param minimum requests needed before the first re-estimate, 2..window (statistics of fewer files
     *                are worse than the model's own: measured in docs/BENCHMARK.md)
     */
    public RecentAudioAdaptation(EmotionPredictor predictor, int window, int minimum) {
        if (window < 1 || minimum < 2 || minimum > window) {
            throw new IllegalArgumentException("adaptation to recent requests needs 2 <= minimum <= window, got minimum "
                    + minimum + " and window " + window);
        }
        if (!predictor.model().description().adaptable()) {
            throw new IllegalArgumentException("the model standardises with source statistics: it cannot adapt to "
                    + "recent requests");
        }
        this.predictor = predictor;
        this.window = window;
        this.minimum = minimum;
    }

    /** Starts listening to the predictor's predictions; shows the window's state in the model description. */
    public static RecentAudioAdaptation attach(EmotionPredictor predictor, int window, int minimum) {
        RecentAudioAdaptation a = new RecentAudioAdaptation(predictor, window, minimum);
        predictor.adaptTo(null, a.state(false)); // no statistics change yet: only the window's state is shown
        predictor.onEncoded(a);
        return a;
    }

    @Override
    public synchronized void accept(UnlabelledFeatures request) {
        recent.addLast(request);
        while (recent.size() > window) {
            recent.removeFirst();
        }
        if (recent.size() >= minimum) {
            reEstimates++;
            predictor.adaptTo(UnlabelledFeatures.concatenate(recent), state(true));
        } else {
            predictor.adaptTo(null, state(false));
        }
    }

    /** Requests held now. */
    public synchronized int held() {
        return recent.size();
    }

    private Map<String, Object> state(boolean active) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("statistics_from", active ? "recent requests" : "the model's own (too few recent requests yet)");
        m.put("window_requests", window);
        m.put("minimum_requests", minimum);
        m.put("held_requests", recent.size());
        m.put("re_estimates", reEstimates);
        return m;
    }

}
