package org.jvirt.spi;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

/**
 * A libvirt connection URI ({@code docs/uri.rst}): {@code driver[+transport]://[user@][host][:port]/path[?params]}.
 * The text is kept as given because libvirt reports and forwards it verbatim.
 *
 * @param text      the URI as written
 * @param driver    the scheme before '+', e.g. "qemu", "test"
 * @param transport after '+' ("unix", "tcp", "tls", "ssh", "libssh2", "ext"), or null
 * @param user      user part or null
 * @param host      host or null (empty authority gives null)
 * @param port      port or 0
 * @param path      path (e.g. "/system", "/default", "/abs/file.xml"), "" when absent
 * @param params    query parameters in order, decoded
 */
public record ConnectUri(String text, String driver, String transport, String user, String host, int port,
                         String path, List<Param> params) {

    public record Param(String name, String value) {}

    public ConnectUri {
        params = List.copyOf(params);
    }

    public static ConnectUri parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0 || !text.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            throw invalid(text);
        }
        String scheme = text.substring(0, colon);
        String rest = text.substring(colon + 1);
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            rest = rest.substring(0, hash);
        }
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        String user = null;
        String host = null;
        int port = 0;
        String path = rest;
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            String authority = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
            path = slash < 0 ? "" : rest.substring(slash);
            int at = authority.lastIndexOf('@');
            if (at >= 0) {
                user = decode(authority.substring(0, at));
                authority = authority.substring(at + 1);
            }
            String hostPart = authority;
            if (authority.startsWith("[")) {
                int close = authority.indexOf(']');
                if (close < 0) {
                    throw invalid(text);
                }
                hostPart = authority.substring(1, close);
                String after = authority.substring(close + 1);
                port = after.startsWith(":") ? parsePort(after.substring(1), text) : 0;
            } else {
                int pc = authority.lastIndexOf(':');
                if (pc >= 0) {
                    hostPart = authority.substring(0, pc);
                    port = parsePort(authority.substring(pc + 1), text);
                }
            }
            host = hostPart.isEmpty() ? null : decode(hostPart);
        }
        String driver = scheme;
        String transport = null;
        int plus = scheme.indexOf('+');
        if (plus >= 0) {
            driver = scheme.substring(0, plus);
            transport = scheme.substring(plus + 1);
        }
        return new ConnectUri(text, driver, transport, user, host, port, path, parseQuery(query));
    }

    /** Value of the first query parameter {@code name}. */
    public Optional<String> param(String name) {
        return params.stream().filter(p -> p.name().equals(name)).map(Param::value).findFirst();
    }

    /** True when a local driver should handle the URI in-process: no transport and no host. */
    public boolean isLocal() {
        return transport == null && host == null;
    }

    @Override
    public String toString() {
        return text;
    }

    private static int parsePort(String s, String text) {
        if (s.isEmpty()) {
            return 0;
        }
        try {
            int p = Integer.parseInt(s);
            if (p < 0 || p > 65535) {
                throw invalid(text);
            }
            return p;
        } catch (NumberFormatException e) {
            throw invalid(text);
        }
    }

    private static List<Param> parseQuery(String query) {
        List<Param> out = new ArrayList<>();
        if (query == null || query.isEmpty()) {
            return out;
        }
        for (String part : query.split("[&;]")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = decode(eq < 0 ? part : part.substring(0, eq));
            String value = eq < 0 ? "" : decode(part.substring(eq + 1));
            out.add(new Param(name, value));
        }
        return out;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static VirException invalid(String text) {
        return VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.URI, "Unable to parse URI " + text);
    }
}
