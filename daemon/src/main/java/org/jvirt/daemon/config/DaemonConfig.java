package org.jvirt.daemon.config;

import java.nio.file.Path;
import java.util.List;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.core.conf.ConfFile;

/**
 * jvirtd's settings: libvirtd.conf's keys and meanings (src/remote/libvirtd.conf.in), with libvirtd's defaults
 * except where jvirt has no counterpart (no polkit, no SASL: "none" is the default unix auth, and TCP without TLS
 * must be asked for explicitly with {@code auth_tcp = "none"}).
 */
public record DaemonConfig(
        boolean listenTls, boolean listenTcp, String tlsPort, String tcpPort, String listenAddr,
        String unixSockGroup, int unixSockRoPerms, int unixSockRwPerms, int unixSockAdminPerms, Path unixSockDir,
        Auth authUnixRo, Auth authUnixRw, Auth authTcp, Auth authTls,
        Path keyFile, Path certFile, Path caFile, Path crlFile,
        boolean tlsNoSanityCertificate, boolean tlsNoVerifyCertificate, List<String> tlsAllowedDnList,
        int maxClients, int maxQueuedClients, int maxAnonymousClients, int minWorkers, int maxWorkers,
        int prioWorkers, int maxClientRequests,
        int keepaliveInterval, int keepaliveCount, boolean keepaliveRequired,
        int logLevel, String logFilters, String logOutputs, String hostUuid) {

    /** libvirt's auth_* values; only "none" and "tls" exist in jvirt, the others are refused at load. */
    public enum Auth { NONE, TLS }

    /** Defaults for a privileged daemon with its run-time directory {@code runDir} (e.g. /run/jvirt). */
    public static DaemonConfig defaults(Path runDir, Path pkiDir) {
        return load(ConfFile.empty("jvirtd.conf"), runDir, pkiDir);
    }

    /** Reads every known key of {@code conf} over the defaults, with libvirt's type and range checks. */
    public static DaemonConfig load(ConfFile conf, Path runDir, Path pkiDir) {
        return new DaemonConfig(
                conf.getBool("listen_tls").orElse(true),
                conf.getBool("listen_tcp").orElse(false),
                conf.getString("tls_port").orElse("16514"),
                conf.getString("tcp_port").orElse("16509"),
                conf.getString("listen_addr").orElse(null),
                conf.getString("unix_sock_group").orElse(null),
                perms(conf, "unix_sock_ro_perms", "0777"),
                perms(conf, "unix_sock_rw_perms", "0700"),
                perms(conf, "unix_sock_admin_perms", "0700"),
                conf.getString("unix_sock_dir").map(Path::of).orElse(runDir),
                auth(conf, "auth_unix_ro", Auth.NONE),
                auth(conf, "auth_unix_rw", Auth.NONE),
                auth(conf, "auth_tcp", null),
                auth(conf, "auth_tls", Auth.NONE),
                conf.getString("key_file").map(Path::of).orElse(pkiDir.resolve("libvirt/private/serverkey.pem")),
                conf.getString("cert_file").map(Path::of).orElse(pkiDir.resolve("libvirt/servercert.pem")),
                conf.getString("ca_file").map(Path::of).orElse(pkiDir.resolve("CA/cacert.pem")),
                conf.getString("crl_file").map(Path::of).orElse(null),
                conf.getBool("tls_no_sanity_certificate").orElse(false),
                conf.getBool("tls_no_verify_certificate").orElse(false),
                conf.getStringList("tls_allowed_dn_list").orElse(List.of()),
                conf.getInt("max_clients", 1, Integer.MAX_VALUE).orElse(5000),
                conf.getInt("max_queued_clients", 0, Integer.MAX_VALUE).orElse(1000),
                conf.getInt("max_anonymous_clients", 0, Integer.MAX_VALUE).orElse(20),
                conf.getInt("min_workers", 0, Integer.MAX_VALUE).orElse(5),
                conf.getInt("max_workers", 1, Integer.MAX_VALUE).orElse(20),
                conf.getInt("prio_workers", 0, Integer.MAX_VALUE).orElse(5),
                conf.getInt("max_client_requests", 1, Integer.MAX_VALUE).orElse(5),
                conf.getInt("keepalive_interval", -1, Integer.MAX_VALUE).orElse(5),
                conf.getInt("keepalive_count", 0, Integer.MAX_VALUE).orElse(5),
                conf.getBool("keepalive_required").orElse(false),
                conf.getInt("log_level", 1, 4).orElse(3),
                conf.getString("log_filters").orElse(null),
                conf.getString("log_outputs").orElse(null),
                conf.getString("host_uuid").orElse(null));
    }

    /** TCP is refused unless an auth was configured for it: jvirt has no SASL, libvirtd's default for TCP. */
    public void checkTcpAllowed() {
        if (listenTcp && authTcp == null) {
            throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.CONF,
                    "listen_tcp requires auth_tcp to be set: jvirtd has no SASL, and unencrypted TCP without "
                            + "authentication must be asked for with auth_tcp = \"none\"");
        }
    }

    private static int perms(ConfFile conf, String key, String dflt) {
        String text = conf.getString(key).orElse(dflt);
        try {
            int v = Integer.parseInt(text, 8);
            if (v < 0 || v > 07777) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.CONF,
                    "Failed to parse mode '" + text + "'");
        }
    }

    private static Auth auth(ConfFile conf, String key, Auth dflt) {
        var v = conf.getString(key);
        if (v.isEmpty()) {
            return dflt;
        }
        return switch (v.get()) {
            case "none" -> Auth.NONE;
            case "tls" -> Auth.TLS;
            case "sasl", "polkit" -> throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.CONF,
                    key + " = \"" + v.get() + "\" is not supported by jvirtd (use \"none\" or \"tls\")");
            default -> throw VirException.of(ErrorNumber.CONF_SYNTAX, ErrorDomain.CONF,
                    "Unknown auth type '" + v.get() + "' for " + key);
        };
    }
}
