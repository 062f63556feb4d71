package org.jvirt.driver.test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jvirt.api.Records.IOThreadInfo;
import org.jvirt.api.Records.VcpuInfo;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.core.param.TypedParam;
import org.jvirt.core.param.TypedParams;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.spi.DomainTuning;
import org.jvirt.spi.Refs.DomainRef;

/** Memory, vCPU, pinning and scheduler tuning as the test driver does it. */
final class TestTuning implements DomainTuning {
    static final int MEM_MAXIMUM = 4;
    static final int VCPU_MAXIMUM = 4;
    static final int VCPU_GUEST = 8;
    static final int MAX_VCPUS = 32;

    /** Which definitions an operation touches (virDomainObjGetDefs). */
    record Affect(boolean live, boolean config) {}

    private final TestDriver driver;

    TestTuning(TestDriver driver) {
        this.driver = driver;
    }

    /** virDomainObjUpdateModificationImpact: CURRENT means LIVE when running, CONFIG otherwise. */
    static Affect affect(TestDomainObj obj, int flags) {
        boolean live = (flags & DomainStates.AFFECT_LIVE) != 0;
        boolean config = (flags & DomainStates.AFFECT_CONFIG) != 0;
        if (!live && !config) {
            live = obj.isActive();
            config = !live;
        }
        if (live && !obj.isActive()) {
            throw Errors.domainNotRunning();
        }
        if (config && !obj.persistent) {
            throw VirException.of(ErrorNumber.OPERATION_INVALID, ErrorDomain.DOMAIN,
                    "transient domains do not have any persistent config");
        }
        return new Affect(live, config);
    }

    /** virDomainObjGetOneDef: the one definition a query reads. */
    static DomainDef defForQuery(TestDomainObj obj, int flags) {
        Errors.exclusiveDomain(flags);
        Affect a = affect(obj, flags);
        return a.live() ? obj.def : obj.persistentDef();
    }

    static void setPersistent(TestDomainObj obj, DomainDef def) {
        if (obj.newDef != null) {
            obj.newDef = def;
        } else {
            obj.def = def;
        }
    }

    @Override
    public long getMaxMemory(DomainRef dom) {
        return driver.locked(() -> driver.domain(dom).def.totalMemory());
    }

    @Override
    public void setMaxMemory(DomainRef dom, long kib) {
        setMemory(dom, kib, MEM_MAXIMUM);
    }

    @Override
    public void setMemory(DomainRef dom, long kib, int flags) {
        Errors.checkFlags(flags, DomainStates.AFFECT_LIVE | DomainStates.AFFECT_CONFIG | MEM_MAXIMUM,
                "testDomainSetMemoryFlags");
        driver.lockedRun(() -> {
            TestDomainObj obj = driver.domain(dom);
            Affect a = affect(obj, flags);
            if ((flags & MEM_MAXIMUM) != 0) {
                if (a.live()) {
                    throw Errors.operationInvalid("cannot resize the maximum memory on an active domain");
                }
                DomainDef p = obj.persistentDef();
                DomainDef.Memory m = p.memory().withTotal(kib);
                if (m.current() > kib) {
                    m = m.withCurrent(kib);
                }
                setPersistent(obj, p.withMemory(m));
                return;
            }
            if (a.live() && kib > obj.def.totalMemory()) {
                throw Errors.of(ErrorNumber.INVALID_ARG, "cannot set memory higher than max memory");
            }
            if (a.config() && kib > obj.persistentDef().totalMemory()) {
                throw Errors.of(ErrorNumber.INVALID_ARG, "cannot set memory higher than max memory");
            }
            if (a.live()) {
                obj.def = obj.def.withMemory(obj.def.memory().withCurrent(kib));
            }
            if (a.config()) {
                DomainDef p = obj.persistentDef();
                setPersistent(obj, p.withMemory(p.memory().withCurrent(kib)));
            }
        });
    }

