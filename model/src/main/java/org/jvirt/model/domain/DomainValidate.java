package org.jvirt.model.domain;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

/** virDomainDefValidate and the parse-time checks libvirt runs, with libvirt's error codes and texts. */
final class DomainValidate {
    private DomainValidate() {
    }

    static void validate(DomainDef def, ParseOptions options) {
        if (def.name().indexOf('/') >= 0) {
            throw xml("name " + def.name() + " cannot contain '/'");
        }
        if (def.currentVcpus() > def.maxVcpus()) {
            throw unsupported("maximum vCPU count must not be less than current vCPU count");
        }
        XmlElem os = def.section("os").orElseThrow();
        XmlElem bootmenu = os.child("bootmenu");
        if (bootmenu != null && bootmenu.attr("timeout") != null) {
            long t = parseLong(bootmenu.attr("timeout"), -1);
            if (t < 0 || t > 65535) {
                throw unsupported("invalid value for boot menu timeout, must be in range [0,65535]");
            }
        }
        XmlElem numatune = def.section("numatune").orElse(null);
        if (numatune != null && numatune.child("memory") != null) {
            XmlElem m = numatune.child("memory");
            if ("static".equals(m.attr("placement")) && m.attr("nodeset") == null) {
                throw unsupported("nodeset for NUMA memory tuning must be set if 'placement' is 'static'");
            }
        }
        controllers(def.devices(DeviceKind.CONTROLLER));
        disks(def.devices(DeviceKind.DISK));
        videos(def.devices(DeviceKind.VIDEO));
        for (DomainDevice d : def.devices(DeviceKind.TPM)) {
            if (d.xml().child("backend") == null) {
                throw xml("missing TPM device backend");
            }
        }
    }

    /** Boot order on devices and {@code <os><boot>} exclude each other (checked before boot defaults). */
    static void bootOrder(DomainDef def) {
        boolean deviceBoot = def.devices().stream().anyMatch(d -> d.xml().child("boot") != null);
        boolean osBoot = def.section("os").map(o -> o.child("boot") != null).orElse(false);
        if (deviceBoot && osBoot) {
            throw unsupported("per-device boot elements cannot be used together with os/boot elements");
        }
    }

    private static void controllers(List<DomainDevice> ctrls) {
        Set<String> seen = new HashSet<>();
        for (DomainDevice c : ctrls) {
            String index = c.xml().attr("index");
            if (index != null && index.strip().startsWith("-")) {
                throw xml("Invalid value for attribute 'index' in element 'controller': '" + index
                        + "'. Expected non-negative value");
            }
            if (c.xml().child("master") != null || "usb".equals(c.xml().attr("type"))) {
                // USB companions share their master's index.
                continue;
            }
            if (!seen.add(c.xml().attr("type") + "/" + index)) {
                throw xml("Multiple '" + c.xml().attr("type") + "' controllers with index '" + index + "'");
            }
        }
    }

    private static void disks(List<DomainDevice> disks) {
        Map<String, String> sourceByTarget = new HashMap<>();
        Map<String, String> targetByAddress = new HashMap<>();
        for (DomainDevice d : disks) {
            XmlElem x = d.xml();
            String type = x.attr("type");
            if ("lun".equals(x.attr("device")) && ("file".equals(type) || "dir".equals(type))) {
                throw unsupported("disk device='lun' is only valid for block type disk source");
            }
            String target = d.targetDev();
            if (target == null) {
                continue;
            }
            String src = sourcePath(x);
            if (sourceByTarget.containsKey(target)) {
                throw xml("target '" + target + "' duplicated for disk sources '" + sourceByTarget.get(target)
                        + "' and '" + src + "'");
            }
            sourceByTarget.put(target, src);
            XmlElem a = x.child("address");
            if (a != null && "drive".equals(a.attr("type"))) {
                String key = "controller='" + a.attr("controller") + "' bus='" + a.attr("bus") + "' target='"
                        + a.attr("target") + "' unit='" + a.attr("unit") + "'";
                String bus = x.child("target").attr("bus");
                if (targetByAddress.containsKey(bus + key)) {
                    throw unsupported("Found duplicate drive address for disk with target name '" + target + "' "
                            + key);
                }
                targetByAddress.put(bus + key, target);
            }
        }
    }

    private static String sourcePath(XmlElem disk) {
        XmlElem s = disk.child("source");
        if (s == null) {
            return "(null)";
        }
        for (String a : List.of("file", "dev", "dir", "name", "volume")) {
            if (s.attr(a) != null) {
                return s.attr(a);
            }
        }
        return "(null)";
    }

    private static void videos(List<DomainDevice> videos) {
        int primaries = 0;
        for (DomainDevice v : videos) {
            XmlElem m = v.xml().child("model");
            if (m != null && "yes".equals(m.attr("primary"))) {
                primaries++;
            }
            if (m != null && "none".equals(m.attr("type")) && videos.size() > 1) {
                throw unsupported("a 'none' video type must be the only video device defined for the domain");
            }
        }
        if (primaries > 1) {
            throw unsupported("Only one primary video device is supported");
        }
    }

    /** virPCIDeviceAddressIsValid, as the parser reports it. */
    static void pciAddress(long bus, long slot, long function) {
        if (bus > 0xFF) {
            throw xml("Invalid PCI address bus='0x" + Long.toHexString(bus) + "', must be <= 0xFF");
        }
        if (slot > 0x1F) {
            throw xml("Invalid PCI address slot='0x" + Long.toHexString(slot) + "', must be <= 0x1F");
        }
        if (function > 7) {
            throw xml("Invalid PCI address function=0x" + Long.toHexString(function) + ", must be <= 7");
        }
    }

    private static long parseLong(String s, long dflt) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    private static VirException xml(String detail) {
        return VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.DOMAIN, detail);
    }

    private static VirException unsupported(String detail) {
        return VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN, detail);
    }
}
