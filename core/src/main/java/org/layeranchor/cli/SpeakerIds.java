package org.layeranchor.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Speaker ids of audio files for {@code predict --speaker-pattern}: found in each file name by a regular expression. */
final class SpeakerIds {
    private SpeakerIds() {
    }

    /**
     * The speaker of each file: the first group of {@code regex} found in its file name, else the whole
     * match; a file whose name does not match is refused, naming it, since it would silently be
     * standardised as an unknown speaker.
     */
    static Map<Path, String> fromFileNames(List<Path> files, String regex) {
        Pattern p;
        try {
            p = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("--speaker-pattern '" + regex + "' is not a regular expression: "
                    + e.getDescription());
        }
        Map<Path, String> out = new LinkedHashMap<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            Matcher m = p.matcher(name);
            if (!m.find()) {
                throw new IllegalArgumentException(f + ": --speaker-pattern '" + regex + "' finds no speaker id in its name");
            }
            String id = m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : m.group();
            if (id.isEmpty()) {
                throw new IllegalArgumentException(f + ": --speaker-pattern '" + regex + "' finds an empty speaker id");
            }
            out.put(f, id);
        }
        return out;
    }
}