    @Override
    public void setMemoryStatsPeriod(DomainRef dom, int period, int flags) {
        Errors.checkFlags(flags, DomainStates.AFFECT_LIVE | DomainStates.AFFECT_CONFIG,
                "testDomainSetMemoryStatsPeriod");
        driver.lockedRun(() -> {
            TestDomainObj obj = driver.domain(dom);
            affect(obj, flags);
            if (obj.def.devices(org.jvirt.model.domain.DeviceKind.MEMBALLOON).isEmpty()) {
                throw Errors.operationInvalid(
                        "No memory balloon device configured, can not set the collection period");
            }
            obj.tunables.memoryStatsPeriod = period;
        });
    }

    @Override
    public void setVcpus(DomainRef dom, int nvcpus, int flags) {
        Errors.checkFlags(flags, DomainStates.AFFECT_LIVE | DomainStates.AFFECT_CONFIG | VCPU_MAXIMUM,
                "testDomainSetVcpusFlags");
        if (nvcpus > MAX_VCPUS) {
            throw Errors.of(ErrorNumber.INVALID_ARG, "requested cpu amount exceeds maximum supported amount ("
                    + nvcpus + " > " + MAX_VCPUS + ")");
        }
        driver.lockedRun(() -> {
            TestDomainObj obj = driver.domain(dom);
            Affect a = affect(obj, flags);
            if (a.live() && obj.def.maxVcpus() < nvcpus) {
                throw Errors.of(ErrorNumber.INVALID_ARG, "requested cpu amount exceeds maximum (" + nvcpus
                        + " > " + obj.def.maxVcpus() + ")");
            }
            DomainDef p = obj.persistentDef();
            if (a.config() && (flags & VCPU_MAXIMUM) == 0 && p.maxVcpus() < nvcpus) {
                throw Errors.of(ErrorNumber.INVALID_ARG, "requested cpu amount exceeds maximum (" + nvcpus
                        + " > " + p.maxVcpus() + ")");
            }
            if (a.live()) {
                DomainDef.Vcpu v = obj.def.vcpu();
                obj.def = obj.def.withVcpu(new DomainDef.Vcpu(v.max(), nvcpus, v.placement(), v.cpuset()));
            }
            if (a.config()) {
                p = obj.persistentDef();
                DomainDef.Vcpu v = p.vcpu();
                DomainDef.Vcpu nv = (flags & VCPU_MAXIMUM) != 0
                        ? new DomainDef.Vcpu(nvcpus, Math.min(v.current(), nvcpus), v.placement(), v.cpuset())
                        : new DomainDef.Vcpu(v.max(), nvcpus, v.placement(), v.cpuset());
                setPersistent(obj, p.withVcpu(nv));
            }
        });
    }

    @Override
    public int getVcpusFlags(DomainRef dom, int flags) {
        Errors.checkFlags(flags, DomainStates.AFFECT_LIVE | DomainStates.AFFECT_CONFIG | VCPU_MAXIMUM,
                "testDomainGetVcpusFlags");
        return driver.locked(() -> {
            DomainDef def = defForQuery(driver.domain(dom), flags);
            return (flags & VCPU_MAXIMUM) != 0 ? def.maxVcpus() : def.currentVcpus();
        });
    }

    @Override
    public int getMaxVcpus(DomainRef dom) {
        return getVcpusFlags(dom, DomainStates.AFFECT_LIVE | VCPU_MAXIMUM);
    }

    private int hostCpus() {
        var n = driver.nodeInfo;
        return n.nodes() * n.sockets() * n.cores() * n.threads();
    }

    private boolean[] allCpus() {
        boolean[] all = new boolean[hostCpus()];
        Arrays.fill(all, true);
        return all;
    }

    /**
     * An unpinned IOThread reports the real host's online CPUs (the test driver asks virHostCPUGetMap), which is
     * approximated by the CPUs available to this JVM.
     */
    private static boolean[] realHostCpus() {
        boolean[] all = new boolean[Runtime.getRuntime().availableProcessors()];
        Arrays.fill(all, true);
        return all;
    }

