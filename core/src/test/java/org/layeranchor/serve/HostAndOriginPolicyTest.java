package org.layeranchor.serve;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostAndOriginPolicyTest {
    private static HostAndOriginPolicy bound(String host, String... allowed) {
        return new HostAndOriginPolicy(host, List.of(allowed), List.of());
    }

    @Test
    void onlyLoopbackNamesTheBoundAddressAndAllowedNamesAreAnswered() {
        HostAndOriginPolicy p = bound("127.0.0.1");
        for (String ok : new String[] {"localhost:8080", "LOCALHOST", "127.0.0.1", "127.0.0.1:80", "[::1]:8080", "[::1]", null}) {
            assertTrue(p.hostAllowed(ok), ok);
        }
        for (String no : new String[] {"evil.example", "evil.example:8080", "127.0.0.1.evil.example", "localhost.evil:80",
                "", "0.0.0.0:8080", "192.168.1.5"}) {
            assertFalse(p.hostAllowed(no), no);
        }
        assertTrue(bound("192.168.1.5").hostAllowed("192.168.1.5:8080"));
        assertTrue(bound("::1").hostAllowed("[::1]:9000"));
        assertFalse(bound("0.0.0.0").hostAllowed("0.0.0.0:8080"), "a wildcard bind adds no name");
        assertTrue(bound("0.0.0.0", "lab.example").hostAllowed("LAB.example:8080"));
        assertTrue(bound("0.0.0.0", "*").hostAllowed("anything.example"));
    }

    @Test
    void onlyTheServicesOwnPageAndCorsOriginsMayCallIt() {
        HostAndOriginPolicy p = new HostAndOriginPolicy("127.0.0.1", List.of(), List.of("http://App.example:3000/"));
        String host = "127.0.0.1:8080";
        assertTrue(p.originAllowed(null, null, host), "curl and scripts send no Origin");
        assertTrue(p.originAllowed("http://127.0.0.1:8080", "same-origin", host));
        assertFalse(p.originAllowed("http://127.0.0.1:9999", null, host), "another local port is another origin");
        assertFalse(p.originAllowed("http://localhost:8080", null, host), "and so is another name for this one");
        assertFalse(p.originAllowed("null", null, host));
        assertFalse(p.originAllowed("https://127.0.0.1:8080", null, host));
        assertFalse(p.originAllowed(null, "cross-site", host));
        assertFalse(p.originAllowed(null, "same-site", host));
        assertTrue(p.originAllowed(null, "none", host), "typed into the address bar");
        assertTrue(p.originAllowed("http://app.example:3000", "cross-site", host));
        assertTrue(p.isCorsOrigin("http://app.example:3000", host));
        assertFalse(p.isCorsOrigin("http://127.0.0.1:8080", host), "its own page needs no CORS headers");
    }
}
