package org.layeranchor.hub;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the Hugging Face cache is, which Hub to ask, with which token, and whether asking is allowed:
 * read from the same environment variables Python's {@code huggingface_hub} reads, so that both see
 * one cache and one configuration.
 *
 * @param cacheRoot the hub cache folder ({@code .../huggingface/hub}) holding {@code models--ORG--NAME}
 * @param endpoint the Hub's base URL, without a trailing slash
 * @param token an access token for gated and private models
 * @param offline true when nothing may be downloaded
 */
public record HubSettings(Path cacheRoot, URI endpoint, Optional<String> token, boolean offline) {
    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";
    private static final Set<String> TRUE = Set.of("1", "on", "yes", "true");

    public HubSettings {
        String e = endpoint.toString();
        endpoint = URI.create(e.endsWith("/") ? e.substring(0, e.length() - 1) : e);
    }

    public static HubSettings fromEnvironment() {
        return fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /**
     * As {@code huggingface_hub} resolves them: the cache is {@code HF_HUB_CACHE} (or its older name
     * {@code HUGGINGFACE_HUB_CACHE}), else {@code HF_HOME/hub}, where {@code HF_HOME} defaults to
     * {@code $XDG_CACHE_HOME/huggingface}, else {@code ~/.cache/huggingface}; the token is
     * {@code HF_TOKEN}, else the file {@code HF_TOKEN_PATH}, else {@code HF_HOME/token} (what
     * {@code huggingface-cli login} writes).
     */
    public static HubSettings fromEnvironment(Map<String, String> env, Path home) {
        Path xdgCache = nonBlank(env.get("XDG_CACHE_HOME")).map(Path::of).orElse(home.resolve(".cache"));
        Path hfHome = nonBlank(env.get("HF_HOME")).map(Path::of).orElse(xdgCache.resolve("huggingface"));
        Path cache = nonBlank(env.get("HF_HUB_CACHE")).or(() -> nonBlank(env.get("HUGGINGFACE_HUB_CACHE")))
                .map(Path::of).orElse(hfHome.resolve("hub"));
        URI endpoint = URI.create(nonBlank(env.get("HF_ENDPOINT")).orElse(DEFAULT_ENDPOINT));
        Path tokenFile = nonBlank(env.get("HF_TOKEN_PATH")).map(Path::of).orElse(hfHome.resolve("token"));
        Optional<String> token = nonBlank(env.get("HF_TOKEN")).or(() -> readToken(tokenFile));
        boolean offline = isTrue(env.get("HF_HUB_OFFLINE"));
        return new HubSettings(cache, endpoint, token, offline);
    }

    public HubSettings withOffline(boolean value) {
        return new HubSettings(cacheRoot, endpoint, token, value);
    }

    private static boolean isTrue(String value) {
        return value != null && TRUE.contains(value.trim().toLowerCase(Locale.ROOT));
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static Optional<String> readToken(Path file) {
        try {
            return Files.isRegularFile(file) ? nonBlank(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // an unreadable token file is the same as none: the Hub will say 401
        }
    }
}
