package org.layeranchor.hub;

/** Hears how far a file's download has got, to show progress. */
@FunctionalInterface
public interface DownloadListener {
    /**
     * Called when a download starts ({@code done} = bytes already there from an earlier attempt),
     * every so often while it runs, and once when it is complete ({@code done == total}).
     *
     * @param file the file's name in its repository, e.g. {@code openai/whisper-base/model.safetensors}
     * @param total the file's size in bytes, or -1 when the Hub did not say
     */
    void progress(String file, long done, long total);

    static DownloadListener silent() {
        return (file, done, total) -> {
        };
    }
}
