package org.layeranchor.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Hugging Face Hub on loopback, for tests: serves {@code /{org}/{name}/resolve/{revision}/{file}}
 * as the Hub does (headers {@code X-Repo-Commit}, {@code ETag}; LFS files answered with a 302 to a
 * CDN on another port, with {@code X-Linked-Etag} = SHA-256 and {@code X-Linked-Size}; the
 * {@code X-Error-Code} of missing repositories, revisions and files; 401 for a gated repository
 * without its token). The CDN honours Range requests. Faults can be switched on: a download broken
 * off after some bytes, or content that does not match its announced hash. Every request is logged.
 */
public final class LoopbackHub implements AutoCloseable {
    private static final Pattern RESOLVE = Pattern.compile("/([^/]+)/([^/]+)/resolve/([^/]+)/(.+)");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    /** One request as the server saw it. */
    public record Request(String server, String method, String path, String range, String authorization) {
    }

    private record StoredFile(byte[] content, boolean lfs, String etag) {
    }

    private record Repo(Map<String, String> refs, Map<String, Map<String, StoredFile>> commits, Optional<String> token) {
    }

    private final HttpServer hub;
    private final HttpServer cdn;
    private final Map<String, Repo> repos = new ConcurrentHashMap<>();
    private final Map<String, byte[]> cdnBlobs = new ConcurrentHashMap<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong breakNextDownloadAfter = new AtomicLong(-1);
    private final AtomicLong stallNextDownloadAfter = new AtomicLong(-1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private volatile boolean corruptDownloads;

    public LoopbackHub() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        hub = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        cdn = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        // A thread per exchange: a stalled download must not hold up the requests after it.
        hub.setExecutor(threads);
        cdn.setExecutor(threads);
        hub.createContext("/", ex -> handle(ex, this::serveHub, "hub"));
        cdn.createContext("/", ex -> handle(ex, this::serveCdn, "cdn"));
        hub.start();
        cdn.start();
    }

    public URI endpoint() {
        return URI.create("http://" + hub.getAddress().getHostString() + ":" + hub.getAddress().getPort());
    }

