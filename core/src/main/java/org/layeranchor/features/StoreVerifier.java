package org.layeranchor.features;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.layeranchor.encoder.EncoderInfo;
import org.layeranchor.io.Npy;
import org.layeranchor.io.NpyArray;
import org.layeranchor.io.RegularFiles;

/**
 * Re-reads every entry that an encoder folder's {@code index.csv} lists and says, file by file,
 * what is wrong: missing, truncated, corrupt (checksum, or not a readable array), or of the wrong
 * shape for the encoder. Entries written before checksums were kept are checked by structure
 * only (their header and length), which catches truncation but not a flipped byte in the data.
 * Reads only; never writes or locks anything, so it is safe on a store in use.
 */
public final class StoreVerifier {
    /** What is wrong with a file. */
    public enum Kind { MISSING, TRUNCATED, CORRUPT, WRONG_SHAPE, UNREADABLE, NON_FINITE }

    /** One damaged file. */
    public record Problem(Path file, Kind kind, String detail) {
        /** One line: the file, the kind of damage, the details. */
        public String line() {
            return file + ": " + kind.name().toLowerCase().replace('_', ' ') + " (" + detail + ")";
        }
    }

    /**
     * What one encoder folder holds.
     *
     * @param encoderKey       the folder
     * @param rows             rows of index.csv
     * @param journalRows      further rows found only in journals not merged yet (checked too)
     * @param entriesChecked   distinct entry files read
     * @param withoutChecksum  of those, files whose rows recorded no checksum (structure checked only)
     * @param problems         damaged files (index.csv itself included)
     * @param unlistedEntries  entry files no row lists (from runs killed before their journal line; harmless, reused)
     * @param temporaries      temporaries of live writers, or of gone ones not yet old enough to remove
     * @param journals         journals not merged yet (a run in progress, or one killed: the next extract merges them)
     */
    public record Report(String encoderKey, int rows, int journalRows, int entriesChecked, int withoutChecksum, List<Problem> problems,
                         int unlistedEntries, int temporaries, int journals) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private final FeatureStore store;
    private final boolean frames;

    /** @param frames also check frame files (the bulk of a store; off for a quick check of the pooled ones) */
    public StoreVerifier(FeatureStore store, boolean frames) {
        this.store = store;
        this.frames = frames;
    }

    public Report verify(String key) throws IOException {
        Path dir = store.encoderDir(key);
        List<Problem> problems = new ArrayList<>();
        Map<String, IndexRow> index;
        EncoderInfo info;
        try {
            info = store.readEncoderInfo(key);
        } catch (IOException | RuntimeException e) {
            problems.add(new Problem(dir.resolve("encoder.json"), Kind.UNREADABLE, message(e)));
            return new Report(key, 0, 0, 0, 0, problems, 0, 0, 0);
        }
        try {
            index = StoreIndex.read(dir);
        } catch (IOException | RuntimeException e) {
            problems.add(new Problem(dir.resolve("index.csv"), Kind.UNREADABLE, withoutFileName(message(e), dir.resolve("index.csv"))));
            return new Report(key, 0, 0, 0, 0, problems, 0, 0, 0);
        }
        // Rows of a run in progress or killed are in its journal until merged: their entries are checked too.
        Map<String, IndexRow> rows = new TreeMap<>(index);
        List<Path> journals = Journal.all(dir);
        for (Path j : journals) {
            try {
                Journal.fold(j, rows);
            } catch (IOException | RuntimeException e) {
                problems.add(new Problem(j, Kind.UNREADABLE, message(e)));
            }
        }
        try {
            StoreIndex.readFailures(dir);
        } catch (IOException | RuntimeException e) {
            problems.add(new Problem(dir.resolve("failures.csv"), Kind.UNREADABLE, message(e)));
        }
        Set<String> listed = new HashSet<>();
        int checked = 0;
        int withoutChecksum = 0;
        for (IndexRow r : rows.values()) {
            if (listed.add(r.pooledFile())) {
                checked++;
                withoutChecksum += r.pooledCrc32().isEmpty() ? 1 : 0;
                check(dir, r, r.pooledFile(), r.pooledCrc32(), "<f4", new long[] {info.layers(), 2, info.dim()})
                        .ifPresent(problems::add);
            }
            if (r.hasFrames() && listed.add(r.framesFile()) && frames) {
                checked++;
                withoutChecksum += r.framesCrc32().isEmpty() ? 1 : 0;
                check(dir, r, r.framesFile(), r.framesCrc32(), "<f2", new long[] {info.layers(), r.frames(), info.dim()})
                        .ifPresent(problems::add);
            }
        }
        int unlisted = 0;
        int temporaries = 0;
        for (Path f : files(dir)) {
            String relative = dir.relativize(f).toString().replace('\\', '/');
            if (relative.contains(AtomicFiles.TMP_MARK)) {
                temporaries++;
            } else if (relative.endsWith(".npy") && !listed.contains(relative)
                    && (frames || !relative.startsWith("frames/"))) {
                unlisted++;
            }
        }
        return new Report(key, index.size(), rows.size() - index.size(), checked, withoutChecksum, problems, unlisted,
                temporaries, journals.size());
    }

