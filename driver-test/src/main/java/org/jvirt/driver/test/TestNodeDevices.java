package org.jvirt.driver.test;

import java.util.ArrayList;
import java.util.List;
import org.jvirt.api.event.ObjectEvent;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.nodedev.NodeDevCap;
import org.jvirt.model.nodedev.NodeDeviceDef;
import org.jvirt.model.nodedev.NodeDeviceFormatter;
import org.jvirt.model.nodedev.NodeDeviceParser;
import org.jvirt.spi.NodeDeviceOps;
import org.jvirt.spi.Refs.NodeDeviceRef;

/**
 * Node devices of the test driver. Creating a device makes a vHBA as testNodeDeviceMockCreateVport does: a copy of
 * "scsi_host11" named "scsi_host12", under the requested parent, with the requested WWNN/WWPN.
 */
final class TestNodeDevices implements NodeDeviceOps {
    static final int EVENT_CREATED = 0;
    static final int EVENT_DELETED = 1;
    private static final String TEMPLATE = "scsi_host11";
    private static final String VPORT_NAME = "scsi_host12";

    private final TestDriver driver;

    TestNodeDevices(TestDriver driver) {
        this.driver = driver;
    }

    private TestObjects.NodeDev find(String name) {
        for (TestObjects.NodeDev d : driver.objects.nodeDevices) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        throw Errors.of(ErrorNumber.NO_NODE_DEVICE, "no node device with matching name '" + name + "'");
    }

    private static List<String> caps(TestObjects.NodeDev d) {
        return d.def.caps().stream().map(NodeDevCap::typeName).toList();
    }

    /** The seam to the node device model: a device as a host driver reports it. */
    static NodeDeviceDef parse(String xml) {
        return new NodeDeviceParser().parseExisting(xml);
    }

    private static int capBit(String cap) {
        return switch (cap) {
            case "system" -> 0;
            case "pci" -> 1;
            case "usb_device" -> 2;
            case "usb" -> 3;
            case "net" -> 4;
            case "scsi_host" -> 5;
            case "scsi_target" -> 6;
            case "scsi" -> 7;
            case "storage" -> 8;
            case "fc_host" -> 9;
            case "vports" -> 10;
            case "scsi_generic" -> 11;
            case "drm" -> 12;
            case "mdev_types" -> 13;
            case "mdev" -> 14;
            case "ccw" -> 15;
            case "css" -> 16;
            case "vdpa" -> 17;
            case "ap_card" -> 18;
            case "ap_queue" -> 19;
            case "ap_matrix" -> 20;
            case "vpd" -> 21;
            default -> -1;
        };
    }

    @Override
    public List<NodeDeviceRef> listAll(int flags) {
        Errors.checkFlags(flags, 0x3FFFFF, "testConnectListAllNodeDevices");
        return driver.locked(() -> driver.objects.nodeDevices.stream()
                .filter(d -> flags == 0 || caps(d).stream().anyMatch(c -> capBit(c) >= 0
                        && (flags & (1 << capBit(c))) != 0))
                .map(d -> new NodeDeviceRef(d.name())).toList());
    }

    @Override
    public int numOfDevices(String cap, int flags) {
        Errors.checkFlags(flags, 0, "testNodeNumOfDevices");
        return driver.locked(() -> (int) driver.objects.nodeDevices.stream()
                .filter(d -> cap == null || caps(d).contains(cap)).count());
    }

    @Override
    public List<String> listDevices(String cap, int maxnames, int flags) {
        Errors.checkFlags(flags, 0, "testNodeListDevices");
        return driver.locked(() -> driver.objects.nodeDevices.stream()
                .filter(d -> cap == null || caps(d).contains(cap)).map(TestObjects.NodeDev::name)
                .limit(Math.max(0, maxnames)).toList());
    }

    @Override
    public NodeDeviceRef lookupByName(String name) {
        return driver.locked(() -> new NodeDeviceRef(find(name).name()));
    }

    @Override
    public String getXMLDesc(NodeDeviceRef dev, int flags) {
        Errors.checkFlags(flags, 0, "testNodeDeviceGetXMLDesc");
        return driver.locked(() -> new NodeDeviceFormatter().format(find(dev.name()).def));
    }

    @Override
    public String getParent(NodeDeviceRef dev) {
        return driver.locked(() -> {
            String parent = find(dev.name()).parent();
            if (parent == null) {
                throw Errors.internal("no parent for this device");
            }
            return parent;
        });
    }

    @Override
    public List<String> listCaps(NodeDeviceRef dev) {
        return driver.locked(() -> caps(find(dev.name())));
    }

    @Override
    public NodeDeviceRef createXML(String text, int flags) {
        Errors.checkFlags(flags, 0, "testNodeDeviceCreateXML");
        NodeDeviceDef req = new NodeDeviceParser().parseForCreate(text);
        NodeDevCap.ScsiHost fc = fcHost(req);
        if (fc == null) {
            throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.NODEDEV,
                    "Device is not a fibre channel HBA");
        }
        String parent = req.parent();
        return driver.locked(() -> {
            if (parent == null) {
                throw Errors.internal("cannot find parent '(null)' definition");
            }
            NodeDevCap.ScsiHost parentHost = find(parent).def.cap(NodeDevCap.ScsiHost.class);
            if (parentHost == null || !parentHost.vportOps()) {
                // virNodeDeviceFindFCParentHost: only an HBA with vport_ops can host a vHBA
                throw Errors.internal("Parent device " + parent + " is not capable of vport operations");
            }
            NodeDeviceDef def = find(TEMPLATE).def.withName(VPORT_NAME).withParent(parent);
            List<NodeDevCap> caps = new ArrayList<>();
            for (NodeDevCap c : def.caps()) {
                if (c instanceof NodeDevCap.ScsiHost h) {
                    caps.add(new NodeDevCap.ScsiHost(h.host(), h.uniqueId(), true, fc.wwnn(), fc.wwpn(),
                            h.fabricWwn(), h.vportOps(), h.maxVports(), h.vports()));
                } else {
                    caps.add(c);
                }
            }
            TestObjects.NodeDev created = new TestObjects.NodeDev(def.withCaps(caps));
            driver.objects.nodeDevices.removeIf(d -> d.name().equals(VPORT_NAME));
            driver.objects.nodeDevices.add(created);
            driver.events.emit(new ObjectEvent.NodeDeviceLifecycle(new NodeDeviceRef(VPORT_NAME), EVENT_CREATED,
                    0));
            return new NodeDeviceRef(VPORT_NAME);
        });
    }

    /** The fc_host part of a scsi_host capability, or null. */
    private static NodeDevCap.ScsiHost fcHost(NodeDeviceDef dev) {
        NodeDevCap.ScsiHost h = dev.cap(NodeDevCap.ScsiHost.class);
        return h != null && h.fcHost() && h.wwnn() != null && h.wwpn() != null ? h : null;
    }

    /** testNodeDeviceDestroy: removes a vHBA; a device that is not one is left as it is. */
    @Override
    public void destroy(NodeDeviceRef dev) {
        driver.lockedRun(() -> {
            TestObjects.NodeDev d = find(dev.name());
            if (fcHost(d.def) == null || d.parent() == null) {
                return;
            }
            driver.objects.nodeDevices.remove(d);
            driver.events.emit(new ObjectEvent.NodeDeviceLifecycle(new NodeDeviceRef(d.name()), EVENT_DELETED, 0));
        });
    }

}
