package org.jvirt.driver.test;

import java.util.ArrayList;
import java.util.List;
import org.jvirt.core.ErrorNumber;
import org.jvirt.model.iface.InterfaceDef;
import org.jvirt.model.iface.InterfaceDefFormatter;
import org.jvirt.model.iface.InterfaceDefParser;
import org.jvirt.spi.InterfaceOps;
import org.jvirt.spi.Refs.InterfaceRef;

/** Host interfaces of the test driver, with libvirt's begin/commit/rollback transaction over the whole list. */
final class TestInterfaces implements InterfaceOps {
    private final TestDriver driver;

    TestInterfaces(TestDriver driver) {
        this.driver = driver;
    }

    /** The seam to the interface model. */
    static InterfaceDef parse(String xml) {
        return new InterfaceDefParser().parse(xml);
    }

    private static InterfaceRef ref(TestObjects.Iface i) {
        return new InterfaceRef(i.name(), i.mac() == null ? "" : i.mac());
    }

    private TestObjects.Iface find(String name) {
        for (TestObjects.Iface i : driver.objects.interfaces) {
            if (i.name().equals(name)) {
                return i;
            }
        }
        throw Errors.of(ErrorNumber.NO_INTERFACE, "no interface with matching name '" + name + "'");
    }

    @Override
    public List<InterfaceRef> listAll(int flags) {
        Errors.checkFlags(flags, 0x3, "testConnectListAllInterfaces");
        return driver.locked(() -> driver.objects.interfaces.stream()
                .filter(i -> TestNetworks.pair(flags, 2, 1, i.active)).map(TestInterfaces::ref).toList());
    }

    @Override
    public int numOfInterfaces() {
        return driver.locked(() -> (int) driver.objects.interfaces.stream().filter(i -> i.active).count());
    }

    @Override
    public List<String> listInterfaces(int maxnames) {
        return driver.locked(() -> driver.objects.interfaces.stream().filter(i -> i.active)
                .map(TestObjects.Iface::name).limit(Math.max(0, maxnames)).toList());
    }

    @Override
    public int numOfDefinedInterfaces() {
        return driver.locked(() -> (int) driver.objects.interfaces.stream().filter(i -> !i.active).count());
    }

    @Override
    public List<String> listDefinedInterfaces(int maxnames) {
        return driver.locked(() -> driver.objects.interfaces.stream().filter(i -> !i.active)
                .map(TestObjects.Iface::name).limit(Math.max(0, maxnames)).toList());
    }

    @Override
    public InterfaceRef lookupByName(String name) {
        return driver.locked(() -> ref(find(name)));
    }

    @Override
    public InterfaceRef lookupByMACString(String mac) {
        return driver.locked(() -> {
            List<TestObjects.Iface> hits = driver.objects.interfaces.stream()
                    .filter(i -> mac.equalsIgnoreCase(i.mac())).toList();
            if (hits.isEmpty()) {
                throw Errors.of(ErrorNumber.NO_INTERFACE, "no interface with matching mac '" + mac + "'");
            }
            if (hits.size() > 1) {
                throw Errors.of(ErrorNumber.MULTIPLE_INTERFACES, "multiple matching interfaces found");
            }
            return ref(hits.get(0));
        });
    }

    @Override
    public String getXMLDesc(InterfaceRef iface, int flags) {
        Errors.checkFlags(flags, 0, "testInterfaceGetXMLDesc");
        return driver.locked(() -> InterfaceDefFormatter.format(find(iface.name()).def, 0));
    }

    @Override
    public InterfaceRef defineXML(String text, int flags) {
        Errors.checkFlags(flags, 0x1, "testInterfaceDefineXML");
        InterfaceDef def = parse(text);
        return driver.locked(() -> {
            for (TestObjects.Iface i : driver.objects.interfaces) {
                if (i.name().equals(def.name())) {
                    i.def = def;
                    return ref(i);
                }
            }
            TestObjects.Iface i = new TestObjects.Iface(def);
            driver.objects.interfaces.add(i);
            return ref(i);
        });
    }

    @Override
    public void undefine(InterfaceRef iface) {
        driver.lockedRun(() -> driver.objects.interfaces.remove(find(iface.name())));
    }

    @Override
    public void create(InterfaceRef iface, int flags) {
        Errors.checkFlags(flags, 0, "testInterfaceCreate");
        driver.lockedRun(() -> {
            TestObjects.Iface i = find(iface.name());
            if (i.active) {
                throw Errors.operationInvalid(null);
            }
            i.active = true;
        });
    }

    @Override
    public void destroy(InterfaceRef iface, int flags) {
        Errors.checkFlags(flags, 0, "testInterfaceDestroy");
        driver.lockedRun(() -> {
            TestObjects.Iface i = find(iface.name());
            if (!i.active) {
                throw Errors.operationInvalid(null);
            }
            i.active = false;
        });
    }

    @Override
    public boolean isActive(InterfaceRef iface) {
        return driver.locked(() -> find(iface.name()).active);
    }

    @Override
    public void changeBegin(int flags) {
        Errors.checkFlags(flags, 0, "testInterfaceChangeBegin");
        driver.lockedRun(() -> {
            if (driver.objects.interfacesBackup != null) {
                throw Errors.operationInvalid("there is another transaction running.");
            }
            driver.objects.interfacesBackup = copy(driver.objects.interfaces);
        });
    }

    @Override
    public void changeCommit(int flags) {
        Errors.checkFlags(flags, 0, "testInterfaceChangeCommit");
        driver.lockedRun(() -> {
            if (driver.objects.interfacesBackup == null) {
                throw Errors.operationInvalid("no transaction running, nothing to be committed.");
            }
            driver.objects.interfacesBackup = null;
        });
    }

    @Override
    public void changeRollback(int flags) {
        Errors.checkFlags(flags, 0, "testInterfaceChangeRollback");
        driver.lockedRun(() -> {
            if (driver.objects.interfacesBackup == null) {
                throw Errors.operationInvalid("no transaction running, nothing to rollback.");
            }
            driver.objects.interfaces = driver.objects.interfacesBackup;
            driver.objects.interfacesBackup = null;
        });
    }

    /**
     * virInterfaceObjListClone copies only the definitions: the clone's objects are new, hence inactive, so a
     * rollback leaves every interface inactive.
     */
    private static List<TestObjects.Iface> copy(List<TestObjects.Iface> list) {
        List<TestObjects.Iface> out = new ArrayList<>();
        for (TestObjects.Iface i : list) {
            out.add(new TestObjects.Iface(i.def));
        }
        return out;
    }
}
