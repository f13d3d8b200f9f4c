package org.layeranchor.serve;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which requests a local service answers, so that web pages the user happens to visit cannot use it:
 *
 * <ul>
 *   <li><b>Host</b>: only names that mean this machine ({@code localhost}, {@code 127.0.0.1},
 *   {@code [::1]}), the address the service was bound to, and names added with {@code --allow-host}
 *   ({@code *} for any). A DNS-rebinding page (evil.example resolving to 127.0.0.1) sends its own
 *   name as Host and is refused, so it can read neither the model nor any prediction.</li>
 *   <li><b>Origin</b>: a browser sends it with every cross-origin POST, including "simple" requests
 *   (e.g. Content-Type text/plain) that it sends without asking first. A request whose Origin is
 *   neither the service's own (http:// + its Host) nor one allowed with {@code --cors} is refused
 *   before its body is read, so another site's page cannot make the service decode what it likes.
 *   Without Origin, a {@code Sec-Fetch-Site} of cross-site or same-site is refused the same way.
 *   Clients that are not browsers (curl, scripts) send no Origin and are not affected.</li>
 * </ul>
 */
final class HostAndOriginPolicy {
    private static final List<String> LOOPBACK_NAMES = List.of("localhost", "127.0.0.1", "[::1]");
    private static final Set<String> WILDCARD_BINDS = Set.of("0.0.0.0", "::", "[::]");

    private final Set<String> hosts;
    private final boolean anyHost;
    private final Set<String> corsOrigins;

    /**
     * @param boundHost    the address the service listens on (allowed as a Host name unless a wildcard)
     * @param allowedHosts further Host names, without port; "*" allows any
     * @param corsOrigins  origins (scheme://host[:port]) whose pages may call the service
     */
    HostAndOriginPolicy(String boundHost, List<String> allowedHosts, List<String> corsOrigins) {
        Set<String> h = new LinkedHashSet<>(LOOPBACK_NAMES);
        String bound = bracketed(boundHost.toLowerCase(Locale.ROOT));
        if (!WILDCARD_BINDS.contains(bound)) {
            h.add(bound);
        }
        boolean any = false;
        for (String name : allowedHosts) {
            if (name.equals("*")) {
                any = true;
            } else {
                h.add(bracketed(name.toLowerCase(Locale.ROOT)));
            }
        }
        this.hosts = h;
        this.anyHost = any;
        this.corsOrigins = new LinkedHashSet<>();
        for (String o : corsOrigins) {
            this.corsOrigins.add(normalisedOrigin(o));
        }
    }

    /** The Host names accepted, for messages. */
    List<String> hostNames() {
        List<String> out = new ArrayList<>(hosts);
        if (anyHost) {
            out.add("*");
        }
        return out;
    }

    /**
     * Whether a request with this Host header (null when absent) is answered. HTTP/1.1 requires Host
     * (the server refuses its absence before this); an HTTP/1.0 request without one cannot come from
     * a rebinding page, since browsers always send it.
     */
    boolean hostAllowed(String hostHeader) {
        if (hostHeader == null || anyHost) {
            return true;
        }
        return hosts.contains(withoutPort(hostHeader.trim().toLowerCase(Locale.ROOT)));
    }

    /** Whether the request may proceed, given its Origin and Sec-Fetch-Site headers (null when absent). */
    boolean originAllowed(String origin, String secFetchSite, String hostHeader) {
        if (origin == null) {
            return secFetchSite == null || secFetchSite.equalsIgnoreCase("same-origin")
                    || secFetchSite.equalsIgnoreCase("none");
        }
        return isSameOrigin(origin, hostHeader) || corsOrigins.contains(normalisedOrigin(origin));
    }

    /** Whether the request comes from a page the service allows with --cors (and is not its own page). */
    boolean isCorsOrigin(String origin, String hostHeader) {
        return origin != null && !isSameOrigin(origin, hostHeader) && corsOrigins.contains(normalisedOrigin(origin));
    }

    private static boolean isSameOrigin(String origin, String hostHeader) {
        return hostHeader != null && normalisedOrigin(origin).equals("http://" + hostHeader.trim().toLowerCase(Locale.ROOT));
    }

    private static String normalisedOrigin(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }

    /** "[::1]:8080" → "[::1]", "localhost:8080" → "localhost", "::1" stays as it is (no port possible). */
    private static String withoutPort(String host) {
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            return close < 0 ? host : host.substring(0, close + 1);
        }
        int colon = host.indexOf(':');
        if (colon >= 0 && host.indexOf(':', colon + 1) < 0) {
            return host.substring(0, colon);
        }
        return bracketed(host);
    }

    /** IPv6 literals are compared in their Host-header form, in brackets. */
    private static String bracketed(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
