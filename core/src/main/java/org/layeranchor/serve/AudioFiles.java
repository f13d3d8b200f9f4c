package org.layeranchor.serve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/** The audio files a user names on the command line: files as given, folders walked for audio. */
public final class AudioFiles {
    /** Extensions a folder walk picks up (case-insensitive); files named explicitly are read whatever their name. */
    public static final Set<String> EXTENSIONS = Set.of("wav", "flac", "mp3");

    private AudioFiles() {
    }

    /**
     * Every path that is not a folder, as given (a missing file stays in the list, so that reading it
     * reports the problem in its place), followed in order by each folder's audio files, found
     * recursively and sorted by path. Hidden files and folders (names starting with '.') are skipped.
     */
    public static List<Path> expand(List<Path> paths) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (!Files.isDirectory(p)) {
                out.add(p);
                continue;
            }
            try (Stream<Path> walk = Files.walk(p)) {
                walk.filter(f -> !hidden(p.relativize(f)) && Files.isRegularFile(f) && isAudioName(f))
                        .sorted(Comparator.comparing(Path::toString))
                        .forEach(out::add);
            } catch (UncheckedIOException e) {
                throw new IOException(p + ": cannot list the folder (" + e.getCause().getMessage() + ")", e.getCause());
            }
        }
        return out;
    }

    static boolean isAudioName(Path f) {
        String name = f.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
