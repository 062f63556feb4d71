package org.jvirt.model.nodedev;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/** One {@code <capability type='...'>} of a node device (libvirt's virNodeDevCapData variants). */
public sealed interface NodeDevCap {

    /** The capability's type name in XML. */
    String typeName();

    /** {@code <address domain bus slot function/>}. */
    record PciAddr(long domain, long bus, long slot, long function) {}

    /** A mediated device type offered by a parent device. */
    record MdevType(String id, String name, String deviceApi, long availableInstances) {}

    record System(String product, String hwVendor, String hwVersion, String hwSerial, UUID hwUuid, String fwVendor,
                  String fwVersion, String fwReleaseDate) implements NodeDevCap {
        public String typeName() { return "system"; }
    }

    /** {@code klass} -1 when absent; {@code numaNode} -1 when absent; {@code mdevTypes} null without that cap. */
    record Pci(int klass, long domain, long bus, long slot, long function, long product, String productName,
               long vendor, String vendorName, PciAddr physFunction, boolean virtFunctionsCap,
               long maxVirtualFunctions, List<PciAddr> virtFunctions, String headerType, List<MdevType> mdevTypes,
               long iommuGroup, List<PciAddr> iommuGroupDevices, int numaNode, PciExpress pciExpress)
            implements NodeDevCap {
        public String typeName() { return "pci"; }
    }

    /** {@code <pci-express>}; each link null when absent. */
    record PciExpress(PciLink cap, PciLink sta) {}

    /** port -1 when absent; speed "" when absent. */
    record PciLink(int port, String speed, int width) {}

    record UsbDevice(long bus, long device, long product, String productName, long vendor, String vendorName)
            implements NodeDevCap {
        public String typeName() { return "usb_device"; }
    }

    record UsbInterface(long number, long klass, long subclass, long protocol, String description)
            implements NodeDevCap {
        public String typeName() { return "usb"; }
    }

    /** linkSpeed 0 and linkState null when absent; features in libvirt's order; subtype null when none. */
    record Net(String ifname, String address, long linkSpeed, String linkState, Set<String> features,
               String subtype) implements NodeDevCap {
        public String typeName() { return "net"; }
    }

    /** uniqueId -1 when absent. */
    record ScsiHost(long host, int uniqueId, boolean fcHost, String wwnn, String wwpn, String fabricWwn,
                    boolean vportOps, int maxVports, int vports) implements NodeDevCap {
        public String typeName() { return "scsi_host"; }
    }

    /** rport/wwpn null unless it is an fc_remote_port. */
    record ScsiTarget(String target, String rport, String wwpn) implements NodeDevCap {
        public String typeName() { return "scsi_target"; }
    }

    record Scsi(long host, long bus, long target, long lun, String type) implements NodeDevCap {
        public String typeName() { return "scsi"; }
    }

    record Storage(String block, String bus, String driveType, String model, String vendor, String serial,
                   boolean removable, boolean mediaAvailable, long removableMediaSize, String mediaLabel, long size,
                   long logicalBlockSize, long numBlocks, boolean hotpluggable) implements NodeDevCap {
        public String typeName() { return "storage"; }

        public Storage withBlocks(long blockSize, long blocks) {
            return new Storage(block, bus, driveType, model, vendor, serial, removable, mediaAvailable,
                    removableMediaSize, mediaLabel, size, blockSize, blocks, hotpluggable);
        }
    }

    record ScsiGeneric(String path) implements NodeDevCap {
        public String typeName() { return "scsi_generic"; }
    }

    record Drm(String type) implements NodeDevCap {
        public String typeName() { return "drm"; }
    }

    record MdevAttr(String name, String value) {}

    record Mdev(String type, String uuid, String parentAddr, long iommuGroup, List<MdevAttr> attrs)
            implements NodeDevCap {
        public String typeName() { return "mdev"; }
    }

    record CcwAddr(long cssid, long ssid, long devno) {}

    record Ccw(CcwAddr addr) implements NodeDevCap {
        public String typeName() { return "ccw"; }
    }

    /** channelDevAddr null when absent; mdevTypes null without that cap. */
    record Css(CcwAddr addr, CcwAddr channelDevAddr, List<MdevType> mdevTypes) implements NodeDevCap {
        public String typeName() { return "css"; }
    }

    record Vdpa(String chardev) implements NodeDevCap {
        public String typeName() { return "vdpa"; }
    }

    record ApCard(long adapter) implements NodeDevCap {
        public String typeName() { return "ap_card"; }
    }

    record ApQueue(long adapter, long domain) implements NodeDevCap {
        public String typeName() { return "ap_queue"; }
    }

    record ApMatrix(List<MdevType> mdevTypes) implements NodeDevCap {
        public String typeName() { return "ap_matrix"; }
    }
}
