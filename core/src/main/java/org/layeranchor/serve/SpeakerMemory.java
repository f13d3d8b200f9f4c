package org.layeranchor.serve;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.layeranchor.training.UnlabelledFeatures;

/**
 * The service's per-speaker running statistics, for a model standardised per speaker: the pooled features
 * (not the audio) of the last {@code window} requests sent with each speaker id, so that a request is
 * standardised with its own speaker's statistics, shrunk towards the domain's
 * ({@link org.layeranchor.training.SpeakerStandardisation}) — as {@code predict --speaker-pattern} does with
 * a speaker's files, heard all before any is predicted.
 *
 * <p>A request counts towards its own statistics: it is added before it is predicted, so the n-th request
 * of a speaker (n &lt;= window) gets exactly the probabilities {@code predict} gives the same file among that
 * speaker's n files. The oldest request of a speaker is dropped past the window (a voice, microphone or
 * room may change); at most {@code maxSpeakers} speakers are kept, and a new one evicts the speaker whose
 * last request is the oldest. Memory: one [layers × 2 × dim] float row per speech segment (about 28 kB
 * for whisper-base), so the defaults (100 speakers × 20 requests) hold about 57 MB of short requests.
 */
public final class SpeakerMemory {
    /** Speakers kept by default: a service's callers at once, not a whole population. */
    public static final int DEFAULT_MAX_SPEAKERS = 100;
    /** Requests kept per speaker by default: statistics of 20 utterances are stable; older ones may be another room. */
    public static final int DEFAULT_WINDOW = 20;

    private final int maxSpeakers;
    private final int window;
    /** Access order: the first entry is the speaker heard least recently, evicted first. */
    private final LinkedHashMap<String, Deque<UnlabelledFeatures>> speakers = new LinkedHashMap<>(16, 0.75f, true);
    private long evicted;

    public SpeakerMemory(int maxSpeakers, int window) {
        if (maxSpeakers < 1 || window < 1) {
            throw new IllegalArgumentException("speaker statistics need at least 1 speaker and 1 request per speaker, got "
                    + maxSpeakers + " speakers and " + window + " requests");
        }
        this.maxSpeakers = maxSpeakers;
        this.window = window;
    }

    /**
     * Adds one request of {@code speaker} (its speech segments' pooled features) and returns every segment
     * held for that speaker now, this request's included, oldest first.
     */
    public synchronized UnlabelledFeatures add(String speaker, UnlabelledFeatures request) {
        String problem = SpeakerId.problem(speaker);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        Deque<UnlabelledFeatures> held = speakers.get(speaker);
        if (held == null) {
            if (speakers.size() == maxSpeakers) {
                var eldest = speakers.entrySet().iterator();
                eldest.next();
                eldest.remove();
                evicted++;
            }
            held = new ArrayDeque<>();
            speakers.put(speaker, held);
        }
        held.addLast(request);
        while (held.size() > window) {
            held.removeFirst();
        }
        return UnlabelledFeatures.concatenate(held);
    }

    /** Requests held for {@code speaker} (0 for one never heard or evicted). */
    public synchronized int requestsHeld(String speaker) {
        Deque<UnlabelledFeatures> held = speakers.get(speaker);
        return held == null ? 0 : held.size();
    }

    /** Speakers held now. */
    public synchronized int speakersHeld() {
        return speakers.size();
    }

    public int maxSpeakers() {
        return maxSpeakers;
    }

    public int window() {
        return window;
    }

    /** The limits and how full they are, for {@code GET /v1/model}. */
    public synchronized Map<String, Object> state() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("max_speakers", maxSpeakers);
        m.put("window_requests_per_speaker", window);
        m.put("held_speakers", speakers.size());
        m.put("evicted_speakers", evicted);
        return m;
    }

}
