package org.layeranchor.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.encoder.weights.WeightSource;
import org.layeranchor.encoder.weights.WeightSources;
import org.layeranchor.testing.LoopbackHub;
import org.layeranchor.testing.SafetensorsFileWriter;
import org.layeranchor.testing.TinyWhisper;

/** Hub ids against a loopback Hub and a cache laid out as huggingface_hub lays it out. */
@org.junit.jupiter.api.Timeout(60)
class HubCheckpointsTest {
    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    static final String OTHER_COMMIT = "89abcdef0123456789abcdef0123456789abcdef";
    static final HubModelId TINY = HubModelId.parse("org/tiny").orElseThrow();

    @TempDir
    Path tmp;
    LoopbackHub hub;
    Path cache;
    Path checkpoint;

    @BeforeEach
    void publishTinyWhisper() throws IOException {
        hub = new LoopbackHub();
        cache = tmp.resolve("hf/hub");
        checkpoint = tmp.resolve("checkpoint");
        TinyWhisper.write(checkpoint, 5);
        hub.publish("org/tiny", "main", COMMIT, checkpoint);
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    HubSettings online(Optional<String> token) {
        return new HubSettings(cache, hub.endpoint(), token, false);
    }

    HubCheckpoints.Checkpoint resolve(HubSettings settings, HubModelId id) throws IOException {
        return new HubCheckpoints(settings, DownloadListener.silent()).resolve(id);
    }

    @Test
    void downloadsIntoTheHuggingFaceLayoutFollowingTheCdnRedirectThenUsesTheCacheWithoutAsking() throws IOException {
        List<String> progress = new ArrayList<>();
        HubCheckpoints.Checkpoint c = new HubCheckpoints(online(Optional.empty()),
                (file, done, total) -> progress.add(file + " " + done + "/" + total)).resolve(TINY);

        Path repo = cache.resolve("models--org--tiny");
        assertEquals(repo.resolve("snapshots").resolve(COMMIT), c.folder());
        assertEquals("org/tiny@" + COMMIT, c.pinned().toString());
        assertEquals(COMMIT, Files.readString(repo.resolve("refs/main")));
        byte[] weights = Files.readAllBytes(checkpoint.resolve("model.safetensors"));
        Path pointer = c.folder().resolve("model.safetensors");
        // As huggingface_hub: a relative symlink into blobs/, the blob named by the content's SHA-256.
        assertTrue(Files.isSymbolicLink(pointer));
        assertEquals(Path.of("../../blobs/" + LoopbackHub.sha256(weights)), Files.readSymbolicLink(pointer));
        assertTrue(Files.isRegularFile(c.folder().resolve("config.json")));
        try (WeightSource w = WeightSources.open(c.folder())) {
            assertEquals(TinyWhisper.D, ((Number) w.config().get("d_model")).intValue());
        }
        // The weights came from the CDN the Hub redirected to; no partial file is left.
        assertTrue(hub.requests().stream().anyMatch(r -> r.server().equals("cdn") && r.method().equals("GET")));
        assertFalse(Files.list(repo.resolve("blobs")).anyMatch(p -> p.toString().endsWith(".incomplete")));
        assertTrue(progress.contains("org/tiny/model.safetensors " + weights.length + "/" + weights.length), progress.toString());

        int asked = hub.requests().size();
        assertEquals(c.folder(), resolve(online(Optional.empty()), TINY).folder());
        assertEquals(c.folder(), resolve(online(Optional.empty()).withOffline(true), TINY).folder());
        assertEquals(asked, hub.requests().size(), "a complete cached snapshot is used without asking the Hub");
    }

    @Test
    void aShardedCheckpointIsFetchedThroughItsIndex() throws IOException {
        Path sharded = tmp.resolve("sharded");
        writeSharded(sharded);
        hub.publish("org/sharded", "main", OTHER_COMMIT, sharded);
        HubModelId id = HubModelId.parse("org/sharded").orElseThrow();

        Path folder = resolve(online(Optional.empty()), id).folder();
        assertTrue(Files.isRegularFile(folder.resolve("model-00001-of-00002.safetensors")));
        assertTrue(Files.isRegularFile(folder.resolve("model-00002-of-00002.safetensors")));
        assertTrue(Files.exists(cache.resolve("models--org--sharded/.no_exist").resolve(OTHER_COMMIT).resolve("model.safetensors")),
                "the missing single file is remembered as huggingface_hub does");
        try (WeightSource w = WeightSources.open(folder)) {
            assertTrue(w.names().size() > 10, w.names().toString());
        }
    }

    @Test
    void aBrokenDownloadIsResumedWithARangeRequest() throws IOException {
        hub.breakNextDownloadAfter(100_000);
        Path folder = resolve(online(Optional.empty()), TINY).folder();

        byte[] weights = Files.readAllBytes(checkpoint.resolve("model.safetensors"));
        assertEquals(LoopbackHub.sha256(weights), HubCheckpoints.sha256(folder.resolve("model.safetensors")));
        List<LoopbackHub.Request> cdnGets = hub.requests().stream().filter(r -> r.server().equals("cdn")).toList();
        assertEquals(2, cdnGets.size(), cdnGets.toString());
        assertNull(cdnGets.get(0).range());
        assertEquals("bytes=100000-", cdnGets.get(1).range());
    }

    @Test
    void aStalledDownloadIsDroppedAndResumed() throws IOException {
        hub.stallNextDownloadAfter(50_000);
        Path folder = new HubCheckpoints(online(Optional.empty()), DownloadListener.silent(), Duration.ofSeconds(1))
                .resolve(TINY).folder();

        byte[] weights = Files.readAllBytes(checkpoint.resolve("model.safetensors"));
        assertEquals(LoopbackHub.sha256(weights), HubCheckpoints.sha256(folder.resolve("model.safetensors")));
        assertEquals(Arrays.asList(null, "bytes=50000-"), hub.requests().stream()
                .filter(r -> r.server().equals("cdn")).map(LoopbackHub.Request::range).toList());
    }

    @Test
    void twoRunsAtOnceDownloadEachFileOnce() throws Exception {
        HubSettings settings = online(Optional.empty());
        var pool = Executors.newFixedThreadPool(2);
        try {
            var first = pool.submit(() -> resolve(settings, TINY).folder());
            var second = pool.submit(() -> resolve(settings, TINY).folder());
            assertEquals(first.get(), second.get());
        } finally {
            pool.shutdown();
        }
        byte[] weights = Files.readAllBytes(checkpoint.resolve("model.safetensors"));
        assertEquals(LoopbackHub.sha256(weights),
                HubCheckpoints.sha256(cache.resolve("models--org--tiny/snapshots").resolve(COMMIT).resolve("model.safetensors")));
        assertEquals(1, hub.requests().stream().filter(r -> r.server().equals("cdn")).count(), hub.requests().toString());
        assertTrue(Files.exists(cache.resolve(".locks/models--org--tiny").resolve(LoopbackHub.sha256(weights) + ".lock")));
    }

    @Test
    void aPartialFileLeftByAnEarlierRunIsContinuedNotRestarted() throws IOException {
        byte[] weights = Files.readAllBytes(checkpoint.resolve("model.safetensors"));
        Path partial = cache.resolve("models--org--tiny/blobs").resolve(LoopbackHub.sha256(weights) + ".incomplete");
        Files.createDirectories(partial.getParent());
        Files.write(partial, Arrays.copyOf(weights, 4096));

        Path folder = resolve(online(Optional.empty()), TINY).folder();
        assertEquals(LoopbackHub.sha256(weights), HubCheckpoints.sha256(folder.resolve("model.safetensors")));
        assertEquals(List.of("bytes=4096-"), hub.requests().stream().filter(r -> r.server().equals("cdn"))
                .map(LoopbackHub.Request::range).toList());
    }

    @Test
    void contentWhoseSha256IsNotTheAnnouncedOneIsRefusedAndNotCached() throws IOException {
        hub.corruptDownloads(true);
        HubException e = assertThrows(HubException.class, () -> resolve(online(Optional.empty()), TINY));
        assertTrue(e.getMessage().contains("SHA-256") && e.getMessage().contains("model.safetensors"), e.getMessage());
        Path repo = cache.resolve("models--org--tiny");
        assertFalse(Files.exists(repo.resolve("snapshots").resolve(COMMIT).resolve("model.safetensors")));
        assertFalse(Files.exists(repo.resolve("refs/main")), "no ref to a snapshot that is not complete");
        try (var blobs = Files.list(repo.resolve("blobs"))) {
            assertEquals(1, blobs.count(), "only config.json's blob: the bad download is gone, .incomplete too");
        }

        hub.corruptDownloads(false);
        assertTrue(Files.isRegularFile(resolve(online(Optional.empty()), TINY).folder().resolve("model.safetensors")));
    }

    @Test
    void aGatedModelNeedsTheTokenWhichNeverTravelsToTheCdn() throws IOException {
        hub.requireToken("org/tiny", "hf_secret");
        HubException refused = assertThrows(HubException.class, () -> resolve(online(Optional.empty()), TINY));
        assertTrue(refused.getMessage().contains("401") && refused.getMessage().contains("HF_TOKEN"), refused.getMessage());
        HubException wrong = assertThrows(HubException.class, () -> resolve(online(Optional.of("hf_wrong")), TINY));
        assertTrue(wrong.getMessage().contains("request access at " + hub.endpoint() + "/org/tiny"), wrong.getMessage());

        assertTrue(Files.isDirectory(resolve(online(Optional.of("hf_secret")), TINY).folder()));
        assertTrue(hub.requests().stream().filter(r -> r.server().equals("hub"))
                .anyMatch(r -> "Bearer hf_secret".equals(r.authorization())));
        assertTrue(hub.requests().stream().filter(r -> r.server().equals("cdn")).allMatch(r -> r.authorization() == null));
    }

    @Test
    void offlineWithoutTheModelInTheCacheSaysWhatWasLookedForWhereAndAsksNothing() {
        HubException e = assertThrows(HubException.class,
                () -> resolve(online(Optional.empty()).withOffline(true), TINY));
        String m = e.getMessage();
        assertTrue(m.contains("org/tiny") && m.contains(cache.resolve("models--org--tiny").toString())
                && m.contains("HF_HUB_OFFLINE") && m.contains("local checkpoint folder"), m);
        assertFalse(m.contains("\n"), m);
        assertEquals(0, hub.requests().size());
    }

    @Test
    void anUnreachableHubIsOneLineNamingTheEndpoint() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort);
        HubException e = assertThrows(HubException.class,
                () -> resolve(new HubSettings(cache, nowhere, Optional.empty(), false), TINY));
        assertTrue(e.getMessage().contains("cannot be reached") && e.getMessage().contains(nowhere.toString())
                && e.getMessage().contains("HF_ENDPOINT"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void revisionsAreBranchesOrCommitsAndAnUnknownOneIsNamed() throws IOException {
        hub.publish("org/tiny", "v2", OTHER_COMMIT, checkpoint);
        Path v2 = resolve(online(Optional.empty()), HubModelId.parse("org/tiny@v2").orElseThrow()).folder();
        assertEquals(OTHER_COMMIT, v2.getFileName().toString());
        assertEquals(OTHER_COMMIT, Files.readString(cache.resolve("models--org--tiny/refs/v2")));
        // The second commit has the same blobs: they are linked, not downloaded again.
        long cdnGets = hub.requests().stream().filter(r -> r.server().equals("cdn")).count();
        Path pinned = resolve(online(Optional.empty()), HubModelId.parse("org/tiny@" + COMMIT).orElseThrow()).folder();
        assertEquals(COMMIT, pinned.getFileName().toString());
        assertEquals(cdnGets, hub.requests().stream().filter(r -> r.server().equals("cdn")).count());
        assertFalse(Files.exists(cache.resolve("models--org--tiny/refs").resolve(COMMIT)), "a commit needs no ref");

        HubException e = assertThrows(HubException.class,
                () -> resolve(online(Optional.empty()), HubModelId.parse("org/tiny@v9").orElseThrow()));
        assertTrue(e.getMessage().contains("no branch, tag or commit 'v9'"), e.getMessage());
    }

    @Test
    void aCacheWrittenByHuggingFaceHubIsUsedOffline() throws IOException {
        // What `huggingface_hub.snapshot_download("org/tiny")` leaves behind, written by hand.
        Path repo = cache.resolve("models--org--tiny");
        Path snapshot = repo.resolve("snapshots").resolve(COMMIT);
        Files.createDirectories(snapshot);
        Files.createDirectories(repo.resolve("blobs"));
        Files.createDirectories(repo.resolve("refs"));
        for (String f : new String[] {"config.json", "model.safetensors"}) {
            byte[] content = Files.readAllBytes(checkpoint.resolve(f));
            String etag = LoopbackHub.sha256(content); // any name will do: the cache is read through the links
            Files.write(repo.resolve("blobs").resolve(etag), content);
            Files.createSymbolicLink(snapshot.resolve(f), Path.of("../../blobs").resolve(etag));
        }
        Files.writeString(repo.resolve("refs/main"), COMMIT);

        HubSettings offline = online(Optional.empty()).withOffline(true);
        assertEquals(snapshot, resolve(offline, TINY).folder());
        assertEquals(snapshot, resolve(offline, HubModelId.parse("org/tiny@" + COMMIT).orElseThrow()).folder());
        HubException noBranch = assertThrows(HubException.class,
                () -> resolve(offline, HubModelId.parse("org/tiny@v2").orElseThrow()));
        assertTrue(noBranch.getMessage().contains("revision v2"), noBranch.getMessage());
        HubException noCommit = assertThrows(HubException.class,
                () -> resolve(offline, HubModelId.parse("org/tiny@" + OTHER_COMMIT).orElseThrow()));
        assertTrue(noCommit.getMessage().contains("org/tiny@" + OTHER_COMMIT + " is not in the Hugging Face cache"),
                noCommit.getMessage());
        try (WeightSource w = WeightSources.open(snapshot)) {
            assertEquals(TinyWhisper.BLOCKS, ((Number) w.config().get("encoder_layers")).intValue());
        }
        assertEquals(0, hub.requests().size());
    }

    @Test
    void anIncompleteCachedSnapshotSaysWhatItLacksOfflineAndIsCompletedOnline() throws IOException {
        Path snapshot = cache.resolve("models--org--tiny/snapshots").resolve(COMMIT);
        Files.createDirectories(snapshot);
        Files.copy(checkpoint.resolve("config.json"), snapshot.resolve("config.json"));
        Files.writeString(Files.createDirectories(cache.resolve("models--org--tiny/refs")).resolve("main"), COMMIT);

        HubException e = assertThrows(HubException.class, () -> resolve(online(Optional.empty()).withOffline(true), TINY));
        assertTrue(e.getMessage().contains("lacks model.safetensors"), e.getMessage());

        assertEquals(snapshot, resolve(online(Optional.empty()), TINY).folder());
        assertTrue(hub.requests().stream().noneMatch(r -> r.path().endsWith("/config.json") && r.method().equals("GET")),
                "config.json was already there");
    }

    /** The tiny Whisper split over two shards with an index, as transformers saves large models. */
    private static void writeSharded(Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, float[]> w = TinyWhisper.write(dir.resolve("tmp"), 7);
        Files.move(dir.resolve("tmp/config.json"), dir.resolve("config.json"));
        SafetensorsFileWriter[] shards = {new SafetensorsFileWriter(), new SafetensorsFileWriter()};
        String[] names = {"model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"};
        Map<String, String> weightMap = new LinkedHashMap<>();
        int i = 0;
        for (var e : w.entrySet()) {
            String name = "model.encoder." + e.getKey();
            shards[i % 2].put(name, e.getValue(), TinyWhisper.shape(e.getKey()));
            weightMap.put(name, names[i % 2]);
            i++;
        }
        shards[0].write(dir.resolve(names[0]));
        shards[1].write(dir.resolve(names[1]));
        SafetensorsFileWriter.writeConfig(dir.resolve("model.safetensors.index.json"), Map.of("weight_map", weightMap));
        Files.delete(dir.resolve("tmp/model.safetensors"));
        Files.delete(dir.resolve("tmp"));
    }
}
