package org.jvirt.driver.test;

import java.util.ArrayList;
import java.util.List;
import org.jvirt.api.Records.DomainBlockInfo;
import org.jvirt.api.Records.DomainBlockStats;
import org.jvirt.api.Records.DomainDiskError;
import org.jvirt.api.Records.DomainInterfaceStats;
import org.jvirt.api.Records.DomainMemoryStat;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.core.param.TypedParam;
import org.jvirt.core.param.TypedParams;
import org.jvirt.model.domain.DeviceKind;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDevice;
import org.jvirt.model.domain.XmlElem;
import org.jvirt.spi.DomainStats;
import org.jvirt.spi.Refs.DomainRef;

/**
 * The statistics the test driver fakes. Block and interface counters derive from the wall clock (microseconds
 * since the epoch, divided differently per counter); everything else is fixed or follows the definition.
 */
final class TestStats implements DomainStats {
    static final int STATS_STATE = 1;
    static final int STATS_IOTHREAD = 128;
    private static final long CPU_TIME = 48772617035L;
    private static final long USER_TIME = 5540000000L;
    private static final long SYSTEM_TIME = 6460000000L;
    private static final long VCPU_OVERHEAD = 1234567890L;

    private final TestDriver driver;

    TestStats(TestDriver driver) {
        this.driver = driver;
    }

    private TestDomainObj active(DomainRef dom) {
        TestDomainObj obj = driver.domain(dom);
        TestLifecycle.requireActive(obj);
        return obj;
    }

    /** Disks by target name, as virDomainDiskIndexByName matches (target, or source path). */
    static DomainDevice disk(DomainDef def, String path) {
        for (DomainDevice d : def.devices(DeviceKind.DISK)) {
            XmlElem src = d.xml().child("source");
            if (path.equals(d.targetDev()) || (src != null && path.equals(src.attr("file")))) {
                return d;
            }
        }
        return null;
    }

