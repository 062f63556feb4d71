package org.jvirt.model.domain;

import java.util.ArrayList;
import java.util.List;

/** Controller indexes and the controllers libvirt adds implicitly (virDomainDefAddImplicitControllers). */
final class Controllers {
    private Controllers() {
    }

    static List<DomainDevice> apply(List<DomainDevice> devs) {
        List<DomainDevice> out = parseOrder(devs);
        String lastEhciIndex = null;
        for (int i = 0; i < out.size(); i++) {
            DomainDevice d = out.get(i);
            String model = d.xml().attr("model");
            if (d.kind() == DeviceKind.CONTROLLER && "usb".equals(d.xml().attr("type"))
                    && d.xml().attr("index") == null && model != null && model.startsWith("ich9-")) {
                // ICH9 EHCI/UHCI sets: a controller without an index joins the set of the ICH9 controller before
                // it, unless that set already has this model; then it opens a new set at the first free index.
                String idx = lastEhciIndex;
                if (idx == null || hasModelAt(out, model, idx)) {
                    int n = 0;
                    while (find(out, "usb", n)) {
                        n++;
                    }
                    idx = Integer.toString(n);
                }
                XmlElem x = d.xml().withAttrAfter("index", idx, "type");
                if (model.matches("ich9-uhci[123]") && x.child("master") == null) {
                    int port = (model.charAt(model.length() - 1) - '1') * 2;
                    x = DomainPostParse.insertBefore(x, XmlElem.of("master", "startport", Integer.toString(port)),
                            java.util.Set.of("alias", "address"));
                }
                out.set(i, d.withXml(x));
                lastEhciIndex = idx;
                continue;
            }
            if (d.kind() == DeviceKind.CONTROLLER && d.xml().attr("index") == null) {
                String type = d.xml().attr("type");
                int idx = 0;
                while (find(out, type, idx)) {
                    idx++;
                }
                out.set(i, d.withXml(d.xml().withAttrAfter("index", Integer.toString(idx), "type")));
            }
            DomainDevice now = out.get(i);
            if (now.kind() == DeviceKind.CONTROLLER && "usb".equals(now.xml().attr("type"))) {
                String m = now.xml().attr("model");
                lastEhciIndex = m != null && m.startsWith("ich9-") ? now.xml().attr("index") : null;
            }
        }
        for (String[] busType : new String[][]{{"ide", "ide"}, {"fdc", "fdc"}, {"scsi", "scsi"}, {"sata", "sata"}}) {
            for (DomainDevice d : List.copyOf(out)) {
                if (d.kind() != DeviceKind.DISK) {
                    continue;
                }
                XmlElem t = d.xml().child("target");
                XmlElem a = d.xml().child("address");
                if (t != null && busType[0].equals(t.attr("bus")) && a != null && "drive".equals(a.attr("type"))) {
                    ensure(out, busType[1], parse(a.attr("controller")));
                }
            }
        }
        for (DomainDevice d : List.copyOf(out)) {
            if (d.kind() == DeviceKind.CHANNEL || d.kind() == DeviceKind.CONSOLE) {
                XmlElem t = d.xml().child("target");
                if (t != null && "virtio".equals(t.attr("type"))) {
                    XmlElem a = d.xml().child("address");
                    ensure(out, "virtio-serial",
                            a != null && "virtio-serial".equals(a.attr("type")) ? parse(a.attr("controller")) : 0);
                }
            }
        }
        for (DomainDevice d : List.copyOf(out)) {
            if (d.kind() == DeviceKind.SMARTCARD) {
                XmlElem a = d.xml().child("address");
                ensure(out, "ccid", a != null && "ccid".equals(a.attr("type")) ? parse(a.attr("controller")) : 0);
            }
            if (d.kind() == DeviceKind.HOSTDEV && "scsi".equals(d.xml().attr("type"))) {
                XmlElem a = d.xml().child("address");
                ensure(out, "scsi", a != null && "drive".equals(a.attr("type")) ? parse(a.attr("controller")) : 0);
            }
        }
        return out;
    }

    /**
     * The order virDomainControllerInsertPreAlloced gives controllers as they are parsed: each goes before the
     * first later-index controller of its type (a USB master before its companions), else right after the last
     * controller of its type, else at the end.
     */
    static List<DomainDevice> parseOrder(List<DomainDevice> devs) {
        List<DomainDevice> sorted = new ArrayList<>();
        for (DomainDevice d : devs) {
            if (d.kind() != DeviceKind.CONTROLLER) {
                continue;
            }
            String type = d.xml().attr("type");
            int idx = d.xml().attr("index") == null ? -1 : parse(d.xml().attr("index"));
            boolean master = d.xml().child("master") == null;
            int insertAt = -1;
            for (int i = sorted.size() - 1; i >= 0; i--) {
                XmlElem cur = sorted.get(i).xml();
                if (!String.valueOf(type).equals(cur.attr("type"))) {
                    continue;
                }
                int curIdx = cur.attr("index") == null ? -1 : parse(cur.attr("index"));
                if (idx == -1) {
                    insertAt = i + 1;
                    break;
                }
                if (curIdx > idx) {
                    insertAt = i;
                } else if (master && cur.child("master") != null && curIdx == idx) {
                    insertAt = i;
                } else if (insertAt == -1) {
                    insertAt = i + 1;
                }
            }
            sorted.add(insertAt < 0 ? sorted.size() : insertAt, d);
        }
        List<DomainDevice> out = new ArrayList<>();
        int next = 0;
        for (DomainDevice d : devs) {
            out.add(d.kind() == DeviceKind.CONTROLLER ? sorted.get(next++) : d);
        }
        return out;
    }

    private static int parse(String s) {
        try {
            return s == null ? 0 : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean hasModelAt(List<DomainDevice> devs, String model, String index) {
        return devs.stream().anyMatch(d -> d.kind() == DeviceKind.CONTROLLER && model.equals(d.xml().attr("model"))
                && index.equals(d.xml().attr("index")));
    }

    private static boolean find(List<DomainDevice> devs, String type, int idx) {
        for (DomainDevice d : devs) {
            if (d.kind() == DeviceKind.CONTROLLER && type.equals(d.xml().attr("type"))
                    && Integer.toString(idx).equals(d.xml().attr("index"))) {
                return true;
            }
        }
        return false;
    }

    /** virDomainDefMaybeAddController: adds {@code <controller type index/>} unless it exists. */
    private static void ensure(List<DomainDevice> devs, String type, int idx) {
        if (find(devs, type, idx)) {
            return;
        }
        DomainDevice c = new DomainDevice(DeviceKind.CONTROLLER,
                XmlElem.of("controller", "type", type, "index", Integer.toString(idx)));
        // virDomainDefAddController appends: implicit controllers come after the parsed ones.
        devs.add(c);
    }
}
