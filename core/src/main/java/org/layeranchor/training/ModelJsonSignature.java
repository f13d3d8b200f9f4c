package org.layeranchor.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The checksum of a model folder's {@code model.json}, in {@code model.json.sha256} beside it
 * ({@code sha256sum} format, so {@code sha256sum -c} checks it too). The arrays' checksums live inside
 * {@code model.json}; this one covers model.json itself, so an edit — two class names swapped, which
 * would silently relabel every prediction, a layer index, a statistic — is refused on load, naming
 * the file, unless the folder is signed again on purpose ({@code layeranchor model sign --model DIR}).
 *
 * <p>Folders written before array checksums (format 1, and format 2 before them) carry neither and
 * still load; a folder whose model.json records array checksums but has no signature was written
 * before signatures or had it removed, and is refused with the command that signs it.
 */
public final class ModelJsonSignature {
    public static final String FILE = ModelFolder.MODEL_JSON + ".sha256";

    private ModelJsonSignature() {
    }

    /** Writes the signature of {@code dir}'s model.json (after an edit made on purpose). */
    public static void sign(Path dir) throws IOException {
        Path json = dir.resolve(ModelFolder.MODEL_JSON);
        if (!Files.isRegularFile(json)) {
            throw new IOException(dir + " is not a model folder (no " + ModelFolder.MODEL_JSON + ")");
        }
        Files.writeString(dir.resolve(FILE), ModelArrays.sha256(json) + "  " + ModelFolder.MODEL_JSON + "\n",
                StandardCharsets.US_ASCII);
    }

    /**
     * Checks model.json against its signature, when it has one: first, before model.json is read, so an
     * edit is reported as such rather than as whatever the edited content breaks.
     */
    static void verifyIfSigned(Path dir) throws IOException {
        Path json = dir.resolve(ModelFolder.MODEL_JSON);
        Path sig = dir.resolve(FILE);
        if (!Files.exists(sig, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isRegularFile(sig) || Files.size(sig) > 1024) {
            throw new IOException(sig + ": not a small regular file holding a SHA-256");
        }
        String text = Files.readString(sig, StandardCharsets.US_ASCII).trim();
        String recorded = text.split("\\s+")[0].toLowerCase(Locale.ROOT);
        if (!recorded.matches("[0-9a-f]{64}")) {
            throw new IOException(sig + ": '" + text + "' does not start with a SHA-256 (64 hex digits)");
        }
        String actual = ModelArrays.sha256(json);
        if (!actual.equals(recorded)) {
            throw new IOException(json + ": SHA-256 " + actual.substring(0, 12) + "… differs from the "
                    + recorded.substring(0, 12) + "… in " + FILE + " (model.json was changed after training; if on "
                    + "purpose, sign it again: layeranchor model sign --model " + dir + ")");
        }
    }

    /** A folder whose model.json records array checksums must be signed (it was written since signatures). */
    static void requireSignature(Path dir, boolean recordsChecksums) throws IOException {
        if (recordsChecksums && !Files.exists(dir.resolve(FILE), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(dir.resolve(ModelFolder.MODEL_JSON) + ": no " + FILE + " beside it, so an edit to it "
                    + "could not be told; if the folder is yours and unchanged, sign it: layeranchor model sign --model "
                    + dir);
        }
    }
}
