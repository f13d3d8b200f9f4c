package org.layeranchor.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The one JSON shape of a prediction, used by {@code predict --format json} and by the HTTP service:
 *
 * <pre>
 * {"emotion": "happy", "probabilities": {"angry": 0.1, "happy": 0.7, ...}, "duration_s": 12.2, "speech_s": 9.1,
 *  "segments": [{"start_s": 0.0, "end_s": 0.4, "speech": false, "emotion": "silence"},
 *               {"start_s": 0.4, "end_s": 3.6, "speech": true, "emotion": "happy", "probabilities": {...}}, ...]}
 * </pre>
 * Probabilities are keyed by class, in the model's class order. The segments are the recording's
 * timeline: silence segments have emotion "silence" and no probabilities.
 */
public final class PredictionJson {
    static final ObjectMapper JSON = new ObjectMapper();

    private PredictionJson() {
    }

    public static ObjectNode of(Prediction p) {
        ObjectNode o = JSON.createObjectNode();
        o.put("emotion", p.emotion());
        o.set("probabilities", probabilities(p.classes(), p.probabilities()));
        o.put("duration_s", p.durationSeconds());
        o.put("speech_s", p.speechSeconds());
        ArrayNode segments = o.putArray("segments");
        for (Prediction.Segment s : p.segments()) {
            ObjectNode j = segments.addObject();
            j.put("start_s", s.startSeconds());
            j.put("end_s", s.endSeconds());
            j.put("speech", s.isSpeech());
            j.put("emotion", s.emotion());
            if (s.isSpeech()) {
                j.set("probabilities", probabilities(p.classes(), s.probabilities()));
            }
        }
        return o;
    }

    static ObjectNode probabilities(List<String> classes, double[] p) {
        ObjectNode o = JSON.createObjectNode();
        for (int c = 0; c < classes.size(); c++) {
            o.put(classes.get(c), p[c]);
        }
        return o;
    }
}
