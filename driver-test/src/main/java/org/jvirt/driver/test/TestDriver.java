package org.jvirt.driver.test;

import java.util.ArrayList;
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
    final TestCpuOps cpuOps = new TestCpuOps();
    NodeInfo nodeInfo = new NodeInfo("i686", 3L * 1024 * 1024, 16, 1400, 2, 2, 2, 2);
    List<Cell> cells = List.of();
    private int nextDomId = 1;

    final Map<UUID, TestDomainObj> domains = new LinkedHashMap<>();
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

    TestDomainObj findByName(String name) {
        for (TestDomainObj o : domains.values()) {
            if (o.name().equals(name)) {
                return o;
            }
        }
        return null;
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
}
