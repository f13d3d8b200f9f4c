package org.layeranchor.hub;

import java.net.URI;

/**
 * What the Hub says about one file at one revision, from the headers of its {@code resolve} URL.
 *
 * @param name the file's path in the repository
 * @param commit the commit the revision resolved to ({@code X-Repo-Commit})
 * @param etag the blob's name: for LFS files the SHA-256 of the content ({@code X-Linked-Etag}),
 *     for small files the git blob id ({@code ETag})
 * @param size bytes, or -1 when unknown
 * @param source where to GET the content: the CDN the Hub redirects LFS files to, or the resolve URL
 */
public record RemoteFile(String name, String commit, String etag, long size, URI source) {
    /** True when the ETag is a SHA-256, so the downloaded content can be checked against it. */
    public boolean hasSha256() {
        return etag.matches("[0-9a-f]{64}");
    }
}
