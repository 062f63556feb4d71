package org.jvirt.qemu.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.core.util.MacAddress;
import org.jvirt.host.NetDev;
import org.jvirt.model.domain.DeviceKind;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDevice;
import org.jvirt.model.domain.XmlElem;
import org.jvirt.qemu.net.PreparedInterfaces.Device;
import org.jvirt.qemu.net.PreparedInterfaces.Kind;

/**
 * Creates and removes the host devices behind a guest's {@code <interface>}s, as libvirt's qemuInterfaceBridgeConnect,
 * qemuInterfaceEthernetConnect and qemuInterfaceDirectConnect do at start and qemuProcessStop at the end.
 *
 * <p>The rule (libvirt commits a2ae3d299c and d6a8b9eef7): a device named in {@code <target dev>} is created with that
 * name or the start fails with "The NAME interface already exists", leaving the existing device untouched, so a guest
 * can never take over someone else's TAP; without a name, {@code vnetN} / {@code macvtapN} is generated. The one
 * exception is type='ethernet' with {@code managed='no'}: the device must already exist and is used as it is, never
 * changed and never removed.
 *
 * <p>Call order for one guest: {@link #prepare} before building the command line, {@link #startDevices} just before
 * the vCPUs start, {@link #release} after QEMU has gone (also when the start failed after prepare succeeded). After a
 * daemon restart, {@link #createdBy} and {@link #reserveNames} rebuild the state from the status XML.
 */
public final class QemuInterfaces {
    private static final System.Logger LOG = System.getLogger("org.jvirt.qemu.net");

    /** Children of {@code <interface>} that libvirt writes before {@code <target>}. */
    private static final Set<String> BEFORE_TARGET = Set.of("mac", "source", "vlan", "virtualport", "ip", "route",
            "script", "downscript", "backenddomain", "bandwidth", "port");
    /** libvirt's macvtap modes ({@code <source mode>}, default vepa) in iproute2's spelling. */
    private static final Map<String, String> MACVTAP_MODES = Map.of("vepa", "vepa", "private", "private",
            "bridge", "bridge", "passthrough", "passthru");

    private final NetDev netDev;
    private final NetworkBridgeResolver resolver;
    private final int tapOwnerUid;

    /** TAPs owned by root (uid 0): a QEMU running as root can open them. */
    public QemuInterfaces(NetDev netDev, NetworkBridgeResolver resolver) {
        this(netDev, resolver, 0);
    }

    /**
     * @param netDev the devices of the namespace QEMU runs in; shared by the whole driver, so generated names are
     *        never reused while the driver lives
     * @param resolver bridge of a virtual network, or null when there is no network driver
     * @param tapOwnerUid the uid QEMU runs as (qemu.conf {@code user}), which must be able to open the TAPs
     */
    public QemuInterfaces(NetDev netDev, NetworkBridgeResolver resolver, int tapOwnerUid) {
        this.netDev = netDev;
        this.resolver = resolver;
        this.tapOwnerUid = tapOwnerUid;
    }

    /**
     * Creates the host side of every interface of {@code liveDef}. On any failure, every device created so far is
     * removed before the error propagates, so a failed start leaves the host as it was.
     */
    public PreparedInterfaces prepare(DomainDef liveDef) {
        List<Device> created = new ArrayList<>();
        List<DomainDevice> devices = new ArrayList<>();
        try {
            for (DomainDevice d : liveDef.devices()) {
                devices.add(d.kind() == DeviceKind.INTERFACE ? d.withXml(connect(d.xml(), created)) : d);
            }
        } catch (RuntimeException e) {
            remove(created);
            throw e;
        }
        return new PreparedInterfaces(liveDef.withDevices(devices), created);
    }

    /**
     * libvirt's qemuInterfaceStartDevices, run just before the vCPUs start: macvtap devices go online only now, so
     * the host sends nothing with the guest's MAC before the guest runs (this matters most for the destination of a
     * migration). TAPs are already up.
     */
    public void startDevices(PreparedInterfaces p) {
        for (Device d : p.created()) {
            if (d.kind() == Kind.MACVTAP) {
                netDev.setOnline(d.name(), true);
            }
        }
    }

    /**
     * Removes exactly the devices {@link #prepare} created, newest first. Like libvirt (ignore_value on
     * virNetDevTapDelete), a device that cannot be removed is logged and the others are still removed.
     */
    public void release(PreparedInterfaces p) {
        remove(p.created());
    }

