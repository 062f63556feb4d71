package org.jvirt.driver.test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jvirt.api.Records.NodeInfo;
import org.jvirt.spi.Refs.DomainRef;
import org.jvirt.spi.support.DriverEventBus;

/**
 * One test driver state (libvirt's testDriver): every object of one node file, the node's description, the
 * domain id counter and the event queue. test:///default shares one instance between all its connections; each
 * custom-file connection has its own. One lock guards everything, as the test driver is a mock with no slow work.
 */
final class TestDriver implements AutoCloseable {
    /** A NUMA cell: memory and free memory in KiB, its CPUs' ids. */
    record Cell(int id, long mem, long freeMem, int firstCpu, int numCpus) {}

    private final ReentrantLock lock = new ReentrantLock();
    final DriverEventBus events = new DriverEventBus("test-driver");
    final DomainXml domainXml = new DomainXml();
    /** Made once per driver state, not per connection: building parsers costs more than a connection open. */
    final SnapshotXml snapshotXml = new SnapshotXml();
    /** Per driver state too: its XML parser used to be built on every connection open, most of an open's cost. */
    final TestNetworkUpdate networkUpdate = new TestNetworkUpdate();
    final TestCpuOps cpuOps = new TestCpuOps();
    NodeInfo nodeInfo = new NodeInfo("i686", 3L * 1024 * 1024, 16, 1400, 2, 2, 2, 2);
    List<Cell> cells = List.of();
    private int nextDomId = 1;

    final Map<UUID, TestDomainObj> domains = new DomainTable();
    /** Every domain of {@link #domains} under its name: kept by {@link DomainTable} and {@link #renamed}. */
    private final Map<String, TestDomainObj> byName = new HashMap<>();

    final TestObjects objects = new TestObjects();

    <T> T locked(Supplier<T> body) {
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
    }

    void lockedRun(Runnable body) {
        lock.lock();
        try {
            body.run();
        } finally {
            lock.unlock();
        }
    }

    int nextDomainId() {
        return nextDomId++;
    }

    /** The domain a handle names, by UUID, as libvirt's testDomObjFromDomain. */
    TestDomainObj domain(DomainRef ref) {
        TestDomainObj obj = domains.get(ref.uuid());
        if (obj == null) {
            throw Errors.noDomainUuid(ref.uuid(), ref.name());
        }
        return obj;
    }

    /**
     * The domain of that name, or null, from the name index ({@link DomainTable}), as libvirt's
     * virDomainObjListFindByName uses its objsName table: lookupByName and define's duplicate check cost a hash
     * look-up, not a scan of every domain. A hit is checked against the domain's current name; should some path
     * have changed a name without {@link #renamed}, the index is rebuilt from the table.
     */
    TestDomainObj findByName(String name) {
        TestDomainObj o = byName.get(name);
        if (o == null || (o.name().equals(name) && domains.get(o.uuid()) == o)) {
            return o;
        }
        byName.clear();
        for (TestDomainObj d : domains.values()) {
            byName.put(d.name(), d);
        }
        return byName.get(name);
    }

    /** Keeps the name index right after {@code obj}'s definition got another name (rename, snapshot revert). */
    void renamed(TestDomainObj obj, String oldName) {
        byName.remove(oldName, obj);
        if (domains.get(obj.uuid()) == obj) {
            byName.put(obj.name(), obj);
        }
    }

    List<TestDomainObj> domainList() {
        return new ArrayList<>(domains.values());
    }

    void removeDomain(TestDomainObj obj) {
        domains.remove(obj.uuid());
    }

    @Override
    public void close() {
        events.close();
    }

    /** The domains by UUID, in definition order, keeping {@link #byName} in step with every put and remove. */
    private final class DomainTable extends LinkedHashMap<UUID, TestDomainObj> {
        @Override
        public TestDomainObj put(UUID uuid, TestDomainObj obj) {
            TestDomainObj old = super.put(uuid, obj);
            if (old != null) {
                byName.remove(old.name(), old);
            }
            byName.put(obj.name(), obj);
            return old;
        }

        @Override
        public TestDomainObj remove(Object uuid) {
            TestDomainObj old = super.remove(uuid);
            if (old != null) {
                byName.remove(old.name(), old);
            }
            return old;
        }

        @Override
        public void clear() {
            super.clear();
            byName.clear();
        }
    }
}
