package org.jvirt.network;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.network.IpAddress;
import org.jvirt.model.network.NetworkDef;
import org.jvirt.model.network.NetworkDef.DhcpHost;
import org.jvirt.model.network.NetworkDef.Ip;
import org.jvirt.model.network.NetworkDef.Lease;

/**
 * The dnsmasq configuration of one network, line for line as libvirt 9.0's networkDnsmasqConfContents writes it
 * (for a dnsmasq of at least 2.67, so bind-dynamic and RA are always used), plus the two files it names: the
 * DHCP hosts file ({@code dhcp-hostsfile=}, static leases) and the extra hosts file ({@code addn-hosts=}, the
 * {@code <dns><host>} entries).
 */
final class DnsmasqConf {
    private DnsmasqConf() {}

    /** The three files' contents and the paths the conf names for the other two. */
    record Files(String conf, String hostsfile, String addnhosts, Path hostsfilePath, Path addnhostsPath) {}

    /**
     * @param dnsmasqDir where the hosts files live (libvirt: /var/lib/libvirt/dnsmasq)
     * @param pidFile the {@code pid-file=} line, null for none (jvirt's driver keeps dnsmasq in the foreground and
     *        writes the pidfile itself)
     */
    static Files build(NetworkDef def, Path dnsmasqDir, Path pidFile) {
        Path hostsPath = dnsmasqDir.resolve(def.name() + ".hostsfile");
        Path addnPath = dnsmasqDir.resolve(def.name() + ".addnhosts");
        StringBuilder c = new StringBuilder();
        StringBuilder hosts = new StringBuilder();
        StringBuilder addn = new StringBuilder();
        boolean wantDns = !Boolean.FALSE.equals(def.dns().enable());
        c.append("##WARNING:  THIS IS AN AUTO-GENERATED FILE. CHANGES TO IT ARE LIKELY TO BE\n"
                + "##OVERWRITTEN AND LOST.  Changes to this configuration should be made using:\n"
                + "##    virsh net-edit ").append(def.name()).append("\n"
                + "## or other application using the libvirt API.\n"
                + "##\n"
                + "## dnsmasq conf file created by libvirt\n"
                + "strict-order\n");
        // dns disabled: port 0 tells dnsmasq not to listen for DNS at all
        if (!wantDns) {
            c.append("port=0\n");
        }
        if (wantDns && !def.dns().forwarders().isEmpty()) {
            // an address without a domain takes every unclaimed request: the host's resolv.conf is then unused
            boolean noResolv = false;
            for (NetworkDef.DnsForwarder f : def.dns().forwarders()) {
                c.append("server=");
                if (f.domain() != null) {
                    c.append('/').append(f.domain()).append('/');
                }
                if (f.addr() != null) {
                    c.append(f.addr()).append('\n');
                    noResolv |= f.domain() == null;
                } else {
                    c.append("#\n");
                }
            }
            if (noResolv) {
                c.append("no-resolv\n");
            }
        }
        if (def.domain() != null) {
            if (Boolean.TRUE.equals(def.domainLocalOnly())) {
                c.append("local=/").append(def.domain()).append("/\n");
            }
            c.append("domain=").append(def.domain()).append("\nexpand-hosts\n");
        }
        if (wantDns) {
            localPtrs(c, def);
        }
        if (wantDns && Boolean.FALSE.equals(def.dns().forwardPlainNames())) {
            c.append("domain-needed\n");
            c.append("local=//\n");
        }
        if (pidFile != null) {
            c.append("pid-file=").append(pidFile).append('\n');
        }
        // dnsmasq always listens on localhost unless told otherwise; bind-dynamic with only interface= keeps it
        // from answering queries that arrive on other interfaces (CVE-2012-3411)
        c.append("except-interface=lo\n");
        c.append("bind-dynamic\ninterface=").append(def.bridge()).append('\n');
        // an isolated network has no default route to offer, and must not become a channel to the host's resolvers
        if ("none".equals(def.forwardMode())) {
            c.append("dhcp-option=3\nno-resolv\n");
            c.append("ra-param=*,0,0\n");
        }
        if (wantDns) {
            for (NetworkDef.DnsTxt t : def.dns().txts()) {
                c.append("txt-record=").append(t.name()).append(',').append(t.value()).append('\n');
            }
            for (NetworkDef.DnsSrv s : def.dns().srvs()) {
                srv(c, s);
            }
        }
        for (Ip ip : def.ips()) {
            if (ip.address().isIpv4() && ip.tftpRoot() != null) {
                c.append("enable-tftp\ntftp-root=").append(ip.tftpRoot()).append('\n');
            }
        }
        Ip v4 = null;
        Ip v6 = null;
        for (Ip ip : def.ips()) {
            if (ip.ranges().isEmpty() && ip.hosts().isEmpty()) {
                continue;
            }
            if (ip.address().isIpv4()) {
                if (v4 != null) {
                    throw unsupported("For IPv4, multiple DHCP definitions cannot be specified.");
                }
                v4 = ip;
            } else {
                if (v6 != null) {
                    throw unsupported("For IPv6, multiple DHCP definitions cannot be specified.");
                }
                v6 = ip;
            }
        }
        long leases = 0;
        for (Ip ip : new Ip[] {v4, v6}) {
            if (ip == null) {
                continue;
            }
            leases += dhcp(c, hosts, def, ip);
        }
        if (leases > 0) {
            c.append("dhcp-lease-max=").append(leases).append('\n');
        }
        if (wantDns) {
            for (NetworkDef.DnsHost h : def.dns().hosts()) {
                addn.append(h.ip());
                for (String n : h.hostnames()) {
                    addn.append('\t').append(n);
                }
                addn.append('\n');
            }
        }
        // even with no static host yet: an empty file allows runtime additions (net-update)
        if (v4 != null || v6 != null) {
            c.append("dhcp-hostsfile=").append(hostsPath).append('\n');
        }
        if (wantDns) {
            c.append("addn-hosts=").append(addnPath).append('\n');
        }
        if (def.mtu() > 0) {
            c.append("dhcp-option=option:mtu,").append(def.mtu()).append('\n');
        }
        // dnsmasq does the router advertisements (libvirt dropped radvd with dnsmasq 2.64)
        if (v6 != null) {
            c.append("enable-ra\n");
        } else {
            for (Ip ip : def.ips()) {
                if (ip.address().isIpv6()) {
                    c.append("dhcp-range=").append(ip.address()).append(",ra-only\n");
                }
            }
        }
        for (String o : def.dnsmasqOptions()) {
            c.append(o).append('\n');
        }
        return new Files(c.toString(), hosts.toString(), addn.toString(), hostsPath, addnPath);
    }

