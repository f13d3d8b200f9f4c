package org.layeranchor.hub;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Talks to the Hub over its public file URLs, {@code {endpoint}/{repo}/resolve/{revision}/{file}}:
 * asks for a file's metadata with HEAD and downloads its content with GET, resuming a partial
 * download with an HTTP Range request.
 *
 * <p>Redirects are followed by hand: the Hub answers LFS files with a redirect to a CDN on another
 * host, and the access token must not travel there (only to the endpoint's own origin).
 */
final class HubClient {
    private static final int MAX_REDIRECTS = 5;
    private static final long POLL_MILLIS = 200;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-\\d+/(\\d+|\\*)");

    private final HubSettings settings;
    private final HttpClient http;
    private final Duration stallTimeout;

    HubClient(HubSettings settings, Duration stallTimeout) {
        this.settings = settings;
        this.stallTimeout = stallTimeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    URI resolveUrl(HubModelId id, String revision, String file) {
        // A revision may hold '/' (refs/pr/1): it is one path segment in the URL, so it is encoded whole.
        String rev = URLEncoder.encode(revision, StandardCharsets.UTF_8);
        return URI.create(settings.endpoint() + "/" + id.repo() + "/resolve/" + rev + "/" + file);
    }

    /**
     * The file's metadata, or empty when the Hub says the repository has no such file at that
     * revision.
     *
     * @throws HubException.Unreachable when the Hub cannot be asked
     * @throws HubException when the Hub refuses (401/403), has no such model or revision, or answers
     *     without the headers every Hub file has
     */
    Optional<RemoteFile> head(HubModelId id, String revision, String file) throws IOException {
        Answer answer = headFollowingRelativeRedirects(resolveUrl(id, revision, file));
        HttpResponse<Void> r = answer.response();
        URI url = answer.url();
        int status = r.statusCode();
        if (status == 404 && !r.headers().firstValue("X-Error-Code").map(c -> !c.equals("EntryNotFound")).orElse(false)) {
            return Optional.empty();
        }
        if (status >= 400 || (status >= 300 && !isRedirect(status))) {
            throw refused(id, revision, url, r);
        }
        String commit = r.headers().firstValue("X-Repo-Commit")
                .or(() -> id.pinnedToCommit() ? Optional.of(revision) : Optional.empty())
                .orElseThrow(() -> new HubException(url + ": answered without an X-Repo-Commit header; is "
                        + settings.endpoint() + " a Hugging Face Hub (HF_ENDPOINT)?"));
        String etag = r.headers().firstValue("X-Linked-Etag").or(() -> r.headers().firstValue("ETag"))
                .map(HubClient::normalizeEtag)
                .orElseThrow(() -> new HubException(url + ": answered without an ETag header, so the file cannot be "
                        + "named in the cache or checked"));
        if (!etag.matches("[A-Za-z0-9._-]+")) {
            throw new HubException(url + ": ETag '" + etag + "' is not a plain name");
        }
        long size = r.headers().firstValue("X-Linked-Size").or(() -> r.headers().firstValue("Content-Length"))
                .map(HubClient::sizeOrUnknown).orElse(-1L);
        URI source = isRedirect(status) ? r.headers().firstValue("Location").map(url::resolve).orElse(url) : url;
        return Optional.of(new RemoteFile(file, commit, etag, size, source));
    }

    private record Answer(HttpResponse<Void> response, URI url) {
    }

    private Answer headFollowingRelativeRedirects(URI start) throws IOException {
        URI url = start;
        HttpResponse<Void> r = null;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            r = send(request(url).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding(), url);
            Optional<String> location = r.headers().firstValue("Location");
            // A relative redirect is the Hub itself (a renamed repository): follow it. An absolute one
            // is the CDN holding an LFS file: its headers already say everything, the content is fetched later.
            if (isRedirect(r.statusCode()) && location.isPresent() && !URI.create(location.get()).isAbsolute()) {
                url = url.resolve(location.get());
                continue;
            }
            break;
        }
        return new Answer(r, url);
    }

    /**
     * Downloads the file's content into {@code partial}, continuing from the bytes already there.
     * Returns when the file is complete. A connection that breaks, or stalls for longer than the
     * stall timeout, ends in an IOException with the bytes received kept, to be resumed.
     */
    void download(RemoteFile file, Path partial, String label, DownloadListener listener) throws IOException {
        long offset = Files.isRegularFile(partial) ? Files.size(partial) : 0;
        if (file.size() >= 0 && offset > file.size()) {
            Files.delete(partial); // cannot be a prefix of this file
            offset = 0;
        }
        if (file.size() < 0 || offset < file.size()) {
            listener.progress(label, offset, file.size());
            URI url = file.source();
            for (int hop = 0; ; hop++) {
                HttpRequest.Builder b = request(url).GET();
                if (offset > 0) {
                    b.header("Range", "bytes=" + offset + "-");
                }
                long from = offset;
                HttpResponse<Void> r = awaitWhileGrowing(
                        http.sendAsync(b.build(), info -> bodyTarget(info, partial, from)), partial, label, file.size(), listener);
                Optional<String> location = r.headers().firstValue("Location");
                if (isRedirect(r.statusCode()) && location.isPresent() && hop < MAX_REDIRECTS) {
                    url = url.resolve(location.get());
                    continue;
                }
                if (r.statusCode() == 206 && contentRangeStart(r.headers()) != from) {
                    throw new HubException(url + ": asked for bytes from " + from + ", got "
                            + r.headers().firstValue("Content-Range").orElse("no Content-Range"));
                }
                if (r.statusCode() != 200 && r.statusCode() != 206) {
                    throw new HubException(url + ": HTTP " + r.statusCode() + " while downloading " + label);
                }
                break;
            }
        }
        long done = Files.size(partial);
        if (file.size() >= 0 && done != file.size()) {
            throw new IOException("connection closed after " + done + " of " + file.size() + " bytes");
        }
        listener.progress(label, done, done);
    }

    /**
     * Where a response's body goes: appended for the range asked for, written afresh when the server
     * ignored the range (200), nowhere for redirects, errors and a range that starts elsewhere.
     */
    private static HttpResponse.BodySubscriber<Void> bodyTarget(HttpResponse.ResponseInfo info, Path partial, long from) {
        if (info.statusCode() == 206 && contentRangeStart(info.headers()) == from) {
            return asVoid(HttpResponse.BodySubscribers.ofFile(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND));
        }
        if (info.statusCode() == 200) {
            return asVoid(HttpResponse.BodySubscribers.ofFile(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING));
        }
        return HttpResponse.BodySubscribers.discarding();
    }

    private static HttpResponse.BodySubscriber<Void> asVoid(HttpResponse.BodySubscriber<Path> subscriber) {
        return HttpResponse.BodySubscribers.mapping(subscriber, path -> null);
    }

    /**
     * Waits for a download to finish, reporting the file's growth; gives up (and cancels the
     * exchange) when the file has not grown for the stall timeout, since a read on a dead connection
     * can otherwise wait for ever.
     */
    private HttpResponse<Void> awaitWhileGrowing(CompletableFuture<HttpResponse<Void>> pending, Path partial, String label,
            long total, DownloadListener listener) throws IOException {
        long lastSize = -1;
        long lastGrowth = System.nanoTime();
        while (true) {
            try {
                return pending.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                long size = Files.isRegularFile(partial) ? Files.size(partial) : 0;
                long now = System.nanoTime();
                if (size != lastSize) {
                    lastSize = size;
                    lastGrowth = now;
                    listener.progress(label, size, total);
                } else if (now - lastGrowth > stallTimeout.toNanos()) {
                    pending.cancel(true);
                    throw new IOException("no data for " + stallTimeout.toSeconds() + " s after " + size + " bytes");
                }
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                throw cause instanceof IOException io ? io : new IOException(describe(cause), cause);
            } catch (InterruptedException e) {
                pending.cancel(true);
                Thread.currentThread().interrupt();
                throw new HubException(label + ": download interrupted", e);
            }
        }
    }

    private HttpRequest.Builder request(URI url) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60))
                .header("User-Agent", "layeranchor (java; huggingface_hub-compatible cache)");
        if (settings.token().isPresent() && sameOrigin(url, settings.endpoint())) {
            b.header("Authorization", "Bearer " + settings.token().get());
        }
        return b;
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, URI url) throws IOException {
        try {
            return http.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubException(url + ": interrupted", e);
        } catch (IOException e) {
            throw new HubException.Unreachable(url.getScheme() + "://" + url.getAuthority() + " cannot be reached ("
                    + describe(e) + ")", e);
        }
    }

    private HubException refused(HubModelId id, String revision, URI url, HttpResponse<?> r) {
        int status = r.statusCode();
        String page = settings.endpoint() + "/" + id.repo();
        String code = r.headers().firstValue("X-Error-Code").orElse("");
        String prefix = id.repo() + ": " + url + " answered HTTP " + status;
        if (status == 401) {
            return new HubException(prefix + ": the model is gated or private, or does not exist; "
                    + (settings.token().isEmpty()
                            ? "set HF_TOKEN to an access token that can read it (" + settings.endpoint() + "/settings/tokens)"
                            : "the token in HF_TOKEN cannot read it: check the id and request access at " + page));
        }
        if (status == 403) {
            return new HubException(prefix + ": access is restricted (a gated model); accept its terms at " + page
                    + " with the account whose token is in HF_TOKEN");
        }
        if (code.equals("RepositoryNotFound")) {
            return new HubException(prefix + ": there is no model " + id.repo() + " on " + settings.endpoint());
        }
        if (code.equals("RevisionNotFound")) {
            return new HubException(prefix + ": " + id.repo() + " has no branch, tag or commit '" + revision + "'");
        }
        return new HubException(prefix + (code.isEmpty() ? "" : " (" + code + ")"));
    }

    /** Where a partial response starts, or -1 without a valid Content-Range header. */
    private static long contentRangeStart(HttpHeaders headers) {
        Matcher m = CONTENT_RANGE.matcher(headers.firstValue("Content-Range").orElse(""));
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    /** A size header's value, or -1 (unknown: the download is then checked by hash alone) when it is no number. */
    private static long sizeOrUnknown(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String normalizeEtag(String etag) {
        String e = etag.trim();
        if (e.startsWith("W/")) {
            e = e.substring(2);
        }
        return e.replace("\"", "");
    }

    static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(a.getScheme(), b.getScheme()) && Objects.equals(a.getHost(), b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        Throwable c = e.getCause();
        if ((m == null || m.isBlank()) && c != null) {
            return describe(c);
        }
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }
}
