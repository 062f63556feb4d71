package org.jvirt.driver.test;

import java.util.ArrayList;
import java.util.List;
import org.jvirt.api.Records.DomainFSInfo;
import org.jvirt.api.Records.DomainInterface;
import org.jvirt.api.Records.DomainTime;
import org.jvirt.api.Records.IPAddress;
import org.jvirt.api.Records.SecurityLabel;
import org.jvirt.core.ErrorNumber;
import org.jvirt.model.domain.DeviceKind;
import org.jvirt.model.domain.DomainDevice;
import org.jvirt.spi.DomainGuest;
import org.jvirt.spi.Refs.DomainRef;

/** The guest-agent functions as the test driver fakes them: a clock, two filesystems, one address per NIC. */
final class TestGuest implements DomainGuest {
    private static final List<String> MOUNTPOINTS = List.of("/", "/boot");

    private final TestDriver driver;

    TestGuest(TestDriver driver) {
        this.driver = driver;
    }

    private TestDomainObj active(DomainRef dom) {
        TestDomainObj obj = driver.domain(dom);
        TestLifecycle.requireActive(obj);
        return obj;
    }

    @Override
    public DomainTime getTime(DomainRef dom, int flags) {
        Errors.checkFlags(flags, 0, "testDomainGetTime");
        return driver.locked(() -> {
            TestDomainObj obj = driver.domain(dom);
            if (!obj.isActive()) {
                throw Errors.operationInvalid("domain is not running");
            }
            return new DomainTime(obj.tunables.timeSeconds, obj.tunables.timeNanos);
        });
    }

    @Override
    public void setTime(DomainRef dom, long seconds, int nseconds, int flags) {
        Errors.checkFlags(flags, 1, "testDomainSetTime");
        driver.lockedRun(() -> {
            TestDomainObj obj = active(dom);
            obj.tunables.timeSeconds = seconds;
            obj.tunables.timeNanos = nseconds;
        });
    }

    /** The test driver's label: "libvirt-test", enforcing, while running; empty and not enforcing otherwise. */
    @Override
    public SecurityLabel getSecurityLabel(DomainRef dom) {
        return driver.locked(() -> driver.domain(dom).isActive()
                ? new SecurityLabel("libvirt-test", true) : new SecurityLabel("", false));
    }

    /** Freezes "/" and "/boot" (all of them when none is named); returns how many changed. */
    @Override
    public int fsFreeze(DomainRef dom, List<String> mountpoints, int flags) {
        Errors.checkFlags(flags, 0, "testDomainFSFreeze");
        return driver.locked(() -> toggle(active(dom), mountpoints, true));
    }

    @Override
    public int fsThaw(DomainRef dom, List<String> mountpoints, int flags) {
        Errors.checkFlags(flags, 0, "testDomainFSThaw");
        return driver.locked(() -> toggle(active(dom), mountpoints, false));
    }

    private static int toggle(TestDomainObj obj, List<String> mountpoints, boolean freeze) {
        boolean[] target = new boolean[2];
        if (mountpoints == null || mountpoints.isEmpty()) {
            target[0] = true;
            target[1] = true;
        } else {
            for (String m : mountpoints) {
                int i = MOUNTPOINTS.indexOf(m);
                if (i < 0) {
                    throw Errors.operationInvalid("mount point not found: " + m);
                }
                target[i] = true;
            }
        }
        int changed = 0;
        for (int i = 0; i < 2; i++) {
            if (target[i] && obj.tunables.frozen[i] != freeze) {
                obj.tunables.frozen[i] = freeze;
                changed++;
            }
        }
        return changed;
    }

    @Override
    public void fsTrim(DomainRef dom, String mountPoint, long minimum, int flags) {
        Errors.checkFlags(flags, 0, "testDomainFSTrim");
        driver.lockedRun(() -> active(dom));
    }

    /** testDomainGetFSInfo: the first disk holds "/" (partition 1) and "/boot" (partition 2), both ext4. */
    @Override
    public List<DomainFSInfo> getFSInfo(DomainRef dom, int flags) {
        Errors.checkFlags(flags, 0, "testDomainGetFSInfo");
        return driver.locked(() -> {
            TestDomainObj obj = active(dom);
            for (DomainDevice d : obj.def.devices(DeviceKind.DISK)) {
                String device = d.xml().attr("device");
                if (device == null || device.equals("disk")) {
                    String dev = d.targetDev();
                    return List.of(new DomainFSInfo("/", dev + "1", "ext4", List.of(dev)),
                            new DomainFSInfo("/boot", dev + "2", "ext4", List.of(dev)));
                }
            }
            return List.of();
        });
    }

    /** testDomainInterfaceAddresses: one IPv4 address 192.168.122.(3+i)/24 per network interface. */
    @Override
    public List<DomainInterface> interfaceAddresses(DomainRef dom, int source, int flags) {
        Errors.checkFlags(flags, 0, "testDomainInterfaceAddresses");
        if (source < 0 || source > 2) {
            throw Errors.of(ErrorNumber.ARGUMENT_UNSUPPORTED, "Unknown IP address data source " + source);
        }
        return driver.locked(() -> {
            TestDomainObj obj = active(dom);
            List<DomainInterface> out = new ArrayList<>();
            List<DomainDevice> nets = obj.def.devices(DeviceKind.INTERFACE);
            for (int i = 0; i < nets.size(); i++) {
                DomainDevice n = nets.get(i);
                out.add(new DomainInterface(n.targetDev(), n.mac(),
                        List.of(new IPAddress(0, "192.168.122." + (3 + i), 24))));
            }
            return out;
        });
    }

    @Override
    public void setUserPassword(DomainRef dom, String user, String password, int flags) {
        Errors.checkFlags(flags, 1, "testDomainSetUserPassword");
        driver.lockedRun(() -> active(dom));
    }

    @Override
    public List<String> getMessages(DomainRef dom, int flags) {
        Errors.checkFlags(flags, 0x3, "testDomainGetMessages");
        return driver.locked(() -> {
            driver.domain(dom);
            return List.of();
        });
    }
}