    private Optional<Problem> check(Path dir, IndexRow row, String relative, String crc, String dtype,
                                              long[] shape) {
        Path f = dir.resolve(relative);
        String who = "listed for " + row.key();
        byte[] bytes;
        try {
            RegularFiles.require(f); // the kind first (a pipe, a device), then where a link leads
            RegularFiles.requireInside(f, dir);
            bytes = RegularFiles.readAllBytes(f);
        } catch (NoSuchFileException e) {
            return problem(f, Kind.MISSING, who);
        } catch (IOException e) {
            return problem(f, Kind.UNREADABLE, message(e));
        }
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        NpyArray a;
        try {
            a = Npy.read(in, f.toString());
        } catch (IOException | RuntimeException e) {
            String m = message(e).replace(f + ": ", "");
            return problem(f, m.contains("ends early") ? Kind.TRUNCATED : Kind.CORRUPT, bytes.length + " bytes; " + m);
        }
        if (!crc.isEmpty() && !EntryChecksum.of(bytes).equals(crc)) {
            return problem(f, Kind.CORRUPT, "CRC-32 " + EntryChecksum.of(bytes) + ", index.csv recorded " + crc);
        }
        if (in.available() > 0) {
            return problem(f, Kind.CORRUPT, in.available() + " bytes after the end of the array");
        }
        if (!a.dtype().equals(dtype) || !Arrays.equals(a.shape(), shape)) {
            return problem(f, Kind.WRONG_SHAPE, a.dtype() + " " + Arrays.toString(a.shape()) + ", expected "
                    + dtype + " " + Arrays.toString(shape) + " (" + who + ")");
        }
        Optional<String> nonFinite = FiniteFeatures.describeNonFinite(a);
        if (nonFinite.isPresent()) {
            return problem(f, Kind.NON_FINITE, nonFinite.get());
        }
        return Optional.empty();
    }

    private static Optional<Problem> problem(Path f, Kind kind, String detail) {
        return Optional.of(new Problem(f, kind, detail));
    }

    private static List<Path> files(Path dir) throws IOException {
        List<Path> out = new ArrayList<>(FolderScan.regularFiles(dir.resolve("pooled")));
        out.addAll(FolderScan.regularFiles(dir.resolve("frames")));
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().contains(AtomicFiles.TMP_MARK)).forEach(out::add);
        }
        return out;
    }

    /** "FILE:6: expected ..." becomes "line 6: expected ...": the problem line names the file already. */
    private static String withoutFileName(String message, Path file) {
        String prefix = file + ":";
        return message.startsWith(prefix) ? "line " + message.substring(prefix.length()) : message;
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }}
