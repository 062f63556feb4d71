package org.jvirt.model.network;

import java.util.List;
import java.util.UUID;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.core.util.Uuids;
import org.jvirt.model.xml.XmlNode;
import org.jvirt.model.xml.XmlWriter;

/**
 * {@code <virtualport>}: libvirt's virNetDevVPortProfile. Null components are unspecified parameters.
 *
 * @param type one of {@link #TYPES}: "none" (no type attribute), "802.1Qbg", "802.1Qbh", "openvswitch", "midonet"
 */
public record VirtualPortProfile(String type, Integer managerId, Integer typeId, Integer typeIdVersion,
                                 UUID instanceId, String profileId, UUID interfaceId) {

    public static final List<String> TYPES = List.of("none", "802.1Qbg", "802.1Qbh", "openvswitch", "midonet");

    /** virNetDevVPortProfileParse; {@code requireType} is VIR_VPORT_XML_REQUIRE_TYPE. */
    public static VirtualPortProfile parse(XmlNode node, boolean requireType) {
        String type = "none";
        String t = node.attr("type");
        if (t != null) {
            int i = TYPES.indexOf(t);
            if (i <= 0) {
                throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.NONE, "unknown virtualport type " + t);
            }
            type = t;
        }
        if (type.equals("none") && requireType) {
            throw VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.NONE, "missing required virtualport type");
        }
        XmlNode p = node.child("parameters");
        Integer managerId = null;
        Integer typeId = null;
        Integer typeIdVersion = null;
        UUID instanceId = null;
        String profileId = null;
        UUID interfaceId = null;
        if (p != null) {
            managerId = number(p.attr("managerid"), "managerid", 0xff, "value of managerid out of range");
            typeId = number(p.attr("typeid"), "typeid", 0xffffff, "value for typeid out of range");
            typeIdVersion = number(p.attr("typeidversion"), "typeidversion", 0xff,
                    "value of typeidversion out of range");
            String v = p.attr("instanceid");
            if (v != null) {
                instanceId = Uuids.parse(v).orElseThrow(() -> xmlError("cannot parse instanceid parameter as a uuid"));
            }
            profileId = p.attr("profileid");
            if (profileId != null && profileId.length() >= 40) {
                throw xmlError("profileid parameter too long");
            }
            if (profileId != null && profileId.isEmpty()) {
                profileId = null;
            }
            v = p.attr("interfaceid");
            if (v != null) {
                interfaceId = Uuids.parse(v).orElseThrow(() -> xmlError("cannot parse interfaceid parameter as a uuid"));
            }
        }
        VirtualPortProfile vp = new VirtualPortProfile(type, managerId, typeId, typeIdVersion, instanceId, profileId,
                interfaceId);
        vp.checkNoExtras();
        return vp;
    }

    private static Integer number(String v, String name, int max, String rangeError) {
        if (v == null) {
            return null;
        }
        long n = XmlProps.parseUnsigned(v, 0, 0xffffffffL);
        if (n < 0) {
            throw xmlError("cannot parse value of " + name + " parameter");
        }
        if (n > max) {
            throw xmlError(rangeError);
        }
        return (int) n;
    }

    private static VirException xmlError(String detail) {
        return VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.NONE, detail);
    }

    /** virNetDevVPortProfileCheckNoExtras: parameters the type does not use are refused. */
    private void checkNoExtras() {
        String extra = switch (type) {
            case "802.1Qbg" -> profileId != null ? "profileid" : interfaceId != null ? "interfaceid" : null;
            case "802.1Qbh" -> managerId != null ? "managerid" : typeId != null ? "typeid"
                    : typeIdVersion != null ? "typeidversion" : instanceId != null ? "instanceid"
                    : interfaceId != null ? "interfaceid" : null;
            case "openvswitch" -> managerId != null ? "managerid" : typeId != null ? "typeid"
                    : typeIdVersion != null ? "typeidversion" : instanceId != null ? "instanceid" : null;
            case "midonet" -> managerId != null ? "managerid" : typeId != null ? "typeid"
                    : typeIdVersion != null ? "typeidversion" : instanceId != null ? "instanceid"
                    : profileId != null ? "profileid" : null;
            default -> null;
        };
        if (extra != null) {
            throw VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.NET,
                    "extra " + extra + " unsupported in <virtualport type='" + type + "'>");
        }
    }

    /** virNetDevVPortProfileFormat. */
    public void format(XmlWriter w) {
        boolean noParameters = managerId == null && typeId == null && typeIdVersion == null && instanceId == null
                && profileId == null && interfaceId == null;
        boolean none = type.equals("none");
        if (noParameters) {
            if (!none) {
                w.empty("virtualport", "type", type);
            }
            return;
        }
        w.open("virtualport", "type", none ? null : type);
        boolean qbg = none || type.equals("802.1Qbg");
        boolean ifaceOk = none || type.equals("midonet") || type.equals("openvswitch");
        boolean profOk = none || type.equals("openvswitch") || type.equals("802.1Qbh");
        w.empty("parameters",
                "managerid", qbg && managerId != null ? managerId.toString() : null,
                "typeid", qbg && typeId != null ? typeId.toString() : null,
                "typeidversion", qbg && typeIdVersion != null ? typeIdVersion.toString() : null,
                "instanceid", qbg && instanceId != null ? instanceId.toString() : null,
                "interfaceid", ifaceOk && interfaceId != null ? interfaceId.toString() : null,
                "profileid", profOk && profileId != null ? profileId : null);
        w.close("virtualport");
    }
}
