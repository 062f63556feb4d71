package org.jvirt.rpc.transport;

import java.nio.file.Path;
import java.util.List;

/**
 * One side's X.509 files and checks, at libvirt's locations by default ({@code /etc/pki/CA/cacert.pem},
 * {@code /etc/pki/libvirt/servercert.pem}, {@code /etc/pki/libvirt/private/serverkey.pem}, and clientcert/clientkey
 * for a client).
 *
 * @param verifyPeer check the peer's certificate against the CA (the server's {@code tls_no_verify_certificate}
 *     and the client's {@code no_verify=1} turn it off)
 * @param allowedDnList server only: {@code tls_allowed_dn_list} patterns ({@code *} and {@code ?}); empty allows
 *     every client whose certificate the CA signed
 */
public record TlsConfig(Path caFile, Path certFile, Path keyFile, boolean verifyPeer, List<String> allowedDnList) {
    public TlsConfig {
        allowedDnList = List.copyOf(allowedDnList);
    }

    /** The server's files under {@code pkiDir} (normally /etc/pki). */
    public static TlsConfig serverDefaults(Path pkiDir) {
        return new TlsConfig(pkiDir.resolve("CA/cacert.pem"), pkiDir.resolve("libvirt/servercert.pem"),
                pkiDir.resolve("libvirt/private/serverkey.pem"), true, List.of());
    }

    /** The client's files under {@code pkiDir} (/etc/pki for root, ~/.pki for others as libvirt's client does). */
    public static TlsConfig clientDefaults(Path pkiDir) {
        return new TlsConfig(pkiDir.resolve("CA/cacert.pem"), pkiDir.resolve("libvirt/clientcert.pem"),
                pkiDir.resolve("libvirt/private/clientkey.pem"), true, List.of());
    }
}
