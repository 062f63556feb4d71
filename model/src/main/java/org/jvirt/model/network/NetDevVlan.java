package org.jvirt.model.network;

import java.util.ArrayList;
import java.util.List;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.xml.XmlNode;
import org.jvirt.model.xml.XmlWriter;

/**
 * {@code <vlan>}: libvirt's virNetDevVlan.
 *
 * @param nativeMode "tagged" or "untagged" for the tag {@code nativeTag}, null for none
 */
public record NetDevVlan(boolean trunk, List<Integer> tags, String nativeMode, int nativeTag) {
    private static final List<String> NATIVE_MODES = List.of("default", "tagged", "untagged");

    public NetDevVlan {
        tags = List.copyOf(tags);
    }

    /** virNetDevVlanParse. */
    public static NetDevVlan parse(XmlNode node) {
        List<XmlNode> tagNodes = node.children("tag");
        if (tagNodes.isEmpty()) {
            throw error("missing tag id - each <vlan> must have at least one <tag id='n'/> subelement");
        }
        List<Integer> tags = new ArrayList<>();
        String nativeMode = null;
        int nativeTag = 0;
        for (XmlNode t : tagNodes) {
            long id = XmlProps.uintRequired(t, "id", 10);
            if (id > 4095) {
                throw error("vlan tag id " + id + " too large (maximum 4095)");
            }
            tags.add((int) id);
            int mode = XmlProps.enumValue(t, "nativeMode", NATIVE_MODES, true);
            if (mode > 0) {
                if (nativeMode != null) {
                    throw error("duplicate native vlan setting");
                }
                nativeMode = NATIVE_MODES.get(mode);
                nativeTag = (int) id;
            }
        }
        boolean trunk = tags.size() > 1;
        String tr = node.attr("trunk");
        if (tr != null) {
            trunk = tr.equalsIgnoreCase("yes");
            if (!trunk) {
                if (tags.size() > 1) {
                    throw error("invalid \"trunk='" + tr + "'\" in <vlan> - trunk='yes' is required for more than one vlan tag");
                }
                if (nativeMode != null) {
                    throw error("invalid configuration in <vlan> - \"trunk='no'\" is not allowed with a native vlan id");
                }
                if (!tr.equalsIgnoreCase("no")) {
                    throw error("invalid \"trunk='" + tr + "'\" in <vlan> - must be yes or no");
                }
            }
        }
        return new NetDevVlan(trunk, tags, nativeMode, nativeTag);
    }

    private static VirException error(String detail) {
        return VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.NONE, detail);
    }

    /** virNetDevVlanFormat. */
    public void format(XmlWriter w) {
        if (tags.isEmpty()) {
            return;
        }
        w.open("vlan", "trunk", trunk ? "yes" : null);
        for (int t : tags) {
            w.empty("tag", "id", Integer.toString(t), "nativeMode", nativeMode != null && nativeTag == t ? nativeMode : null);
        }
        w.close("vlan");
    }
}
