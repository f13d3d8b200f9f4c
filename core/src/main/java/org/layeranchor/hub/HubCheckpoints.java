package org.layeranchor.hub;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.layeranchor.parallel.ProcessFileLock;

/**
 * Turns a Hub model id into a local checkpoint folder: the snapshot in the Hugging Face cache when
 * it is complete there (no network is touched), else downloaded from the Hub into that cache, in
 * {@code huggingface_hub}'s layout so that Python's {@code transformers} uses it too.
 *
 * <p>Only the files {@link CheckpointFiles} lists are fetched. Every blob is written under a
 * {@code .incomplete} name (resumed with an HTTP Range request after a broken connection, now or in
 * a later run), checked against the size and, for LFS files, the SHA-256 the Hub announces, and only
 * then moved into place.
 */
public final class HubCheckpoints {
    private static final int ATTEMPTS = 4;
    private static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(60);

    private final HubSettings settings;
    private final HubCache cache;
    private final HubClient client;
    private final DownloadListener listener;

    public HubCheckpoints(HubSettings settings, DownloadListener listener) {
        this(settings, listener, DEFAULT_STALL_TIMEOUT);
    }

    /** @param stallTimeout how long a download may receive nothing before it is dropped and resumed */
    HubCheckpoints(HubSettings settings, DownloadListener listener, Duration stallTimeout) {
        this.settings = settings;
        this.cache = new HubCache(settings.cacheRoot());
        this.client = new HubClient(settings, stallTimeout);
        this.listener = listener;
    }

    /** A checkpoint folder and the exact commit it holds. */
    public record Checkpoint(Path folder, HubModelId pinned) {
    }

    /**
     * The model's checkpoint folder (a {@code snapshots/COMMIT} folder of the cache).
     *
     * @throws HubException when the model is neither cached nor obtainable, in one line saying what
     *     was looked for, where, and how to provide it
     */
    public Checkpoint resolve(HubModelId id) throws IOException {
        // A commit hash names its snapshot folder directly, which may not exist; a ref points at one that should.
        Optional<String> cachedCommit = cache.commitOf(id).filter(c -> Files.isDirectory(cache.snapshot(id, c)));
        List<String> missing = cachedCommit.isPresent()
                ? CheckpointFiles.missing(cache.snapshot(id, cachedCommit.get()))
                : List.of(CheckpointFiles.CONFIG, CheckpointFiles.SINGLE);
        if (cachedCommit.isPresent() && missing.isEmpty()) {
            return new Checkpoint(cache.snapshot(id, cachedCommit.get()), id.atCommit(cachedCommit.get()));
        }
        String cachedState = cachedCommit.isPresent()
                ? "is in the Hugging Face cache at " + cache.snapshot(id, cachedCommit.get()) + " but lacks " + String.join(", ", missing)
                : "is not in the Hugging Face cache (" + cache.repoFolder(id) + (id.pinnedToCommit() ? "" : ", revision " + id.revision()) + ")";
        String provide = "download it once with network access (it is kept in that cache, shared with Python's "
                + "huggingface_hub), point HF_HUB_CACHE or HF_HOME at a cache that has it, or give a local "
                + "checkpoint folder (config.json + model.safetensors) instead";
        if (settings.offline()) {
            throw new HubException(id + " " + cachedState + " and HF_HUB_OFFLINE is set, so it cannot be downloaded; "
                    + provide);
        }
        try {
            return download(id);
        } catch (HubException.Unreachable e) {
            throw new HubException(id + " " + cachedState + " and the Hugging Face Hub at " + settings.endpoint()
                    + " cannot be reached (" + e.getMessage() + "); " + provide + " (HF_ENDPOINT sets another Hub)", e);
        }
    }