    /** One ip's DHCP lines and hosts-file entries; returns the number of leases its ranges hold. */
    private static long dhcp(StringBuilder c, StringBuilder hosts, NetworkDef def, Ip ip) {
        int prefix = ip.effectivePrefix();
        if (prefix < 0) {
            throw VirException.of(ErrorNumber.INTERNAL_ERROR, NetworkErrors.DOM, "bridge '" + def.bridge()
                    + "' has an invalid prefix");
        }
        boolean v6 = ip.address().isIpv6();
        long leases = 0;
        for (NetworkDef.DhcpRange r : ip.ranges()) {
            c.append("dhcp-range=").append(r.start()).append(',').append(r.end()).append(',');
            c.append(v6 ? Integer.toString(prefix) : (ip.netmask() != null ? ip.netmask() : netmask(prefix))
                    .toString());
            String lease = leaseTime(r.lease());
            if (lease != null) {
                c.append(',').append(lease);
            }
            c.append('\n');
            leases += IpAddress.range(r.start(), r.end(), ip.address(), prefix);
        }
        // static-only DHCP (hosts, no range) still needs a range to switch the service on
        if (ip.ranges().isEmpty() && !ip.hosts().isEmpty()) {
            c.append("dhcp-range=").append(ip.address()).append(",static");
            if (v6) {
                c.append(',').append(prefix);
            }
            c.append('\n');
        }
        for (DhcpHost h : ip.hosts()) {
            if (h.ip() != null) {
                hosts.append(hostEntry(h, v6)).append('\n');
            }
        }
        if (!v6) {
            c.append("dhcp-no-override\ndhcp-authoritative\n");
            if (ip.bootFile() != null) {
                c.append("dhcp-boot=").append(ip.bootFile());
                if (ip.bootServer() != null) {
                    c.append(",,").append(ip.bootServer());
                }
                c.append('\n');
            }
        }
        return leases;
    }

