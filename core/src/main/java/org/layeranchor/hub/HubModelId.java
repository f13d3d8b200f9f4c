package org.layeranchor.hub;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model on the Hugging Face Hub, as researchers write it: {@code openai/whisper-base}, optionally
 * pinned to a branch, tag or commit with {@code @revision} ({@code openai/whisper-base@main},
 * {@code org/name@2f0a1c...}).
 *
 * <p>Only the {@code owner/name} form is accepted (not the owner-less legacy ids such as
 * {@code gpt2}): a bare word is far more often a local folder someone mistyped than a Hub model.
 */
public record HubModelId(String owner, String name, String revision) {
    public static final String DEFAULT_REVISION = "main";

    // The Hub's own rule for owner and repository names: letters, digits, '-', '_' and '.', starting
    // and ending with a letter or digit. A revision may hold '/' (refs/pr/1) but no spaces.
    private static final String PART = "[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9])?";
    private static final Pattern ID = Pattern.compile("(" + PART + ")/(" + PART + ")(?:@([A-Za-z0-9._/-]{1,255}))?");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");

    public HubModelId {
        if (!matches(owner + "/" + name + "@" + revision)) {
            throw new IllegalArgumentException("not a Hugging Face model id: " + owner + "/" + name + "@" + revision);
        }
    }

    /**
     * The id a command-line argument names, or empty when it cannot be one. File names of single-file
     * models ({@code .onnx}, {@code .safetensors}) are never ids, so that a missing file is reported as
     * missing rather than looked up on the Hub.
     */
    public static Optional<HubModelId> parse(String text) {
        if (text == null || text.endsWith(".onnx") || text.endsWith(".safetensors") || !matches(text)) {
            return Optional.empty();
        }
        Matcher m = ID.matcher(text);
        m.matches();
        String rev = m.group(3) == null ? DEFAULT_REVISION : m.group(3);
        return Optional.of(new HubModelId(m.group(1), m.group(2), rev));
    }

    private static boolean matches(String text) {
        Matcher m = ID.matcher(text);
        // '..' or '--' are forbidden in Hub names ('--' would also make the cache folder name ambiguous).
        return m.matches() && !text.split("@", 2)[0].contains("..") && !text.split("@", 2)[0].contains("--")
                && (m.group(3) == null || !m.group(3).contains(".."));
    }

    /** {@code owner/name}, as in the Hub's URLs. */
    public String repo() {
        return owner + "/" + name;
    }

    /** True when the revision is a full commit hash, which never moves (no ref to follow). */
    public boolean pinnedToCommit() {
        return COMMIT.matcher(revision).matches();
    }

    /** The id pinned to one commit, for recording exactly which weights were used. */
    public HubModelId atCommit(String commit) {
        return new HubModelId(owner, name, commit);
    }

    @Override
    public String toString() {
        return repo() + (revision.equals(DEFAULT_REVISION) ? "" : "@" + revision);
    }
}