    private Checkpoint download(HubModelId id) throws IOException {
        RemoteFile config = client.head(id, id.revision(), CheckpointFiles.CONFIG)
                .orElseThrow(() -> new HubException(id + ": the Hub at " + settings.endpoint() + " has no "
                        + CheckpointFiles.CONFIG + " in " + id.repo() + " at revision " + id.revision()
                        + "; is it a Transformers model?"));
        String commit = config.commit();
        // Every further file is asked for at the commit, not the branch, so a push in between cannot mix two versions.
        Path snapshot = cache.snapshot(id, commit);
        if (!Files.isRegularFile(snapshot.resolve(CheckpointFiles.CONFIG))) {
            fetch(id, commit, config);
        }
        if (!Files.isRegularFile(snapshot.resolve(CheckpointFiles.INDEX))
                && !Files.isRegularFile(snapshot.resolve(CheckpointFiles.SINGLE))) {
            Optional<RemoteFile> single = client.head(id, commit, CheckpointFiles.SINGLE);
            if (single.isPresent()) {
                fetch(id, commit, single.get());
            } else {
                cache.markMissing(id, commit, CheckpointFiles.SINGLE);
                RemoteFile index = client.head(id, commit, CheckpointFiles.INDEX)
                        .orElseThrow(() -> new HubException(id + ": " + id.repo() + " at commit " + commit + " has neither "
                                + CheckpointFiles.SINGLE + " nor " + CheckpointFiles.INDEX + " (only PyTorch .bin weights?); "
                                + "LayerAnchor reads safetensors checkpoints"));
                fetch(id, commit, index);
            }
        }
        for (String file : CheckpointFiles.missing(snapshot)) {
            RemoteFile shard = client.head(id, commit, file)
                    .orElseThrow(() -> new HubException(id + ": " + CheckpointFiles.INDEX + " names the shard " + file
                            + ", which " + id.repo() + " at commit " + commit + " does not have"));
            fetch(id, commit, shard);
        }
        cache.writeRef(id, commit);
        return new Checkpoint(snapshot, id.atCommit(commit));
    }

    /** Puts one file into the snapshot: downloaded and checked unless its blob is already cached. */
    private void fetch(HubModelId id, String commit, RemoteFile file) throws IOException {
        // One download of a blob at a time, across threads and processes (two runs fetching the same model
        // would otherwise append to one .incomplete file together). The lock files lie where huggingface_hub
        // puts its own (.locks/models--ORG--NAME/), but Python takes flock locks and Java fcntl ones, which
        // Linux keeps apart: this guards LayerAnchor runs against each other, not against a Python download.
        try (ProcessFileLock lock = ProcessFileLock.acquire(cache.lockFile(id, file.etag()))) {
            // Checked under the lock: another run may have just finished this very blob.
            if (!Files.isRegularFile(cache.blob(id, file.etag()))) {
                downloadBlob(id, file);
            }
            cache.link(id, commit, file.name(), file.etag());
        }
    }

    private void downloadBlob(HubModelId id, RemoteFile file) throws IOException {
        Path partial = cache.incompleteBlob(id, file.etag());
        Files.createDirectories(partial.getParent());
        String label = id.repo() + "/" + file.name();
        for (int attempt = 1; ; attempt++) {
            try {
                client.download(file, partial, label, listener);
                break;
            } catch (HubException e) {
                throw e; // the server said no: asking again would not change its mind
            } catch (IOException e) {
                if (attempt == ATTEMPTS) {
                    long kept = Files.isRegularFile(partial) ? Files.size(partial) : 0;
                    throw new HubException(label + ": download broke off " + ATTEMPTS + " times (" + e.getMessage()
                            + "); the " + kept + " bytes received are kept in " + partial
                            + " and the next run resumes from there", e);
                }
                sleepBeforeRetry(attempt);
            }
        }
        verify(file, partial, label);
        HubCache.moveReplacing(partial, cache.blob(id, file.etag()));
    }

    private static void verify(RemoteFile file, Path partial, String label) throws IOException {
        long size = Files.size(partial);
        if (file.size() >= 0 && size != file.size()) {
            Files.delete(partial);
            throw new HubException(label + ": downloaded " + size + " bytes but the Hub announced " + file.size()
                    + "; the download was discarded, run again");
        }
        if (file.hasSha256()) {
            String actual = sha256(partial);
            if (!actual.equals(file.etag())) {
                Files.delete(partial);
                throw new HubException(label + ": the downloaded file's SHA-256 is " + actual + " but the Hub says "
                        + file.etag() + " (X-Linked-Etag); the download was discarded and nothing was cached");
            }
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void sleepBeforeRetry(int attempt) throws HubException {
        try {
            Thread.sleep(250L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubException("interrupted while waiting to resume a download", e);
        }
    }
}
