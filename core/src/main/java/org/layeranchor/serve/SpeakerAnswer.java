package org.layeranchor.serve;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a prediction's answer says about the speaker id it was sent with ({@code POST /v1/predict?speaker=ID}):
 *
 * <pre>
 * "speaker": {"id": "anna", "used": true, "requests_held": 3}
 * "speaker": {"id": "anna", "used": false, "note": "..."}
 * </pre>
 * {@code used} is true when the request was standardised with that speaker's statistics (a model
 * standardised per speaker, with {@link SpeakerMemory} on); {@code requests_held} counts the speaker's
 * requests the statistics came from, this one included. A model standardised per domain has no use for
 * speaker statistics (its head was trained on rows standardised per domain, and standardising them per
 * speaker at use time was never measured): the id is accepted, changes nothing, and the note says why.
 * Without an id the answer has no {@code speaker} field: the same answer as before speaker ids existed.
 */
final class SpeakerAnswer {
    static final String PER_DOMAIN = "this model standardises per domain: the speaker id changes nothing (a model "
            + "trained with 'standardisation: per-speaker' or 'auto' uses it)";
    static final String NOT_KEPT = "this service keeps no speaker statistics (serve --speaker-max 0): the speaker id "
            + "changes nothing";

    private SpeakerAnswer() {
    }

    static ObjectNode add(ObjectNode prediction, String speaker, EmotionPredictor predictor) {
        if (speaker.isEmpty()) {
            return prediction;
        }
        ObjectNode s = prediction.putObject("speaker");
        s.put("id", speaker);
        SpeakerMemory memory = predictor.speakerMemory();
        if (predictor.model().speakerStandardisation() == null) {
            s.put("used", false);
            s.put("note", PER_DOMAIN);
        } else if (memory == null) {
            s.put("used", false);
            s.put("note", NOT_KEPT);
        } else {
            s.put("used", true);
            s.put("requests_held", memory.requestsHeld(speaker));
        }
        return prediction;
    }
}