    static DomainDevice net(DomainDef def, String device) {
        for (DomainDevice d : def.devices(DeviceKind.INTERFACE)) {
            if (device.equals(d.targetDev()) || device.equalsIgnoreCase(String.valueOf(d.mac()))) {
                return d;
            }
        }
        throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.DOMAIN,
                "'" + device + "' is not a known interface");
    }

    private static long micros() {
        return System.currentTimeMillis() * 1000L;
    }

    @Override
    public DomainBlockStats blockStats(DomainRef dom, String path) {
        return driver.locked(() -> {
            TestDomainObj obj = active(dom);
            if (path.isEmpty()) {
                throw Errors.of(ErrorNumber.OPERATION_UNSUPPORTED, "summary statistics are not supported yet");
            }
            if (disk(obj.def, path) == null) {
                throw Errors.of(ErrorNumber.INVALID_ARG, "invalid path: " + path);
            }
            long base = micros();
            long sec = base / 1_000_000L;
            return new DomainBlockStats(base / 10, base / 20, base / 30, base / 40, sec / 2);
        });
    }

    @Override
    public DomainInterfaceStats interfaceStats(DomainRef dom, String device) {
        return driver.locked(() -> {
            TestDomainObj obj = active(dom);
            net(obj.def, device);
            long base = micros();
            long sec = base / 1_000_000L;
            return new DomainInterfaceStats(base / 10, base / 100, sec, sec / 2, base / 20, base / 110, sec / 3,
                    sec / 4);
        });
    }

    /** testDomainMemoryStats: fixed fractions of the balloon, in libvirt's reporting order. */
    @Override
    public List<DomainMemoryStat> memoryStats(DomainRef dom, int nrStats, int flags) {
        Errors.checkFlags(flags, 0, "testDomainMemoryStats");
        return driver.locked(() -> {
            long cur = active(dom).def.currentMemory();
            List<DomainMemoryStat> all = List.of(new DomainMemoryStat(6, cur), new DomainMemoryStat(0, 0),
                    new DomainMemoryStat(1, 0), new DomainMemoryStat(2, 0), new DomainMemoryStat(3, 0),
                    new DomainMemoryStat(4, cur / 2), new DomainMemoryStat(5, cur), new DomainMemoryStat(8, cur / 2),
                    new DomainMemoryStat(9, 627319920), new DomainMemoryStat(10, cur / 8),
                    new DomainMemoryStat(11, 0), new DomainMemoryStat(12, 0), new DomainMemoryStat(7, cur / 2));
            return all.subList(0, Math.min(all.size(), Math.max(0, nrStats)));
        });
    }

    @Override
    public DomainBlockInfo getBlockInfo(DomainRef dom, String path, int flags) {
        Errors.checkFlags(flags, 0, "testDomainGetBlockInfo");
        return driver.locked(() -> {
            TestDomainObj obj = driver.domain(dom);
            DomainDevice d = disk(obj.def, path);
            if (d == null) {
                throw Errors.of(ErrorNumber.INVALID_ARG, "invalid path " + path + " not assigned to domain");
            }
            XmlElem src = d.xml().child("source");
            if (src == null || src.attrs().isEmpty()) {
                throw Errors.operationInvalid("disk '" + path + "' does not currently have a source assigned");
            }
            return new DomainBlockInfo(1099506450432L, 1099511627776L, 1099511627776L);
        });
    }

    /** testDomainMemoryPeek: the byte at each address is the address's low byte. */
    @Override
    public byte[] memoryPeek(DomainRef dom, long start, int size, int flags) {
        Errors.checkFlags(flags, 0x1 | 0x2, "testDomainMemoryPeek");
        if (flags != 1 && flags != 2) {
            throw Errors.of(ErrorNumber.INVALID_ARG,
                    "flags parameter must be VIR_MEMORY_VIRTUAL or VIR_MEMORY_PHYSICAL");
        }
        return driver.locked(() -> {
            active(dom);
            byte[] out = new byte[size];
            for (int i = 0; i < size; i++) {
                out[i] = (byte) (start + i);
            }
            return out;
        });
    }

    /**
     * testDomainGetCPUStats: one "CPU" per vCPU. {@code startCpu} -1 gives the fixed totals; otherwise up to
     * {@code ncpus} entries from {@code startCpu} (0 meaning all that remain).
     */
    @Override
    public List<TypedParams> getCPUStats(DomainRef dom, int startCpu, int ncpus, int flags) {
        // VIR_TYPED_PARAM_STRING_OKAY (4) is what libvirt's client library adds; the test driver accepts it
        Errors.checkFlags(flags, 4, "testDomainGetCPUStats");
        return driver.locked(() -> {
            TestDomainObj obj = active(dom);
            if (startCpu == -1) {
                return List.of(TypedParams.of(new TypedParam.ULLongParam("cpu_time", CPU_TIME),
                        new TypedParam.ULLongParam("user_time", USER_TIME),
                        new TypedParam.ULLongParam("system_time", SYSTEM_TIME)));
            }
            int total = obj.def.currentVcpus();
            if (startCpu >= total) {
                throw Errors.of(ErrorNumber.INVALID_ARG, "start_cpu " + startCpu + " larger than maximum of "
                        + (total - 1));
            }
            int end = ncpus <= 0 ? total : Math.min(total, startCpu + ncpus);
            List<TypedParams> out = new ArrayList<>();
            for (int i = startCpu; i < end; i++) {
                long cpu = CPU_TIME / total + i;
                out.add(TypedParams.of(new TypedParam.ULLongParam("cpu_time", cpu),
                        new TypedParam.ULLongParam("vcpu_time", cpu - VCPU_OVERHEAD)));
            }
            return out;
        });
    }

    /** testDomainGetDiskErrors: every disk reports an error, alternating "unspecified" and "no space". */
    @Override
    public List<DomainDiskError> getDiskErrors(DomainRef dom, int flags) {
        Errors.checkFlags(flags, 0, "testDomainGetDiskErrors");
        return driver.locked(() -> {
            TestDomainObj obj = active(dom);
            List<DomainDiskError> out = new ArrayList<>();
            List<DomainDevice> disks = obj.def.devices(DeviceKind.DISK);
            for (int i = 0; i < disks.size(); i++) {
                out.add(new DomainDiskError(disks.get(i).targetDev(), i % 2 + 1));
            }
            return out;
        });
    }

    /**
     * virConnectGetAllDomainStats: the test driver knows the "state" and "iothread" groups. {@code stats} 0 means
     * all it knows; with VIR_CONNECT_GET_ALL_DOMAINS_STATS_ENFORCE_STATS an unknown group is an error.
     */
    @Override
    public List<StatsRecord> getAllDomainStats(List<DomainRef> doms, int stats, int flags) {
        int supported = STATS_STATE | STATS_IOTHREAD;
        boolean enforce = (flags & 0x80000000) != 0;
        if (enforce && (stats & ~supported) != 0) {
            throw Errors.of(ErrorNumber.ARGUMENT_UNSUPPORTED, "Stats types bits 0x"
                    + Integer.toHexString(stats & ~supported) + " are not supported by this daemon");
        }
        int want = stats == 0 ? supported : stats & supported;
        return driver.locked(() -> {
            List<TestDomainObj> objs = new ArrayList<>();
            if (doms == null) {
                for (TestDomainObj o : driver.domainList()) {
                    if (listed(o, flags)) {
                        objs.add(o);
                    }
                }
            } else {
                for (DomainRef r : doms) {
                    objs.add(driver.domain(r));
                }
            }
            List<StatsRecord> out = new ArrayList<>();
            for (TestDomainObj o : objs) {
                List<TypedParam> params = new ArrayList<>();
                if ((want & STATS_STATE) != 0) {
                    params.add(new TypedParam.IntParam("state.state", o.state));
                    params.add(new TypedParam.IntParam("state.reason", o.reason));
                }
                if ((want & STATS_IOTHREAD) != 0 && o.isActive() && !o.tunables.iothreads.isEmpty()) {
                    params.add(new TypedParam.UIntParam("iothread.count", o.tunables.iothreads.size()));
                }
                out.add(new StatsRecord(o.ref(), new TypedParams(params)));
            }
            return out;
        });
    }

    /** The list filters of virConnectGetAllDomainStats (the same bits as virConnectListAllDomains' first 7). */
    private static boolean listed(TestDomainObj o, int flags) {
        boolean a = (flags & 1) != 0;
        boolean i = (flags & 2) != 0;
        if (a != i && (a ? !o.isActive() : o.isActive())) {
            return false;
        }
        boolean p = (flags & 4) != 0;
        boolean t = (flags & 8) != 0;
        if (p != t && (p ? !o.persistent : o.persistent)) {
            return false;
        }
        int states = flags & (16 | 32 | 64 | 128);
        if (states == 0) {
            return true;
        }
        return ((flags & 16) != 0 && o.state == DomainStates.RUNNING)
                || ((flags & 32) != 0 && o.state == DomainStates.PAUSED)
                || ((flags & 64) != 0 && o.state == DomainStates.SHUTOFF)
                || ((flags & 128) != 0 && o.state != DomainStates.RUNNING && o.state != DomainStates.PAUSED
                    && o.state != DomainStates.SHUTOFF);
    }
}
