package org.layeranchor.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.layeranchor.encoder.EncoderInfo;
import org.layeranchor.training.ModelDescription;

/**
 * What {@code GET /v1/model} says about the model being served:
 *
 * <pre>
 * {"name": what the model is called (its folder, or "the default model (models/default)"),
 *  "classes": [...],
 *  "encoder": {"family", "identity", "layers", "dim", "frame_rate_hz", "parameters", "settings": {...}},
 *  "model": the model folder's model.json description (strategy, layers used, anchors, fusion weights,
 *           training config, provenance, training summary without the per-epoch history),
 *  "limits": {"max_body_bytes", "max_audio_seconds", "request_timeout_s", "segment_seconds",
 *             "workers", "queue_capacity", "read_timeout_s", "max_connections", "max_buffered_bytes"},
 *  "formats": ["wav", "flac", "mp3"],
 *  "adaptation": what the statistics in use come from, where the model was adapted (--adapt-on files, or
 *                the window of recent requests: window_requests, minimum_requests, held_requests, ...),
 *  "speakers": {"parameter", "per_speaker": whether ?speaker=ID standardises with that speaker's statistics,
 *               then "shrinkage_utterances", "max_speakers", "window_requests_per_speaker", "held_speakers",
 *               "evicted_speakers"; otherwise a "note" saying why the id changes nothing}}
 * </pre>
 */
public final class ModelJson {
    private static final ObjectMapper JSON = PredictionJson.JSON;

    private ModelJson() {
    }

    public static ObjectNode of(EmotionPredictor predictor, EmotionServer.Options options) {
        ModelDescription d = predictor.model().description();
        ObjectNode o = JSON.createObjectNode();
        o.put("name", predictor.name());
        o.set("classes", JSON.valueToTree(d.classes()));

        EncoderInfo info = predictor.encoderInfo();
        ObjectNode encoder = o.putObject("encoder");
        encoder.put("family", info.family());
        encoder.put("identity", info.identity());
        encoder.put("layers", info.layers());
        encoder.put("dim", info.dim());
        encoder.put("frame_rate_hz", info.frameRateHz());
        encoder.put("parameters", info.parameters());
        encoder.set("settings", JSON.valueToTree(info.settings()));

        ObjectNode model = JSON.valueToTree(d);
        if (model.get("training") instanceof ObjectNode training) {
            training.remove("history"); // one entry per epoch: in model.json for those who want it
        }
        o.set("model", model);

        ObjectNode limits = o.putObject("limits");
        limits.put("max_body_bytes", options.maxBodyBytes());
        limits.put("max_audio_seconds", options.maxAudioSeconds());
        limits.put("request_timeout_s", options.requestTimeout().toMillis() / 1000.0);
        limits.put("segment_seconds", predictor.options().segmentSeconds());
        limits.put("smooth_segments", predictor.options().smoothNeighbours());
        limits.put("vad", predictor.options().vad().cliName());
        limits.put("workers", options.workers());
        limits.put("queue_capacity", options.queueCapacity());
        limits.put("read_timeout_s", options.readTimeout().toMillis() / 1000.0);
        limits.put("max_connections", options.maxConnections());
        limits.put("max_buffered_bytes", options.maxBufferedBytes());
        limits.put("min_upload_bytes_per_second", options.minUploadBytesPerSecond());
        limits.put("max_uploads_per_client", options.maxUploadsPerClient());
        o.set("formats", JSON.valueToTree(List.of("wav", "flac", "mp3")));
        if (!predictor.adaptation().isEmpty()) {
            o.set("adaptation", JSON.valueToTree(predictor.adaptation()));
        }
        o.set("speakers", speakers(predictor));
        return o;
    }

    /** What POST /v1/predict?speaker=ID does with this model ({@link SpeakerAnswer}, {@link SpeakerMemory}). */
    private static ObjectNode speakers(EmotionPredictor predictor) {
        ObjectNode s = JSON.createObjectNode();
        s.put("parameter", "POST /v1/predict?" + PredictQuery.SPEAKER + "=ID (1 to " + SpeakerId.MAX_LENGTH
                + " ASCII letters, digits, '.', '_', '-')");
        var standardisation = predictor.model().speakerStandardisation();
        SpeakerMemory memory = predictor.speakerMemory();
        s.put("per_speaker", standardisation != null && memory != null);
        if (standardisation == null) {
            s.put("note", SpeakerAnswer.PER_DOMAIN);
        } else if (memory == null) {
            s.put("note", SpeakerAnswer.NOT_KEPT);
        } else {
            s.put("shrinkage_utterances", standardisation.shrinkage());
            s.setAll((ObjectNode) JSON.valueToTree(memory.state()));
        }
        return s;
    }
}
