package org.jvirt.model.domain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Serial/console pairing (virDomainDefAddConsoleCompat) and default target ports. libvirt keeps the first console
 * of an HVM guest as an alias of the first serial port: it prints the serial's source with
 * {@code <target type='serial' port='N'/>}.
 */
final class Chardevs {
    private Chardevs() {
    }

    static List<DomainDevice> apply(List<DomainDevice> devs, String osType) {
        List<DomainDevice> out = new ArrayList<>();
        for (DomainDevice d : devs) {
            out.add(isChardev(d.kind()) ? d.withXml(source(d.xml())) : d);
        }
        assignPorts(out, DeviceKind.SERIAL);
        assignPorts(out, DeviceKind.PARALLEL);
        boolean hvm = "hvm".equals(osType);
        return pair(out, hvm);
    }

    /** Serial and parallel ports: each without a port gets the first free one. */
    private static void assignPorts(List<DomainDevice> out, DeviceKind kind) {
        Set<String> usedPorts = new HashSet<>();
        for (DomainDevice d : out) {
            if (d.kind() == kind) {
                XmlElem t = d.xml().child("target");
                if (t != null && t.attr("port") != null) {
                    usedPorts.add(t.attr("port"));
                }
            }
        }
        for (int i = 0; i < out.size(); i++) {
            DomainDevice d = out.get(i);
            if (d.kind() == kind) {
                XmlElem t = d.xml().child("target");
                if (t == null || t.attr("port") == null) {
                    int p = 0;
                    while (usedPorts.contains(Integer.toString(p))) {
                        p++;
                    }
                    usedPorts.add(Integer.toString(p));
                    XmlElem nt = t == null ? XmlElem.of("target", "port", Integer.toString(p))
                            : t.withAttrAfter("port", Integer.toString(p), "type");
                    out.set(i, d.withXml(setTarget(d.xml(), nt)));
                }
            }
        }
    }

    private static List<DomainDevice> pair(List<DomainDevice> out, boolean hvm) {
        if (!hvm) {
            return out;
        }
        int firstConsole = indexOf(out, DeviceKind.CONSOLE);
        int firstSerial = indexOf(out, DeviceKind.SERIAL);
        if (firstConsole >= 0) {
            XmlElem con = out.get(firstConsole).xml();
            XmlElem ct = con.child("target");
            String ctype = ct == null ? null : ct.attr("type");
            if (ctype == null || ctype.equals("serial")) {
                if (firstSerial < 0) {
                    String port = ct != null && ct.attr("port") != null ? ct.attr("port") : "0";
                    XmlElem serial = new XmlElem("serial", con.attrs(), con.children(), con.text());
                    serial = setTarget(serial, XmlElem.of("target", "port", port));
                    out.add(new DomainDevice(DeviceKind.SERIAL, serial));
                    firstSerial = out.size() - 1;
                }
                out.set(firstConsole, new DomainDevice(DeviceKind.CONSOLE, consoleOf(out.get(firstSerial).xml())));
            }
        } else if (firstSerial >= 0 && !nativeSerial(out.get(firstSerial).xml())) {
            out.add(new DomainDevice(DeviceKind.CONSOLE, consoleOf(out.get(firstSerial).xml())));
        }
        // Other consoles: a target port by position.
        int n = 0;
        for (int i = 0; i < out.size(); i++) {
            DomainDevice d = out.get(i);
            if (d.kind() == DeviceKind.CONSOLE) {
                XmlElem t = d.xml().child("target");
                if (t != null && t.attr("port") == null) {
                    out.set(i, d.withXml(setTarget(d.xml(), t.withAttrAfter("port", Integer.toString(n), "type"))));
                }
                n++;
            }
        }
        return out;
    }

    /** The console libvirt prints for a serial port: same source, target type='serial' with the serial's port. */
    private static XmlElem consoleOf(XmlElem serial) {
        XmlElem st = serial.child("target");
        String port = st == null || st.attr("port") == null ? "0" : st.attr("port");
        XmlElem c = new XmlElem("console", serial.attrs(), serial.children(), serial.text());
        return setTarget(c, XmlElem.of("target", "type", "serial", "port", port));
    }

    /** Serial ports on PCI or USB get no compat console. */
    private static boolean nativeSerial(XmlElem serial) {
        XmlElem t = serial.child("target");
        String type = t == null ? null : t.attr("type");
        return "pci-serial".equals(type) || "usb-serial".equals(type);
    }

    private static XmlElem setTarget(XmlElem x, XmlElem target) {
        if (x.child("target") != null) {
            return x.withChild("target", target);
        }
        List<XmlElem> kids = x.children();
        int i = 0;
        while (i < kids.size() && Set.of("source", "log", "protocol").contains(kids.get(i).name())) {
            i++;
        }
        return x.insertChild(target, i);
    }

    static boolean isChardev(DeviceKind k) {
        return k == DeviceKind.SERIAL || k == DeviceKind.PARALLEL || k == DeviceKind.CONSOLE
                || k == DeviceKind.CHANNEL;
    }

    /** A unix socket without a path has no {@code <source>} in libvirt's output. */
    private static XmlElem source(XmlElem x) {
        XmlElem src = x.child("source");
        if ("unix".equals(x.attr("type")) && src != null && src.attr("path") == null
                && src.children().isEmpty()) {
            return x.withChild("source", null);
        }
        return x;
    }

    private static int indexOf(List<DomainDevice> l, DeviceKind k) {
        for (int i = 0; i < l.size(); i++) {
            if (l.get(i).kind() == k) {
                return i;
            }
        }
        return -1;
    }
}