    private static int lastSet(boolean[] map) {
        for (int i = map.length - 1; i >= 0; i--) {
            if (map[i]) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public List<VcpuInfo> getVcpus(DomainRef dom) {
        return driver.locked(() -> {
            TestDomainObj obj = driver.domain(dom);
            if (!obj.isActive()) {
                throw Errors.operationInvalid("cannot list vcpus for an inactive domain");
            }
            long statbase = System.currentTimeMillis() * 1000L;
            List<VcpuInfo> out = new ArrayList<>();
            for (int i = 0; i < obj.def.currentVcpus(); i++) {
                boolean[] map = pinOf(obj.def, i);
                out.add(new VcpuInfo(i, 1, statbase / 10, lastSet(map), map));
            }
            return out;
        });
    }

    /** A vCPU's pinning from {@code <cputune><vcpupin>}, all host CPUs when it is not pinned. */
    private boolean[] pinOf(DomainDef def, int vcpu) {
        String pin = TuningXml.vcpuPin(def, vcpu);
        return pin != null ? TuningXml.parseCpuset(pin, hostCpus()) : allCpus();
    }

    /** Applies {@code change} to the definitions {@code a} selects. */
    static void update(TestDomainObj obj, Affect a, java.util.function.UnaryOperator<DomainDef> change) {
        if (a.live()) {
            obj.def = change.apply(obj.def);
        }
        if (a.config()) {
            setPersistent(obj, change.apply(obj.persistentDef()));
        }
    }

    @Override
    public void pinVcpu(DomainRef dom, int vcpu, boolean[] cpumap, int flags) {
        Errors.checkFlags(flags, DomainStates.AFFECT_LIVE | DomainStates.AFFECT_CONFIG, "testDomainPinVcpuFlags");
        driver.lockedRun(() -> {
            TestDomainObj obj = driver.domain(dom);
            if (!obj.isActive()) {
                throw Errors.operationInvalid("cannot pin vcpus on an inactive domain");
            }
            if (vcpu < 0 || vcpu >= obj.def.maxVcpus()) {
                throw Errors.of(ErrorNumber.INVALID_ARG, "requested vcpu '" + vcpu
                        + "' is not present in the domain");
            }
            Affect a = affect(obj, flags);
            String cpuset = TuningXml.formatCpuset(Arrays.copyOf(cpumap, hostCpus()));
            if (cpuset.isEmpty()) {
                throw Errors.of(ErrorNumber.INVALID_ARG, "Empty cpu list for pinning");
            }
            update(obj, a, d -> TuningXml.withVcpuPin(d, vcpu, cpuset));
        });
    }

    @Override
    public List<boolean[]> getVcpuPinInfo(DomainRef dom, int flags) {
        Errors.checkFlags(flags, DomainStates.AFFECT_LIVE | DomainStates.AFFECT_CONFIG,
                "testDomainGetVcpuPinInfo");
        return driver.locked(() -> {
            TestDomainObj obj = driver.domain(dom);
            DomainDef def = defForQuery(obj, flags);
            List<boolean[]> out = new ArrayList<>();
            for (int i = 0; i < def.maxVcpus(); i++) {
                out.add(pinOf(def, i));
            }
            return out;
        });
    }

    @Override
    public void pinEmulator(DomainRef dom, boolean[] cpumap, int flags) {
        Errors.checkFlags(flags, DomainStates.AFFECT_LIVE | DomainStates.AFFECT_CONFIG, "testDomainPinEmulator");
        driver.lockedRun(() -> {
            TestDomainObj obj = driver.domain(dom);
            Affect a = affect(obj, flags);
            if (!hasAny(cpumap)) {
                throw Errors.of(ErrorNumber.INVALID_ARG, "Empty cpu list for pinning");
            }
            String cpuset = TuningXml.formatCpuset(Arrays.copyOf(cpumap, hostCpus()));
            update(obj, a, d -> TuningXml.withEmulatorPin(d, cpuset));
        });
    }

    @Override
    public boolean[] getEmulatorPinInfo(DomainRef dom, int flags) {
        Errors.checkFlags(flags, DomainStates.AFFECT_LIVE | DomainStates.AFFECT_CONFIG,
                "testDomainGetEmulatorPinInfo");
        return driver.locked(() -> {
            String pin = TuningXml.emulatorPin(defForQuery(driver.domain(dom), flags));
            return pin != null ? TuningXml.parseCpuset(pin, hostCpus()) : allCpus();
        });
    }

    private static boolean hasAny(boolean[] map) {
        for (boolean b : map) {
            if (b) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<IOThreadInfo> getIOThreadInfo(DomainRef dom, int flags) {
        Errors.checkFlags(flags, DomainStates.AFFECT_LIVE | DomainStates.AFFECT_CONFIG,
                "testDomainGetIOThreadInfo");
        return driver.locked(() -> {
            TestDomainObj obj = driver.domain(dom);
            defForQuery(obj, flags);
            List<IOThreadInfo> out = new ArrayList<>();
            for (Map.Entry<Integer, boolean[]> e : obj.tunables.iothreads.entrySet()) {
                boolean[] map = e.getValue() != null ? e.getValue().clone() : realHostCpus();
                out.add(new IOThreadInfo(e.getKey(), map));
            }
            return out;
        });
    }

    @Override
    public void addIOThread(DomainRef dom, int iothreadId, int flags) {
        Errors.checkFlags(flags, DomainStates.AFFECT_LIVE | DomainStates.AFFECT_CONFIG, "testDomainAddIOThread");
        driver.lockedRun(() -> {
            TestDomainObj obj = driver.domain(dom);
            affect(obj, flags);
            if (iothreadId == 0) {
                throw Errors.of(ErrorNumber.INVALID_ARG, "invalid value of 0 for iothread_id");
            }
            if (obj.tunables.iothreads.containsKey(iothreadId)) {
                throw Errors.of(ErrorNumber.INVALID_ARG, "an IOThread is already using iothread_id '"
                        + iothreadId + "'");
            }
            obj.tunables.iothreads.put(iothreadId, null);
        });
    }

    @Override
    public void delIOThread(DomainRef dom, int iothreadId, int flags) {
        Errors.checkFlags(flags, DomainStates.AFFECT_LIVE | DomainStates.AFFECT_CONFIG, "testDomainDelIOThread");
        driver.lockedRun(() -> {
            TestDomainObj obj = driver.domain(dom);
            affect(obj, flags);
            if (iothreadId == 0) {
                throw Errors.of(ErrorNumber.INVALID_ARG, "invalid value of 0 for iothread_id");
            }
            if (!obj.tunables.iothreads.containsKey(iothreadId)) {
                throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.DOMAIN, "cannot find IOThread '"
                        + iothreadId + "' in iothreadids list");
            }
            obj.tunables.iothreads.remove(iothreadId);
        });
    }

    @Override
    public void pinIOThread(DomainRef dom, int iothreadId, boolean[] cpumap, int flags) {
        Errors.checkFlags(flags, DomainStates.AFFECT_LIVE | DomainStates.AFFECT_CONFIG, "testDomainPinIOThread");
        driver.lockedRun(() -> {
            TestDomainObj obj = driver.domain(dom);
            affect(obj, flags);
            if (!obj.tunables.iothreads.containsKey(iothreadId)) {
                throw Errors.of(ErrorNumber.INVALID_ARG, "iothreadid " + iothreadId + " not found");
            }
            if (!hasAny(cpumap)) {
                throw Errors.of(ErrorNumber.INVALID_ARG, "Empty iothread cpumap list for pinning");
            }
            obj.tunables.iothreads.put(iothreadId, Arrays.copyOf(cpumap, hostCpus()));
        });
    }

    /** testDomainSetIOThreadParams: checks the IOThread exists; the polling values are not kept. */
    @Override
    public void setIOThreadParams(DomainRef dom, int iothreadId, TypedParams params, int flags) {
        Errors.checkFlags(flags, DomainStates.AFFECT_LIVE | DomainStates.AFFECT_CONFIG,
                "testDomainSetIOThreadParams");
        params.validate(Map.of("poll_max_ns", TypedParam.TYPE_ULLONG, "poll_grow", TypedParam.TYPE_UINT,
                "poll_shrink", TypedParam.TYPE_UINT));
        driver.lockedRun(() -> {
            TestDomainObj obj = driver.domain(dom);
            affect(obj, flags);
            if (!obj.tunables.iothreads.containsKey(iothreadId)) {
                throw Errors.of(ErrorNumber.INVALID_ARG, "cannot find IOThread '" + iothreadId
                        + "' in iothreadids");
            }
        });
    }

    /** The test driver's scheduler: "fair" with one parameter. */
    @Override
    public String getSchedulerType(DomainRef dom) {
        return driver.locked(() -> {
            driver.domain(dom);
            return "fair";
        });
    }

    @Override
    public TypedParams getSchedulerParameters(DomainRef dom, int flags) {
        Errors.checkFlags(flags, 0, "testDomainGetSchedulerParametersFlags");
        return driver.locked(() -> {
            driver.domain(dom);
            return TypedParams.of(new TypedParam.UIntParam("weight", 50));
        });
    }

    /** testDomainSetSchedulerParametersFlags validates the "weight" parameter and keeps nothing. */
    @Override
    public void setSchedulerParameters(DomainRef dom, TypedParams params, int flags) {
        Errors.checkFlags(flags, 0, "testDomainSetSchedulerParametersFlags");
        params.validate(Map.of("weight", TypedParam.TYPE_UINT));
        driver.lockedRun(() -> driver.domain(dom));
    }

    @Override
    public TypedParams getMemoryParameters(DomainRef dom, int flags) {
        return TestTuningParams.getMemory(driver, dom, flags);
    }

    @Override
    public void setMemoryParameters(DomainRef dom, TypedParams params, int flags) {
        TestTuningParams.setMemory(driver, dom, params, flags);
    }

    @Override
    public TypedParams getBlkioParameters(DomainRef dom, int flags) {
        return TestTuningParams.getBlkio(driver, dom, flags);
    }

    @Override
    public void setBlkioParameters(DomainRef dom, TypedParams params, int flags) {
        TestTuningParams.setBlkio(driver, dom, params, flags);
    }

    @Override
    public TypedParams getNumaParameters(DomainRef dom, int flags) {
        return TestTuningParams.getNuma(driver, dom, flags);
    }

    @Override
    public void setNumaParameters(DomainRef dom, TypedParams params, int flags) {
        TestTuningParams.setNuma(driver, dom, params, flags);
    }

    @Override
    public TypedParams getInterfaceParameters(DomainRef dom, String device, int flags) {
        return TestTuningParams.getInterface(driver, dom, device, flags);
    }

    @Override
    public void setInterfaceParameters(DomainRef dom, String device, TypedParams params, int flags) {
        TestTuningParams.setInterface(driver, dom, device, params, flags);
    }

    @Override
    public TypedParams getBlockIoTune(DomainRef dom, String disk, int flags) {
        return TestTuningParams.getIoTune(driver, dom, disk, flags);
    }

    @Override
    public void setBlockIoTune(DomainRef dom, String disk, TypedParams params, int flags) {
        TestTuningParams.setIoTune(driver, dom, disk, params, flags);
    }

    @Override
    public TypedParams getPerfEvents(DomainRef dom, int flags) {
        return TestTuningParams.getPerf(driver, dom, flags);
    }

    @Override
    public void setPerfEvents(DomainRef dom, TypedParams params, int flags) {
        TestTuningParams.setPerf(driver, dom, params, flags);
    }

    /**
     * testDomainGetLaunchSecurityInfo accepts no flag, not even the VIR_TYPED_PARAM_STRING_OKAY the public API adds,
     * so through the API it always fails; without flags there is nothing to report.
     */
    @Override
    public TypedParams getLaunchSecurityInfo(DomainRef dom, int flags) {
        Errors.checkFlags(flags, 0, "testDomainGetLaunchSecurityInfo");
        return new TypedParams(List.of());
    }
}
