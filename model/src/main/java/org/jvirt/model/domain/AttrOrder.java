package org.jvirt.model.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * libvirt writes attributes in the order its format functions print them, whatever the input order; this table
 * holds that order for the elements where inputs commonly differ. Keys are "parent/element" (or
 * "address:TYPE" for addresses); attributes not listed keep their input order after the listed ones.
 */
final class AttrOrder {
    private static final Map<String, List<String>> ORDER = Map.ofEntries(
            Map.entry("devices/disk", List.of("type", "device", "model", "rawio", "sgio", "snapshot")),
            Map.entry("devices/controller", List.of("type", "index", "model", "ports", "vectors",
                    "maxGrantFrames", "maxEventChannels")),
            Map.entry("devices/graphics", List.of("type", "socket", "port", "tlsPort", "autoport", "websocket",
                    "websocketGenerated", "listen", "keymap", "defaultMode", "sharePolicy", "passwd",
                    "passwdValidTo", "connected")),
            Map.entry("devices/filesystem", List.of("type", "accessmode", "model", "multidevs", "fmode", "dmode")),
            Map.entry("devices/interface", List.of("type", "managed", "trustGuestRxFilters")),
            Map.entry("devices/hostdev", List.of("mode", "type", "managed", "model", "display", "ramfb")),
            Map.entry("devices/redirdev", List.of("bus", "type")),
            Map.entry("devices/smartcard", List.of("mode", "type")),
            Map.entry("video/model", List.of("type", "ram", "vram", "vram64", "vgamem", "heads", "primary")),
            Map.entry("disk/source", List.of("file", "dev", "dir", "protocol", "name", "pool", "volume", "mode",
                    "tls", "tlsHostname", "query", "startupPolicy", "index")),
            Map.entry("disk/target", List.of("dev", "bus", "tray", "removable", "rotation_rate")),
            Map.entry("disk/driver", List.of("name", "type", "cache", "error_policy", "rerror_policy", "io",
                    "ioeventfd", "event_idx", "copy_on_read", "discard", "iothread", "detect_zeroes", "queues",
                    "queue_size")),
            Map.entry("channel/target", List.of("type", "name", "state")),
            Map.entry("domain/seclabel", List.of("type", "model", "relabel")),
            Map.entry("domain/cpu", List.of("mode", "match", "check", "migratable")),
            Map.entry("numatune/memory", List.of("mode", "nodeset", "placement")),
            Map.entry("numatune/memnode", List.of("cellid", "mode", "nodeset")),
            Map.entry("zpci", List.of("uid", "fid")),
            Map.entry("address:pci", List.of("type", "domain", "bus", "slot", "function", "multifunction")),
            Map.entry("address:drive", List.of("type", "controller", "bus", "target", "unit")),
            Map.entry("address:virtio-serial", List.of("type", "controller", "bus", "port")),
            Map.entry("address:ccw", List.of("type", "cssid", "ssid", "devno")),
            Map.entry("address:usb", List.of("type", "bus", "port")));

    private AttrOrder() {
    }

    /** Reorders attributes of {@code e} and its descendants; {@code parent} is the enclosing element's name. */
    static XmlElem apply(XmlElem e, String parent) {
        String key = e.name().equals("address") ? "address:" + e.attr("type") : parent + "/" + e.name();
        List<String> order = ORDER.get(key);
        if (order == null) {
            order = ORDER.get(e.name());
        }
        if (order != null && e.attrs().size() > 1) {
            List<XmlElem.Attr> out = new ArrayList<>();
            for (String n : order) {
                String v = e.attr(n);
                if (v != null) {
                    out.add(new XmlElem.Attr(n, v));
                }
            }
            for (XmlElem.Attr a : e.attrs()) {
                if (!order.contains(a.name())) {
                    out.add(a);
                }
            }
            e = e.withAttrs(out);
        }
        if (e.children().isEmpty()) {
            return e;
        }
        String name = e.name();
        return e.withChildren(e.children().stream().map(c -> apply(c, name)).toList());
    }
}
