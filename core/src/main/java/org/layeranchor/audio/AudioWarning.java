package org.layeranchor.audio;

/**
 * Something odd about audio that decoded fine: worth telling the user, no reason to stop.
 *
 * @param kind    what kind of oddity
 * @param message a sentence for people, without the source name
 */
public record AudioWarning(Kind kind, String message) {
    public enum Kind {
        /** Shorter than {@link AudioCheck#MIN_DURATION_S}: too little for an utterance-level label. */
        SHORT,
        /** Peak below {@link AudioCheck#SILENCE_PEAK_DBFS}: nothing to hear. */
        SILENT,
        /** Flat runs at full scale: the recording was clipped. */
        CLIPPED
    }
}