    /**
     * Publishes every file of a local folder as one commit of {@code repo} ({@code org/name}) and
     * points the branch at it; {@code .safetensors} files are LFS files, the rest small git files.
     */
    public void publish(String repo, String branch, String commit, Path folder) throws IOException {
        Repo r = repos.computeIfAbsent(repo, k -> new Repo(new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), Optional.empty()));
        Map<String, StoredFile> files = new ConcurrentHashMap<>();
        try (var list = Files.list(folder)) {
            for (Path p : list.toList()) {
                byte[] content = Files.readAllBytes(p);
                boolean lfs = p.getFileName().toString().endsWith(".safetensors");
                String etag = lfs ? hex("SHA-256", content) : gitBlobId(content);
                files.put(p.getFileName().toString(), new StoredFile(content, lfs, etag));
                if (lfs) {
                    cdnBlobs.put(etag, content);
                }
            }
        }
        r.commits().put(commit, files);
        r.refs().put(branch, commit);
    }

    /** From now on the repository answers only requests that carry this token (a gated model). */
    public void requireToken(String repo, String token) {
        Repo r = repos.get(repo);
        repos.put(repo, new Repo(r.refs(), r.commits(), Optional.of(token)));
    }

    /** The next CDN download sends only {@code bytes} bytes of the body, then ends. */
    public void breakNextDownloadAfter(long bytes) {
        breakNextDownloadAfter.set(bytes);
    }

    /** The next CDN download sends {@code bytes} bytes of the body, then nothing more until the hub closes. */
    public void stallNextDownloadAfter(long bytes) {
        stallNextDownloadAfter.set(bytes);
    }

    /** Every CDN download from now on has one byte flipped, so its SHA-256 is not the announced one. */
    public void corruptDownloads(boolean value) {
        corruptDownloads = value;
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    @Override
    public void close() {
        closed.countDown();
        hub.stop(0);
        cdn.stop(0);
        threads.shutdownNow();
    }

    private interface Handler {
        void serve(HttpExchange ex) throws IOException;
    }

    private void handle(HttpExchange ex, Handler h, String server) throws IOException {
        requests.add(new Request(server, ex.getRequestMethod(), ex.getRequestURI().getRawPath(),
                ex.getRequestHeaders().getFirst("Range"), ex.getRequestHeaders().getFirst("Authorization")));
        try {
            h.serve(ex);
        } finally {
            ex.close();
        }
    }

    private void serveHub(HttpExchange ex) throws IOException {
        Matcher m = RESOLVE.matcher(ex.getRequestURI().getRawPath());
        if (!m.matches()) {
            status(ex, 404, "");
            return;
        }
        String repoName = m.group(1) + "/" + m.group(2);
        String revision = URLDecoder.decode(m.group(3), StandardCharsets.UTF_8);
        String file = m.group(4);
        Repo repo = repos.get(repoName);
        // Like the real Hub: an unknown repository and a gated one look the same to a stranger.
        if (repo == null || repo.token().isPresent()
                && !("Bearer " + repo.token().get()).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            status(ex, 401, "RepositoryNotFound");
            return;
        }
        String commit = repo.refs().getOrDefault(revision, revision);
        Map<String, StoredFile> files = repo.commits().get(commit);
        if (files == null) {
            status(ex, 404, "RevisionNotFound");
            return;
        }
        StoredFile f = files.get(file);
        ex.getResponseHeaders().set("X-Repo-Commit", commit);
        if (f == null) {
            status(ex, 404, "EntryNotFound");
            return;
        }
        if (f.lfs()) {
            ex.getResponseHeaders().set("X-Linked-Etag", "\"" + f.etag() + "\"");
            ex.getResponseHeaders().set("X-Linked-Size", Long.toString(f.content().length));
            ex.getResponseHeaders().set("Location", "http://" + cdn.getAddress().getHostString() + ":"
                    + cdn.getAddress().getPort() + "/blobs/" + f.etag());
            ex.sendResponseHeaders(302, -1);
            return;
        }
        ex.getResponseHeaders().set("ETag", "\"" + f.etag() + "\"");
        body(ex, f.content(), 0, -1);
    }

    private void serveCdn(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        byte[] content = path.startsWith("/blobs/") ? cdnBlobs.get(path.substring("/blobs/".length())) : null;
        if (content == null) {
            status(ex, 404, "");
            return;
        }
        if (corruptDownloads) {
            content = Arrays.copyOf(content, content.length);
            content[content.length / 2] ^= 1;
        }
        String range = ex.getRequestHeaders().getFirst("Range");
        Matcher m = range == null ? null : RANGE.matcher(range);
        long from = m != null && m.matches() ? Long.parseLong(m.group(1)) : 0;
        long stall = stallNextDownloadAfter.getAndSet(-1);
        if (stall >= 0) {
            ex.sendResponseHeaders(from > 0 ? 206 : 200, 0);
            OutputStream out = ex.getResponseBody();
            out.write(content, (int) from, (int) stall);
            out.flush();
            try {
                closed.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        body(ex, content, from, breakNextDownloadAfter.getAndSet(-1));
    }

    private static void body(HttpExchange ex, byte[] content, long from, long cut) throws IOException {
        long length = content.length - from;
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.getResponseHeaders().set("Content-Length", Long.toString(content.length));
            ex.sendResponseHeaders(200, -1);
            return;
        }
        if (from > 0) {
            ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
        }
        boolean broken = cut >= 0 && cut < length;
        // A broken transfer is sent chunked and simply ends early: the client sees the body stop short of
        // the announced size, as after a dropped connection (HttpServer cannot drop one mid-body).
        ex.sendResponseHeaders(from > 0 ? 206 : 200, broken ? 0 : length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(content, (int) from, (int) (broken ? cut : length));
        }
    }

    private static void status(HttpExchange ex, int code, String errorCode) throws IOException {
        if (!errorCode.isEmpty()) {
            ex.getResponseHeaders().set("X-Error-Code", errorCode);
        }
        ex.sendResponseHeaders(code, -1);
    }

    /** The id git gives a file's content, which the Hub uses as the ETag of small files. */
    private static String gitBlobId(byte[] content) {
        byte[] header = ("blob " + content.length + "\0").getBytes(StandardCharsets.UTF_8);
        byte[] all = Arrays.copyOf(header, header.length + content.length);
        System.arraycopy(content, 0, all, header.length, content.length);
        return hex("SHA-1", all);
    }

    public static String sha256(byte[] content) {
        return hex("SHA-256", content);
    }

    private static String hex(String algorithm, byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
