package org.jvirt.model.nwfilter;

import java.util.UUID;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.core.util.MacAddress;
import org.jvirt.core.util.Uuids;
import org.jvirt.model.nwfilter.NWFilterDef.FilterRef;
import org.jvirt.model.xml.XmlNode;
import org.jvirt.model.xml.XmlParser;

/**
 * A filter binding ({@code <filterbinding>}): which filter, with which parameters, is applied to a guest's port
 * (libvirt's virNWFilterBindingDef, virnwfilterbindingdef.c), with its parser and formatter.
 *
 * @param linkDev the link device name (macvtap parent), null when absent
 */
public record NWFilterBindingDef(String ownerName, UUID ownerUuid, String portDev, String linkDev, MacAddress mac,
                                 FilterRef filter) {

    /** virNWFilterBindingDefParse on a string. */
    public static NWFilterBindingDef parse(String xmlText) {
        XmlNode root = org.jvirt.model.network.XmlProps.parseRoot(new XmlParser(), xmlText,
                "nwfilterbinding_definition", "filterbinding", ErrorDomain.NWFILTER);
        XmlNode portdev = root.child("portdev");
        String portDev = portdev == null ? null : empty(portdev.attr("name"));
        if (portDev == null) {
            throw internal("filter binding has no port dev name");
        }
        String linkDev = null;
        XmlNode linkdev = root.child("linkdev");
        if (linkdev != null) {
            linkDev = empty(linkdev.attr("name"));
            if (linkDev == null) {
                throw internal("filter binding has no link dev name");
            }
        }
        XmlNode owner = root.child("owner");
        String ownerName = owner == null || owner.child("name") == null ? null : empty(owner.child("name").text());
        if (ownerName == null) {
            throw internal("filter binding has no owner name");
        }
        String uuidText = owner.child("uuid") == null ? null : empty(owner.child("uuid").text());
        if (uuidText == null) {
            throw internal("filter binding has no owner UUID");
        }
        UUID ownerUuid = Uuids.parse(uuidText).orElseThrow(() -> internal("Unable to parse UUID '" + uuidText + "'"));
        XmlNode macNode = root.child("mac");
        String macText = macNode == null ? null : empty(macNode.attr("address"));
        if (macText == null) {
            throw internal("filter binding has no MAC address");
        }
        MacAddress mac = MacAddress.parse(macText).orElseThrow(() -> internal("Unable to parse MAC '" + macText + "'"));
        XmlNode ref = root.child("filterref");
        String filter = ref == null ? null : empty(ref.attr("filter"));
        if (filter == null) {
            throw internal("filter binding has no filter reference");
        }
        return new NWFilterBindingDef(ownerName, ownerUuid, portDev, linkDev, mac,
                new FilterRef(filter, NWFilterDefParser.parseParams(ref)));
    }

    /** virNWFilterBindingDefFormat. */
    public static String format(NWFilterBindingDef def) {
        StringBuilder b = new StringBuilder("<filterbinding>\n  <owner>\n");
        b.append("    <name>").append(org.jvirt.model.xml.XmlWriter.escape(def.ownerName())).append("</name>\n");
        b.append("    <uuid>").append(def.ownerUuid()).append("</uuid>\n  </owner>\n");
        b.append("  <portdev name='").append(org.jvirt.model.xml.XmlWriter.escape(def.portDev())).append("'/>\n");
        if (def.linkDev() != null) {
            b.append("  <linkdev name='").append(org.jvirt.model.xml.XmlWriter.escape(def.linkDev())).append("'/>\n");
        }
        b.append("  <mac address='").append(def.mac()).append("'/>\n");
        NWFilterDefFormatter.formatFilterRef(b, def.filter(), "  ");
        b.append("</filterbinding>\n");
        return b.toString();
    }

    private static String empty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static VirException internal(String detail) {
        return VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.NWFILTER, detail);
    }
}
