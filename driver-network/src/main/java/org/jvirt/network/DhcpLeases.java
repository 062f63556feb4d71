package org.jvirt.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jvirt.api.Records.NetworkDHCPLease;
import org.jvirt.model.network.IpAddress;
import org.jvirt.model.network.NetworkDef;

/**
 * net-dhcp-leases from dnsmasq's own lease database (libvirt reads the JSON its leaseshelper keeps; dnsmasq's file
 * holds the same facts). IPv4 lines are {@code EXPIRY MAC IP HOSTNAME CLIENTID}; after a {@code duid} line, IPv6
 * ones are {@code EXPIRY IAID IP HOSTNAME DUID}; {@code *} means none. Expired leases are left out, as libvirt does.
 */
final class DhcpLeases {
    /** virIPAddrType. */
    static final int IPV4 = 0;
    static final int IPV6 = 1;

    private DhcpLeases() {}

    static List<NetworkDHCPLease> read(Path file, NetworkDef def, String mac, long now) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw NetworkErrors.system("Unable to read '" + file + "': " + e.getMessage());
        }
        List<NetworkDHCPLease> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 4 || f[0].equals("duid")) {
                continue;
            }
            long expiry = Long.parseLong(f[0]);
            if (expiry != 0 && expiry < now) {
                continue;
            }
            IpAddress ip = IpAddress.tryParse(f[2]);
            if (ip == null) {
                continue;
            }
            boolean v6 = ip.isIpv6();
            // dnsmasq does not record the MAC of a DHCPv6 client: only an IPv4 lease can match one
            String leaseMac = v6 ? null : f[1];
            if (mac != null && (leaseMac == null || !leaseMac.equalsIgnoreCase(mac))) {
                continue;
            }
            String host = f[3].equals("*") ? null : f[3];
            String client = f.length > 4 && !f[4].equals("*") ? f[4] : null;
            out.add(new NetworkDHCPLease(def.bridge(), expiry, v6 ? IPV6 : IPV4, leaseMac, v6 ? f[1] : null,
                    ip.toString(), prefix(def, ip), host, client));
        }
        return out;
    }

    /** The prefix of the network address the lease lies in (0 when none of the network's ips holds it). */
    private static int prefix(NetworkDef def, IpAddress ip) {
        for (NetworkDef.Ip i : def.ips()) {
            int p = i.effectivePrefix();
            if (i.address().isIpv4() == ip.isIpv4() && i.address().maskByPrefix(p).equals(ip.maskByPrefix(p))) {
                return p;
            }
        }
        return 0;
    }
}
