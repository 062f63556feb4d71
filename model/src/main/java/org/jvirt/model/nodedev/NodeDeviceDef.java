package org.jvirt.model.nodedev;

import java.util.List;

/**
 * A node device ({@code <device>}, libvirt's virNodeDeviceDef). {@code parentWwnn}/{@code parentWwpn}/
 * {@code parentFabricWwn} are the attributes of {@code <parent>} used by nodedev-create of a vHBA; they are read but,
 * as in libvirt, never printed. {@code driver} is what a host driver reports (not read from XML).
 */
public record NodeDeviceDef(String name, String sysfsPath, String devnode, List<String> devlinks, String parent,
                            String parentWwnn, String parentWwpn, String parentFabricWwn, String driver,
                            List<NodeDevCap> caps) {

    public NodeDeviceDef {
        devlinks = List.copyOf(devlinks);
        caps = List.copyOf(caps);
    }

    public NodeDeviceDef withName(String newName) {
        return new NodeDeviceDef(newName, sysfsPath, devnode, devlinks, parent,
                parentWwnn, parentWwpn, parentFabricWwn, driver, caps);
    }

    public NodeDeviceDef withParent(String newParent) {
        return new NodeDeviceDef(name, sysfsPath, devnode, devlinks, newParent, parentWwnn, parentWwpn,
                parentFabricWwn, driver, caps);
    }

    public NodeDeviceDef withCaps(List<NodeDevCap> newCaps) {
        return new NodeDeviceDef(name, sysfsPath, devnode, devlinks, parent, parentWwnn, parentWwpn,
                parentFabricWwn, driver, newCaps);
    }

    /** The first capability of the given kind, or null. */
    public <T extends NodeDevCap> T cap(Class<T> kind) {
        for (NodeDevCap c : caps) {
            if (kind.isInstance(c)) {
                return kind.cast(c);
            }
        }
        return null;
    }
}
