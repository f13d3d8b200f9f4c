package org.layeranchor.serve;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The query string of {@code POST /v1/predict}: only {@code speaker=ID} (optional, once). Anything else
 * is refused rather than ignored, so that a misspelt {@code ?speker=} is not silently predicted without
 * its speaker.
 *
 * @param speaker the speaker id, "" when none was given
 */
record PredictQuery(String speaker) {
    static final String SPEAKER = "speaker";

    /** Thrown with the message the client is answered (400). */
    static final class BadQuery extends Exception {
        BadQuery(String message) {
            super(message);
        }
    }

    static PredictQuery parse(String query) throws BadQuery {
        if (query == null || query.isEmpty()) {
            return new PredictQuery("");
        }
        String speaker = null;
        for (String part : query.split("&", -1)) {
            int eq = part.indexOf('=');
            String name = decode(eq < 0 ? part : part.substring(0, eq));
            if (!name.equals(SPEAKER)) {
                throw new BadQuery("unknown query parameter '" + printable(name) + "': POST /v1/predict takes only '"
                        + SPEAKER + "' (e.g. /v1/predict?speaker=anna)");
            }
            if (speaker != null) {
                throw new BadQuery("'" + SPEAKER + "' is given more than once; give one speaker id per request");
            }
            speaker = eq < 0 ? "" : decode(part.substring(eq + 1));
            String problem = SpeakerId.problem(speaker);
            if (problem != null) {
                throw new BadQuery(problem);
            }
        }
        return new PredictQuery(speaker);
    }

    private static String decode(String s) throws BadQuery {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadQuery("the query string is not valid percent-encoding: " + e.getMessage());
        }
    }

    /** A parameter name shown back: short, and without anything a terminal or page would interpret. */
    private static String printable(String name) {
        String shown = name.length() > 40 ? name.substring(0, 40) + "…" : name;
        return org.layeranchor.io.PrintableText.escape(shown);
    }
}
