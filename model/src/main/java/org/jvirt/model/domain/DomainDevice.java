package org.jvirt.model.domain;

/**
 * One device of {@code <devices>}: its kind and its element tree as libvirt would format it.
 * Accessors read the fields the drivers look devices up by (target, alias, MAC).
 */
public record DomainDevice(DeviceKind kind, XmlElem xml) {

    /** The device's type attribute (disk type, interface type, chardev type...), or null. */
    public String type() {
        return xml.attr("type");
    }

    /** {@code <target dev>} of a disk or interface, else null. */
    public String targetDev() {
        XmlElem t = xml.child("target");
        return t == null ? null : t.attr("dev");
    }

    /** {@code <alias name>}, or null. */
    public String alias() {
        XmlElem a = xml.child("alias");
        return a == null ? null : a.attr("name");
    }

    /** {@code <mac address>} of an interface, or null. */
    public String mac() {
        XmlElem m = xml.child("mac");
        return m == null ? null : m.attr("address");
    }

    public DomainDevice withXml(XmlElem x) {
        return new DomainDevice(kind, x);
    }
}