    /** dnsmasqDhcpHostsAdd: the hosts-file line of one static host. */
    static String hostEntry(DhcpHost h, boolean v6) {
        String ip = v6 ? "[" + h.ip() + "]" : h.ip().toString();
        String s;
        if (v6) {
            if (h.id() != null && h.name() != null) {
                s = "id:" + h.id() + "," + h.name() + "," + ip;
            } else if (h.id() != null) {
                s = "id:" + h.id() + "," + ip;
            } else if (h.name() != null) {
                s = h.name() + "," + ip;
            } else {
                s = h.mac() + "," + ip;
            }
        } else if (h.name() != null && h.mac() != null) {
            s = h.mac() + "," + ip + "," + h.name();
        } else if (h.name() != null) {
            s = h.name() + "," + ip;
        } else {
            s = h.mac() + "," + ip;
        }
        String lease = leaseTime(h.lease());
        return lease == null ? s : s + "," + lease;
    }

    /** networkBuildDnsmasqLeaseTime: 0 is infinite; otherwise a number with dnsmasq's unit letter. */
    static String leaseTime(Lease lease) {
        if (lease == null) {
            return null;
        }
        if (lease.expiry() == 0) {
            return "infinite";
        }
        String unit = switch (lease.unit() == null ? "minutes" : lease.unit()) {
            case "seconds" -> "s";
            case "hours" -> "h";
            default -> "m";
        };
        return lease.expiry() + unit;
    }

    private static void srv(StringBuilder c, NetworkDef.DnsSrv s) {
        if (s.service() == null || s.protocol() == null) {
            return;
        }
        c.append("srv-host=_").append(s.service()).append("._").append(s.protocol());
        if (s.domain() != null) {
            c.append('.').append(s.domain());
        }
        if (s.target() != null) {
            c.append(',').append(s.target());
        }
        // dnsmasq's fields are positional: a priority or weight needs a port before it (1 when none was given)
        if (s.port() != 0 || s.priority() != 0 || s.weight() != 0) {
            c.append(',').append(s.port() != 0 ? s.port() : 1);
        }
        if (s.priority() != 0 || s.weight() != 0) {
            c.append(',').append(s.priority());
        }
        if (s.weight() != 0) {
            c.append(',').append(s.weight());
        }
        c.append('\n');
    }

    /** networkDnsmasqConfLocalPTRs: the reverse zones of ips with localPtr='yes' are answered locally. */
    private static void localPtrs(StringBuilder c, NetworkDef def) {
        for (Ip ip : def.ips()) {
            if (!Boolean.TRUE.equals(ip.localPtr())) {
                continue;
            }
            int prefix = ip.effectivePrefix();
            String ptr = ptrDomain(ip.address(), prefix);
            if (ptr == null) {
                throw unsupported("PTR domain for " + (ip.address().isIpv4() ? "IPv4" : "IPv6")
                        + " network with prefix " + prefix + " cannot be automatically created");
            }
            c.append("local=/").append(ptr).append("/\n");
        }
    }

    /** virSocketAddrPTRDomain: null when the prefix does not end on an octet (IPv4) or nibble (IPv6). */
    static String ptrDomain(IpAddress addr, int prefix) {
        byte[] b = addr.maskByPrefix(prefix).bytes();
        List<String> parts = new ArrayList<>();
        if (addr.isIpv4()) {
            if (prefix <= 0 || prefix >= 32 || prefix % 8 != 0) {
                return null;
            }
            for (int i = prefix / 8 - 1; i >= 0; i--) {
                parts.add(Integer.toString(b[i] & 0xff));
            }
            parts.add("in-addr.arpa");
        } else {
            if (prefix <= 0 || prefix >= 128 || prefix % 4 != 0) {
                return null;
            }
            for (int i = prefix / 4 - 1; i >= 0; i--) {
                int nibble = i % 2 == 0 ? (b[i / 2] >> 4) & 0xf : b[i / 2] & 0xf;
                parts.add(Integer.toHexString(nibble));
            }
            parts.add("ip6.arpa");
        }
        return String.join(".", parts);
    }

    /** The IPv4 netmask of a prefix length. */
    static IpAddress netmask(int prefix) {
        long m = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
        return new IpAddress(new byte[] {(byte) (m >> 24), (byte) (m >> 16), (byte) (m >> 8), (byte) m});
    }

    private static VirException unsupported(String detail) {
        return VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, NetworkErrors.DOM, detail);
    }
}
