package org.jvirt.model.network;

import java.util.List;
import java.util.UUID;
import org.jvirt.core.util.MacAddress;

/**
 * A virtual network's configuration: libvirt's {@code virNetworkDef} ({@code <network>}, formatnetwork.rst).
 * Lists are immutable; change a definition by building a new record ({@code withXxx} copies below).
 *
 * @param uuidSpecified whether the XML carried a {@code <uuid>} (otherwise one was generated)
 * @param connections live count of guest connections, formatted only in live XML when above 0
 * @param metadata the {@code <metadata>} element as libxml2 dumps it at level 0 (null when absent)
 * @param forward the forwarding setup; mode "none" (an isolated network) when there is no {@code <forward>}
 * @param stp spanning tree (default on); {@code delay} its forward delay in seconds
 * @param dnsmasqOptions {@code <dnsmasq:options>} values (only parsed with the dnsmasq namespace enabled)
 */
public record NetworkDef(
        String name, UUID uuid, boolean uuidSpecified, String metadata,
        int connections, boolean ipv6NoGateway, Boolean trustGuestRxFilters,
        Forward forward,
        String bridge, String bridgeZone, boolean stp, long delay, String macTableManager,
        int mtu, MacAddress mac,
        String domain, Boolean domainLocalOnly,
        Dns dns, NetDevVlan vlan, NetDevBandwidth bandwidth, Boolean isolatedPort,
        List<Ip> ips, List<IpRoute> routes, VirtualPortProfile virtualPort, List<PortGroup> portGroups,
        List<String> dnsmasqOptions) {

    /** Forward modes in libvirt's enum order (virNetworkForwardType). */
    public static final List<String> FORWARD_MODES =
            List.of("none", "nat", "route", "open", "bridge", "private", "vepa", "passthrough", "hostdev");

    public NetworkDef {
        ips = List.copyOf(ips);
        routes = List.copyOf(routes);
        portGroups = List.copyOf(portGroups);
        dnsmasqOptions = List.copyOf(dnsmasqOptions);
    }

    /** {@code <forward>}. {@code driverName} is null for the default, otherwise "kvm" or "vfio". */
    public record Forward(String mode, boolean managed, String driverName, List<ForwardIf> interfaces,
                          String pfDev, Nat nat) {
        public Forward {
            interfaces = List.copyOf(interfaces);
        }

        public static final Forward NONE = new Forward("none", false, null, List.of(), null, null);

        public Forward withInterfaces(List<ForwardIf> list) {
            return new Forward(mode, managed, driverName, list, pfDev, nat);
        }
    }

    /** One device of the forward pool: a host netdev or a PCI function (virNetworkForwardIfDef). */
    public sealed interface ForwardIf permits NetdevIf, PciIf {}

    /** {@code <interface dev=.../>}; {@code connections} is live state. */
    public record NetdevIf(String dev, int connections) implements ForwardIf {}

    /** {@code <address type='pci' .../>}. */
    public record PciIf(int domain, int bus, int slot, int function) implements ForwardIf {}

    /** {@code <nat>}: SNAT address range (null when absent), port range (0 when absent) and the ipv6 switch. */
    public record Nat(IpAddress start, IpAddress end, int portStart, int portEnd, Boolean ipv6) {}

    /** {@code <ip>} with its DHCP and TFTP settings (virNetworkIPDef). {@code prefix} 0 means not given. */
    public record Ip(String family, IpAddress address, IpAddress netmask, int prefix, Boolean localPtr,
                     List<DhcpRange> ranges, List<DhcpHost> hosts, String tftpRoot, String bootFile,
                     IpAddress bootServer) {
        public Ip {
            ranges = List.copyOf(ranges);
            hosts = List.copyOf(hosts);
        }

        /** virNetworkIPDefPrefix: the effective prefix length. */
        public int effectivePrefix() {
            return IpAddress.ipPrefix(address, netmask, prefix);
        }

        public Ip withRanges(List<DhcpRange> list) {
            return new Ip(family, address, netmask, prefix, localPtr, list, hosts, tftpRoot, bootFile, bootServer);
        }

        public Ip withHosts(List<DhcpHost> list) {
            return new Ip(family, address, netmask, prefix, localPtr, ranges, list, tftpRoot, bootFile, bootServer);
        }
    }

    /** {@code <lease expiry unit>}; expiry 0 is an infinite lease. Unit is "seconds", "minutes" or "hours". */
    public record Lease(long expiry, String unit) {}

    public record DhcpRange(IpAddress start, IpAddress end, Lease lease) {}

    /** A static DHCP host; {@code mac} is kept as written (libvirt formats the string it read). */
    public record DhcpHost(String mac, String id, String name, IpAddress ip, Lease lease) {}

    /** {@code <dns>}; tristates are null when absent. */
    public record Dns(Boolean enable, Boolean forwardPlainNames, List<DnsForwarder> forwarders, List<DnsTxt> txts,
                      List<DnsSrv> srvs, List<DnsHost> hosts) {
        public static final Dns EMPTY = new Dns(null, null, List.of(), List.of(), List.of(), List.of());

        public Dns {
            forwarders = List.copyOf(forwarders);
            txts = List.copyOf(txts);
            srvs = List.copyOf(srvs);
            hosts = List.copyOf(hosts);
        }

        public Dns withTxts(List<DnsTxt> list) {
            return new Dns(enable, forwardPlainNames, forwarders, list, srvs, hosts);
        }

        public Dns withSrvs(List<DnsSrv> list) {
            return new Dns(enable, forwardPlainNames, forwarders, txts, list, hosts);
        }

        public Dns withHosts(List<DnsHost> list) {
            return new Dns(enable, forwardPlainNames, forwarders, txts, srvs, list);
        }
    }

    public record DnsForwarder(String domain, IpAddress addr) {}

    /** {@code <host ip><hostname/>...</host>}; ip may be null only in a partial (delete) match. */
    public record DnsHost(IpAddress ip, List<String> hostnames) {
        public DnsHost {
            hostnames = List.copyOf(hostnames);
        }
    }

    public record DnsTxt(String name, String value) {}

    /** {@code <srv>}; port/priority/weight are 0 when absent. */
    public record DnsSrv(String service, String protocol, String domain, String target, int port, int priority,
                         int weight) {}

    public record PortGroup(String name, boolean isDefault, Boolean trustGuestRxFilters, NetDevVlan vlan,
                            VirtualPortProfile virtualPort, NetDevBandwidth bandwidth) {}

    public String forwardMode() {
        return forward.mode();
    }

    /** virNetworkDefForwardIf: the n-th forward device when it is a netdev, else null. */
    public String forwardIf(int n) {
        return n < forward.interfaces().size() && forward.interfaces().get(n) instanceof NetdevIf d ? d.dev() : null;
    }

    public NetworkDef withUuid(UUID u) {
        return new NetworkDef(name, u, true, metadata, connections, ipv6NoGateway,
                trustGuestRxFilters, forward, bridge, bridgeZone, stp, delay, macTableManager, mtu, mac, domain,
                domainLocalOnly, dns, vlan, bandwidth, isolatedPort, ips, routes, virtualPort, portGroups,
                dnsmasqOptions);
    }

    public NetworkDef withConnections(int n) {
        return new NetworkDef(name, uuid, uuidSpecified, metadata, n, ipv6NoGateway,
                trustGuestRxFilters, forward, bridge, bridgeZone, stp, delay, macTableManager, mtu, mac, domain,
                domainLocalOnly, dns, vlan, bandwidth, isolatedPort, ips, routes, virtualPort, portGroups,
                dnsmasqOptions);
    }

    public NetworkDef withBridge(String b) {
        return new NetworkDef(name, uuid, uuidSpecified, metadata, connections, ipv6NoGateway,
                trustGuestRxFilters, forward, b, bridgeZone, stp, delay, macTableManager, mtu, mac, domain,
                domainLocalOnly, dns, vlan, bandwidth, isolatedPort, ips, routes, virtualPort, portGroups,
                dnsmasqOptions);
    }

    public NetworkDef withMac(MacAddress m) {
        return new NetworkDef(name, uuid, uuidSpecified, metadata, connections, ipv6NoGateway,
                trustGuestRxFilters, forward, bridge, bridgeZone, stp, delay, macTableManager, mtu, m, domain,
                domainLocalOnly, dns, vlan, bandwidth, isolatedPort, ips, routes, virtualPort, portGroups,
                dnsmasqOptions);
    }

    public NetworkDef withForward(Forward f) {
        return new NetworkDef(name, uuid, uuidSpecified, metadata, connections, ipv6NoGateway,
                trustGuestRxFilters, f, bridge, bridgeZone, stp, delay, macTableManager, mtu, mac, domain,
                domainLocalOnly, dns, vlan, bandwidth, isolatedPort, ips, routes, virtualPort, portGroups,
                dnsmasqOptions);
    }

    public NetworkDef withDns(Dns d) {
        return new NetworkDef(name, uuid, uuidSpecified, metadata, connections, ipv6NoGateway,
                trustGuestRxFilters, forward, bridge, bridgeZone, stp, delay, macTableManager, mtu, mac, domain,
                domainLocalOnly, d, vlan, bandwidth, isolatedPort, ips, routes, virtualPort, portGroups,
                dnsmasqOptions);
    }

    public NetworkDef withIps(List<Ip> list) {
        return new NetworkDef(name, uuid, uuidSpecified, metadata, connections, ipv6NoGateway,
                trustGuestRxFilters, forward, bridge, bridgeZone, stp, delay, macTableManager, mtu, mac, domain,
                domainLocalOnly, dns, vlan, bandwidth, isolatedPort, list, routes, virtualPort, portGroups,
                dnsmasqOptions);
    }

    public NetworkDef withPortGroups(List<PortGroup> list) {
        return new NetworkDef(name, uuid, uuidSpecified, metadata, connections, ipv6NoGateway,
                trustGuestRxFilters, forward, bridge, bridgeZone, stp, delay, macTableManager, mtu, mac, domain,
                domainLocalOnly, dns, vlan, bandwidth, isolatedPort, ips, routes, virtualPort, list,
                dnsmasqOptions);
    }

    public NetworkDef withMetadata(String xml) {
        return new NetworkDef(name, uuid, uuidSpecified, xml, connections, ipv6NoGateway,
                trustGuestRxFilters, forward, bridge, bridgeZone, stp, delay, macTableManager, mtu, mac, domain,
                domainLocalOnly, dns, vlan, bandwidth, isolatedPort, ips, routes, virtualPort, portGroups,
                dnsmasqOptions);
    }
}
