package org.layeranchor.serve;

import java.util.regex.Pattern;

/**
 * The speaker id a client may give {@code POST /v1/predict?speaker=ID}: 1 to {@value #MAX_LENGTH} letters,
 * digits, '.', '_' or '-' (ASCII). Narrow on purpose: the id is a key the service keeps statistics under and
 * shows back in its answers, so it must not carry markup, spaces, control or look-alike characters, and a
 * long one would only cost memory.
 */
public final class SpeakerId {
    public static final int MAX_LENGTH = 64;
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._-]+");

    private SpeakerId() {
    }

    /** Null when {@code id} is acceptable, else what is wrong with it (the id is not repeated: it may be anything). */
    public static String problem(String id) {
        if (id == null || id.isEmpty()) {
            return "the speaker id is empty; give 1 to " + MAX_LENGTH + " letters, digits, '.', '_' or '-', or leave "
                    + "the parameter out";
        }
        if (id.length() > MAX_LENGTH) {
            return "the speaker id has " + id.length() + " characters; at most " + MAX_LENGTH + " are accepted";
        }
        if (!ALLOWED.matcher(id).matches()) {
            return "the speaker id may hold only ASCII letters, digits, '.', '_' and '-'";
        }
        return null;
    }
}
