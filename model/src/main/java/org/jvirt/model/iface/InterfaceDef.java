package org.jvirt.model.iface;

import java.util.List;

/**
 * A host network interface configuration: libvirt's {@code virInterfaceDef} ({@code <interface>} of the
 * virInterface API, interface.rng), not a guest NIC. Subordinate interfaces of a bridge or bond are InterfaceDefs
 * too; they carry no start mode, MTU or protocols.
 *
 * @param startMode "none", "onboot", "hotplug" or null when unspecified
 * @param mtu 0 when unspecified
 * @param linkSpeed {@code <link speed>} in Mbit/s, 0 when absent; {@code linkState} null when absent
 */
public record InterfaceDef(String name, String startMode, int mtu, List<Protocol> protocols, int linkSpeed,
                           String linkState, Kind kind) {

    public InterfaceDef {
        protocols = List.copyOf(protocols);
    }

    /** The type attribute: "ethernet", "bridge", "bond" or "vlan". */
    public String type() {
        return switch (kind) {
            case Ethernet e -> "ethernet";
            case Bridge b -> "bridge";
            case Bond b -> "bond";
            case Vlan v -> "vlan";
        };
    }

    /** The MAC address of an ethernet interface as written, or null. */
    public String mac() {
        return kind instanceof Ethernet e ? e.mac() : null;
    }

    /** The per-type part of the definition. */
    public sealed interface Kind permits Ethernet, Bridge, Bond, Vlan {}

    public record Ethernet(String mac) implements Kind {}

    /** {@code <bridge stp delay>}; stp null when not given, delay kept as written. */
    public record Bridge(Boolean stp, String delay, List<InterfaceDef> interfaces) implements Kind {
        public Bridge {
            interfaces = List.copyOf(interfaces);
        }
    }

    /**
     * {@code <bond>}: mode null when not given; {@code monitor} is "mii", "arp" or null. MII: frequency, down/up
     * delay, carrier ("ioctl"/"netif"/null). ARP: interval, target, validate ("active"/"backup"/"all"/null).
     */
    public record Bond(String mode, String monitor, int frequency, int downDelay, int upDelay, String carrier,
                       int interval, String target, String validate, List<InterfaceDef> interfaces) implements Kind {
        public Bond {
            interfaces = List.copyOf(interfaces);
        }
    }

    /** {@code <vlan tag><interface name/></vlan>}. */
    public record Vlan(String tag, String device) implements Kind {}

    /** {@code <protocol family>}; peerDns null when not given; gateway from the first {@code <route>}. */
    public record Protocol(String family, boolean autoconf, boolean dhcp, Boolean peerDns, List<IpAddr> ips,
                           String gateway) {
        public Protocol {
            ips = List.copyOf(ips);
        }
    }

    /** {@code <ip address prefix>}; address null for an element without one (kept, never formatted). */
    public record IpAddr(String address, int prefix) {}
}
