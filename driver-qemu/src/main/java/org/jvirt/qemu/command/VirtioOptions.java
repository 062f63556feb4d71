package org.jvirt.qemu.command;

import java.util.Set;

import org.jvirt.model.domain.XmlElem;

/**
 * qemuBuildVirtioOptionsProps: the {@code <driver iommu= ats= packed=>} switches every virtio device takes,
 * written right after the device's driver name.
 */
final class VirtioOptions {

    private static final String[][] OPTIONS = {{"iommu", "iommu_platform"}, {"ats", "ats"}, {"packed", "packed"}};

    private VirtioOptions() {}

    /**
     * Adds the switches of {@code driver} (may be null) to {@code j}; any attribute other than the switches and
     * {@code alsoAllowed} (which the caller handles) is refused.
     */
    static Json add(Json j, XmlElem driver, Set<String> alsoAllowed) {
        if (driver == null) {
            return j;
        }
        for (XmlElem.Attr a : driver.attrs()) {
            if (!Set.of("iommu", "ats", "packed").contains(a.name()) && !alsoAllowed.contains(a.name())) {
                throw QemuCommandBuilder.unsupported("driver " + a.name());
            }
        }
        if (!driver.children().isEmpty()) {
            throw QemuCommandBuilder.unsupported("driver children");
        }
        for (String[] o : OPTIONS) {
            String v = driver.attr(o[0]);
            if (v != null) {
                j.put(o[1], v.equals("on"));
            }
        }
        return j;
    }

    /** True when {@code driver} sets any of the switches. */
    static boolean any(XmlElem driver) {
        return driver != null && (driver.attr("iommu") != null || driver.attr("ats") != null
                || driver.attr("packed") != null);
    }
}