    /**
     * The devices a start made for {@code liveDef}, read back from the live (status) XML after a daemon restart, as
     * libvirt's qemuProcessStop decides from the interface type: TAPs of bridge, network and managed ethernet
     * interfaces, macvtaps of direct ones. Every such name was created by jvirt, since a start with an existing
     * name fails.
     */
    public static List<Device> createdBy(DomainDef liveDef) {
        List<Device> out = new ArrayList<>();
        for (DomainDevice d : liveDef.devices(DeviceKind.INTERFACE)) {
            String dev = d.targetDev();
            if (dev == null) {
                continue;
            }
            switch (String.valueOf(d.type())) {
                case "bridge", "network" -> out.add(new Device(dev, Kind.TAP));
                case "ethernet" -> {
                    if (!"no".equals(d.xml().child("target").attr("managed"))) {
                        out.add(new Device(dev, Kind.TAP));
                    }
                }
                case "direct" -> out.add(new Device(dev, Kind.MACVTAP));
                default -> {
                }
            }
        }
        return out;
    }

    /** The host side of one hot-plugged interface: its XML with {@code <target dev>} set, and what was created. */
    public record Connected(XmlElem iface, List<Device> created) {
        public Connected {
            created = List.copyOf(created);
        }
    }

    /**
     * Hot-plug (qemuDomainAttachNetDevice's host part): the same rules as at start — an existing target dev is
     * refused untouched, a generated vnetN never reuses a device — for TAP-backed types (bridge, network, managed
     * ethernet) and user; on failure whatever was made is removed again.
     */
    public Connected connectOne(XmlElem iface) {
        String type = String.valueOf(iface.attr("type"));
        if (!Set.of("bridge", "network", "ethernet", "user").contains(type)) {
            throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.QEMU,
                    "live attach of interface type '" + type + "' is not supported");
        }
        List<Device> created = new ArrayList<>();
        try {
            return new Connected(connect(iface, created), created);
        } catch (RuntimeException e) {
            remove(created);
            throw e;
        }
    }

    /** Removes devices made by {@link #connectOne} (an unplugged interface's TAP), newest first. */
    public void removeDevices(List<Device> devices) {
        remove(devices);
    }

    /** virNetDevReserveName for each interface of a running guest found at daemon start-up. */
    public void reserveNames(DomainDef liveDef) {
        for (DomainDevice d : liveDef.devices(DeviceKind.INTERFACE)) {
            if (d.targetDev() != null) {
                netDev.reserveName(d.targetDev());
            }
        }
    }

    private XmlElem connect(XmlElem iface, List<Device> created) {
        String type = String.valueOf(iface.attr("type"));
        XmlElem source = iface.child("source");
        XmlElem target = iface.child("target");
        if (!type.equals("ethernet") && target != null && "no".equals(target.attr("managed"))) {
            // libvirt refuses this at define time (domain_validate.c); checked again here so that such a config,
            // if it got this far, is never treated as managed.
            throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN,
                    "unmanaged target dev is not supported on interfaces of type '" + type + "'");
        }
        return switch (type) {
            case "user" -> iface;
            case "bridge" -> {
                String bridge = source == null ? null : source.attr("bridge");
                if (bridge == null || bridge.isEmpty()) {
                    throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.QEMU, "Missing bridge name");
                }
                yield tapInBridge(iface, bridge, created);
            }
            case "network" -> {
                String network = source == null ? null : source.attr("network");
                String bridge = network == null || resolver == null ? null : resolver.bridgeOf(network);
                if (bridge == null) {
                    throw VirException.of(ErrorNumber.NO_NETWORK, ErrorDomain.NETWORK,
                            "no network with matching name '" + network + "'");
                }
                // The live XML of a network interface shows the bridge it was plugged into.
                iface = iface.withChild("source", source.withAttr("bridge", bridge));
                yield tapInBridge(iface, bridge, created);
            }
            case "ethernet" -> ethernet(iface, created);
            case "direct" -> macvtap(iface, source, created);
            default -> throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.QEMU,
                    "Unsupported net type '" + type + "'");
        };
    }

    /** virNetDevTapCreateInBridgePort: create, host MAC, MTU, bridge port, up. */
    private XmlElem tapInBridge(XmlElem iface, String bridge, List<Device> created) {
        String name = createTap(iface, created);
        netDev.setMac(name, hostMac(iface));
        // Without an explicit MTU the port takes the bridge's, so that plugging it in never lowers the bridge's.
        int mtu = mtu(iface);
        netDev.setMtu(name, mtu > 0 ? mtu : netDev.getMtu(bridge));
        netDev.addToBridge(bridge, name);
        netDev.setOnline(name, true);
        return withTargetDev(iface, name);
    }

    /** qemuInterfaceEthernetConnect. */
    private XmlElem ethernet(XmlElem iface, List<Device> created) {
        XmlElem target = iface.child("target");
        if (target != null && "no".equals(target.attr("managed"))) {
            String dev = target.attr("dev");
            if (dev == null) {
                throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.QEMU,
                        "target dev must be supplied when managed='no'");
            }
            if (!netDev.exists(dev)) {
                throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.QEMU,
                        "target managed='no' but specified dev doesn't exist");
            }
            // The user's own device: no MAC, no up, no bridge, and never removed.
            return iface;
        }
        String name = createTap(iface, created);
        netDev.setMac(name, hostMac(iface));
        netDev.setOnline(name, true);
        return withTargetDev(iface, name);
    }

    /** qemuInterfaceDirectConnect: a macvtap with the guest's own MAC, left down until {@link #startDevices}. */
    private XmlElem macvtap(XmlElem iface, XmlElem source, List<Device> created) {
        String link = source == null ? null : source.attr("dev");
        if (link == null) {
            throw VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.XML,
                    "Missing required attribute 'dev' in element 'source'");
        }
        String xmlMode = source.attr("mode") == null ? "vepa" : source.attr("mode").toLowerCase(Locale.ROOT);
        String mode = MACVTAP_MODES.get(xmlMode);
        if (mode == null) {
            throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.QEMU,
                    "Unknown macvtap mode '" + source.attr("mode") + "'");
        }
        String name = targetDev(iface);
        if (name == null) {
            name = netDev.generateName(NetDev.MACVTAP_PREFIX);
        }
        // An existing name is refused by the kernel (EEXIST), the error libvirt reports too.
        netDev.createMacvtap(name, link, guestMac(iface).toString(), mode);
        created.add(new Device(name, Kind.MACVTAP));
        LOG.log(System.Logger.Level.DEBUG, "created macvtap device " + name + " on " + link + " mode " + mode);
        return withTargetDev(iface, name);
    }

    /** The TAP named by {@code <target dev>} (refused when it exists), or a fresh {@code vnetN}. */
    private String createTap(XmlElem iface, List<Device> created) {
        String name = targetDev(iface);
        if (name == null) {
            name = netDev.generateName(NetDev.VNET_PREFIX);
        }
        netDev.createTap(name, tapOwnerUid, queues(iface) > 1);
        created.add(new Device(name, Kind.TAP));
        LOG.log(System.Logger.Level.DEBUG, "created tap device " + name + " (uid " + tapOwnerUid + ")");
        return name;
    }

    /** {@code <driver queues='N'>}: QEMU opens a multi-queue TAP once per queue. */
    private static int queues(XmlElem iface) {
        XmlElem drv = iface.child("driver");
        String q = drv == null ? null : drv.attr("queues");
        return q != null && q.chars().allMatch(Character::isDigit) && !q.isEmpty() && q.length() < 9
                ? Integer.parseInt(q) : 1;
    }

    private void remove(List<Device> devices) {
        for (Device d : devices.reversed()) {
            try {
                LOG.log(System.Logger.Level.DEBUG, "removing " + d.kind() + " device " + d.name());
                netDev.delete(d.name());
            } catch (VirException e) {
                LOG.log(System.Logger.Level.WARNING, "Unable to remove " + d.kind() + " device " + d.name() + ": "
                        + e.getMessage());
            }
        }
    }

    private static String targetDev(XmlElem iface) {
        XmlElem t = iface.child("target");
        String dev = t == null ? null : t.attr("dev");
        return dev == null || dev.isEmpty() ? null : dev;
    }

    private static MacAddress guestMac(XmlElem iface) {
        XmlElem m = iface.child("mac");
        return MacAddress.parse(m == null ? null : m.attr("address")).orElseThrow(() -> VirException.of(
                ErrorNumber.INTERNAL_ERROR, ErrorDomain.QEMU, "interface has no valid MAC address"));
    }

    /**
     * The TAP's own MAC: the guest's with the first byte 0xFE (0xFA when the guest's already starts with 0xFE). A
     * bridge takes the lowest MAC of its ports, and 0xFE is above any vendor's, so the bridge never takes the guest's
     * address; equal MACs on both ends would also make the kernel log "received packet with own address".
     */
    static String hostMac(XmlElem iface) {
        byte[] b = guestMac(iface).bytes();
        b[0] = (byte) ((b[0] & 0xFF) == 0xFE ? 0xFA : 0xFE);
        return new MacAddress(b).toString();
    }

    private static int mtu(XmlElem iface) {
        XmlElem m = iface.child("mtu");
        String size = m == null ? null : m.attr("size");
        if (size == null) {
            return 0;
        }
        try {
            int mtu = Integer.parseInt(size);
            if (mtu < 0) {
                throw new NumberFormatException(size);
            }
            return mtu;
        } catch (NumberFormatException e) {
            throw VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.DOMAIN, "malformed mtu size");
        }
    }

    /** Sets {@code <target dev>}, creating {@code <target>} where libvirt writes it. */
    private static XmlElem withTargetDev(XmlElem iface, String name) {
        XmlElem t = iface.child("target");
        if (t != null) {
            return iface.withChild("target", t.withAttrAfter("dev", name));
        }
        int pos = 0;
        for (int i = 0; i < iface.children().size(); i++) {
            if (BEFORE_TARGET.contains(iface.children().get(i).name())) {
                pos = i + 1;
            }
        }
        return iface.insertChild(XmlElem.of("target", "dev", name), pos);
    }
}
