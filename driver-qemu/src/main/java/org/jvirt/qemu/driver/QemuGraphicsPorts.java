package org.jvirt.qemu.driver;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.domain.DeviceKind;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDevice;
import org.jvirt.model.domain.XmlElem;

/**
 * VNC display and websocket ports for autoport graphics (libvirt's virPortAllocator with qemu.conf's
 * remote_display_port_min/max and remote_websocket_port_min/max): the lowest port no running guest of this driver
 * holds and nothing else on the host has bound, recorded in the live definition and released when the guest stops.
 */
final class QemuGraphicsPorts {
    static final int DISPLAY_MIN = 5900;
    static final int DISPLAY_MAX = 65535;
    static final int WEBSOCKET_MIN = 5700;
    static final int WEBSOCKET_MAX = 65535;

    private final Set<Integer> used = ConcurrentHashMap.newKeySet();

    /** The live definition with every automatic VNC port chosen; {@code taken} collects them for release. */
    DomainDef allocate(DomainDef live, List<Integer> taken) {
        DomainDef out = live;
        for (DomainDevice d : live.devices(DeviceKind.GRAPHICS)) {
            XmlElem x = d.xml();
            if (!"vnc".equals(x.attr("type"))) {
                continue;
            }
            int port = parse(x.attr("port"));
            boolean auto = "yes".equals(x.attr("autoport")) || port == -1 && !"no".equals(x.attr("autoport"));
            XmlElem updated = x;
            if (auto) {
                int p = take(DISPLAY_MIN, DISPLAY_MAX, listenAddress(x));
                taken.add(p);
                updated = updated.withAttrAfter("port", Integer.toString(p), "type").withAttr("autoport", "yes");
            }
            if (parse(x.attr("websocket")) == -1 && x.attr("websocket") != null) {
                int w = take(WEBSOCKET_MIN, WEBSOCKET_MAX, listenAddress(x));
                taken.add(w);
                updated = updated.withAttr("websocket", Integer.toString(w));
            }
            if (updated != x) {
                out = out.replaceDevice(d, d.withXml(updated));
            }
        }
        return out;
    }

    /** A guest found running at reconnect keeps the ports its live definition names. */
    List<Integer> reserve(DomainDef live) {
        List<Integer> ports = new ArrayList<>();
        for (DomainDevice d : live.devices(DeviceKind.GRAPHICS)) {
            for (String attr : List.of("port", "websocket")) {
                int p = parse(d.xml().attr(attr));
                if (p > 0 && used.add(p)) {
                    ports.add(p);
                }
            }
        }
        return ports;
    }

    void release(List<Integer> ports) {
        ports.forEach(used::remove);
    }

    private int take(int min, int max, String address) {
        for (int p = min; p <= max; p++) {
            if (used.add(p)) {
                if (bindable(address, p)) {
                    return p;
                }
                used.remove(p);
            }
        }
        throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.QEMU,
                "Unable to find an unused port in range 'display' (" + min + "-" + max + ")");
    }

    /** virPortAllocatorBindToPort: the port is free when we can bind it ourselves (then let it go). */
    private static boolean bindable(String address, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(address), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String listenAddress(XmlElem x) {
        XmlElem listen = x.child("listen");
        String addr = listen != null && listen.attr("address") != null ? listen.attr("address") : x.attr("listen");
        return addr == null ? "127.0.0.1" : addr;
    }

    private static int parse(String s) {
        try {
            return s == null ? -1 : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
