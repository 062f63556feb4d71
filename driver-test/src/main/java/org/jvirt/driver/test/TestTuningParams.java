package org.jvirt.driver.test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.param.TypedParam;
import org.jvirt.core.param.TypedParams;
import org.jvirt.model.domain.DeviceKind;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDevice;
import org.jvirt.model.domain.XmlElem;
import org.jvirt.spi.Refs.DomainRef;

/** The typed-parameter tuning calls: memory, blkio, NUMA, interface bandwidth, block I/O throttling, perf. */
final class TestTuningParams {
    /** VIR_DOMAIN_MEMORY_PARAM_UNLIMITED. */
    static final long UNLIMITED = 9007199254740991L;
    private static final int QUERY_FLAGS = DomainStates.AFFECT_LIVE | DomainStates.AFFECT_CONFIG | 4;
    private static final int SET_FLAGS = DomainStates.AFFECT_LIVE | DomainStates.AFFECT_CONFIG;
    static final List<String> MEMORY = List.of("hard_limit", "soft_limit", "swap_hard_limit");
    static final List<String> BLKIO_DEVICES = List.of("device_weight", "device_read_iops_sec",
            "device_write_iops_sec", "device_read_bytes_sec", "device_write_bytes_sec");
    static final List<String> BANDWIDTH = List.of("inbound.average", "inbound.peak", "inbound.burst",
            "inbound.floor", "outbound.average", "outbound.peak", "outbound.burst");
    static final List<String> IOTUNE = List.of("total_bytes_sec", "read_bytes_sec", "write_bytes_sec",
            "total_iops_sec", "read_iops_sec", "write_iops_sec", "total_bytes_sec_max", "read_bytes_sec_max",
            "write_bytes_sec_max", "total_iops_sec_max", "read_iops_sec_max", "write_iops_sec_max",
            "size_iops_sec", "group_name", "total_bytes_sec_max_length", "read_bytes_sec_max_length",
            "write_bytes_sec_max_length", "total_iops_sec_max_length", "read_iops_sec_max_length",
            "write_iops_sec_max_length");
    static final List<String> PERF = List.of("cmt", "mbmt", "mbml", "cpu_cycles", "instructions",
            "cache_references", "cache_misses", "branch_instructions", "branch_misses", "bus_cycles",
            "stalled_cycles_frontend", "stalled_cycles_backend", "ref_cpu_cycles", "cpu_clock", "task_clock",
            "page_faults", "context_switches", "cpu_migrations", "page_faults_min", "page_faults_maj",
            "alignment_faults", "emulation_faults");

    private TestTuningParams() {}

    static TypedParams getMemory(TestDriver driver, DomainRef dom, int flags) {
        Errors.checkFlags(flags, QUERY_FLAGS, "testDomainGetMemoryParameters");
        return driver.locked(() -> {
            DomainDef def = TestTuning.defForQuery(driver.domain(dom), flags & 3);
            List<TypedParam> out = new ArrayList<>();
            for (String f : MEMORY) {
                Long v = TuningXml.memtune(def, f);
                out.add(new TypedParam.ULLongParam(f, v != null ? v : UNLIMITED));
            }
            return new TypedParams(out);
        });
    }

    static void setMemory(TestDriver driver, DomainRef dom, TypedParams params, int flags) {
        Errors.checkFlags(flags, SET_FLAGS, "testDomainSetMemoryParameters");
        Map<String, Integer> allowed = new HashMap<>();
        MEMORY.forEach(f -> allowed.put(f, TypedParam.TYPE_ULLONG));
        params.validate(allowed);
        driver.lockedRun(() -> {
            TestDomainObj obj = driver.domain(dom);
            TestTuning.Affect a = TestTuning.affect(obj, flags);
            for (TypedParam p : params.list()) {
                long kib = ((TypedParam.ULLongParam) p).value();
                if (a.live()) {
                    obj.def = TuningXml.withMemtune(obj.def, p.field(), kib);
                }
                if (a.config()) {
                    TestTuning.setPersistent(obj, TuningXml.withMemtune(obj.persistentDef(), p.field(), kib));
                }
            }
        });
    }

    static TypedParams getBlkio(TestDriver driver, DomainRef dom, int flags) {
        Errors.checkFlags(flags, QUERY_FLAGS, "testDomainGetBlkioParameters");
        return driver.locked(() -> {
            TestDomainObj obj = driver.domain(dom);
            DomainDef def = TestTuning.defForQuery(obj, flags & 3);
            XmlElem blkio = def.section("blkiotune").orElse(null);
            int weight = TuningXml.blkioWeight(def);
            List<TypedParam> out = new ArrayList<>();
            out.add(new TypedParam.UIntParam("weight", weight));
            for (String f : BLKIO_DEVICES) {
                String v = obj.tunables.blkioDevices.get(f);
                out.add(new TypedParam.StringParam(f, v != null ? v : devices(blkio, f)));
            }
            return new TypedParams(out);
        });
    }

    /** The "path,value,..." string of one {@code <blkiotune><device>} field, as virsh blkiotune shows. */
    private static String devices(XmlElem blkio, String field) {
        if (blkio == null) {
            return "";
        }
        String child = field.equals("device_weight") ? "weight" : field.substring("device_".length());
        List<String> parts = new ArrayList<>();
        for (XmlElem d : blkio.children("device")) {
            String v = d.childText(child);
            if (v != null && !v.isBlank()) {
                parts.add(d.childText("path").strip() + "," + v.strip());
            }
        }
        return String.join(",", parts);
    }

    static void setBlkio(TestDriver driver, DomainRef dom, TypedParams params, int flags) {
        Errors.checkFlags(flags, SET_FLAGS, "testDomainSetBlkioParameters");
        Map<String, Integer> allowed = new HashMap<>();
        allowed.put("weight", TypedParam.TYPE_UINT);
        BLKIO_DEVICES.forEach(f -> allowed.put(f, TypedParam.TYPE_STRING));
        params.validate(allowed);
        driver.lockedRun(() -> {
            TestDomainObj obj = driver.domain(dom);
            TestTuning.Affect a = TestTuning.affect(obj, flags);
            for (TypedParam p : params.list()) {
                if (p instanceof TypedParam.UIntParam u) {
                    if (a.live()) {
                        obj.def = TuningXml.withBlkioWeight(obj.def, u.value());
                    }
                    if (a.config()) {
                        TestTuning.setPersistent(obj, TuningXml.withBlkioWeight(obj.persistentDef(), u.value()));
                    }
                } else {
                    obj.tunables.blkioDevices.put(p.field(), p.valueString());
                }
            }
        });
    }

    static TypedParams getNuma(TestDriver driver, DomainRef dom, int flags) {
        Errors.checkFlags(flags, QUERY_FLAGS, "testDomainGetNumaParameters");
        return driver.locked(() -> {
            DomainDef def = TestTuning.defForQuery(driver.domain(dom), flags & 3);
            return TypedParams.of(new TypedParam.IntParam("numa_mode", TuningXml.numaMode(def)),
                    new TypedParam.StringParam("numa_nodeset", TuningXml.numaNodeset(def)));
        });
    }

    static void setNuma(TestDriver driver, DomainRef dom, TypedParams params, int flags) {
        Errors.checkFlags(flags, SET_FLAGS, "testDomainSetNumaParameters");
        params.validate(Map.of("numa_mode", TypedParam.TYPE_INT, "numa_nodeset", TypedParam.TYPE_STRING));
        driver.lockedRun(() -> {
            TestDomainObj obj = driver.domain(dom);
            TestTuning.Affect a = TestTuning.affect(obj, flags);
            DomainDef base = a.live() ? obj.def : obj.persistentDef();
            String nodeset = params.get("numa_nodeset").map(TypedParam::valueString)
                    .orElse(TuningXml.numaNodeset(base));
            int mode = TuningXml.numaMode(base);
            if (params.get("numa_mode").orElse(null) instanceof TypedParam.IntParam m) {
                if (m.value() < 0 || m.value() > 3) {
                    throw Errors.of(ErrorNumber.INVALID_ARG, "unsupported numatune mode: '" + m.value() + "'");
                }
                if (nodeset.isEmpty()) {
                    throw org.jvirt.core.VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN,
                            "nodeset for NUMA memory tuning must be set if 'placement' is 'static'");
                }
                if (a.live() && m.value() != mode) {
                    throw Errors.of(ErrorNumber.OPERATION_INVALID, "can't change numatune mode for running domain");
                }
                mode = m.value();
            }
            int newMode = mode;
            if (a.live()) {
                obj.def = TuningXml.withNuma(obj.def, newMode, nodeset);
            }
            if (a.config()) {
                TestTuning.setPersistent(obj, TuningXml.withNuma(obj.persistentDef(), newMode, nodeset));
            }
        });
    }

    /** virDomainNetFind: by target device name or MAC address. */
    private static DomainDevice net(DomainDef def, String device) {
        for (DomainDevice d : def.devices(DeviceKind.INTERFACE)) {
            if (device.equals(d.targetDev()) || device.equalsIgnoreCase(String.valueOf(d.mac()))) {
                return d;
            }
        }
        throw org.jvirt.core.VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.DOMAIN,
                "'" + device + "' is not a known interface");
    }

    static TypedParams getInterface(TestDriver driver, DomainRef dom, String device, int flags) {
        Errors.checkFlags(flags, QUERY_FLAGS, "testDomainGetInterfaceParameters");
        return driver.locked(() -> {
            TestDomainObj obj = driver.domain(dom);
            DomainDevice d = net(TestTuning.defForQuery(obj, flags & 3), device);
            Map<String, Integer> bw = obj.tunables.bandwidth.getOrDefault(key(d), Map.of());
            List<TypedParam> out = new ArrayList<>();
            for (String f : BANDWIDTH) {
                out.add(new TypedParam.UIntParam(f, bw.getOrDefault(f, 0)));
            }
            return new TypedParams(out);
        });
    }

    private static String key(DomainDevice d) {
        return d.targetDev() != null ? d.targetDev() : String.valueOf(d.mac());
    }

    static void setInterface(TestDriver driver, DomainRef dom, String device, TypedParams params, int flags) {
        Errors.checkFlags(flags, SET_FLAGS, "testDomainSetInterfaceParameters");
        Map<String, Integer> allowed = new HashMap<>();
        BANDWIDTH.forEach(f -> allowed.put(f, TypedParam.TYPE_UINT));
        params.validate(allowed);
        driver.lockedRun(() -> {
            TestDomainObj obj = driver.domain(dom);
            TestTuning.affect(obj, flags);
            DomainDevice d = net(obj.def, device);
            Map<String, Integer> bw = obj.tunables.bandwidth.computeIfAbsent(key(d), k -> new LinkedHashMap<>());
            for (TypedParam p : params.list()) {
                bw.put(p.field(), ((TypedParam.UIntParam) p).value());
            }
        });
    }

    private static DomainDevice disk(DomainDef def, String disk) {
        for (DomainDevice d : def.devices(DeviceKind.DISK)) {
            XmlElem src = d.xml().child("source");
            if (disk.equals(d.targetDev()) || (src != null && disk.equals(src.attr("file")))) {
                return d;
            }
        }
        throw Errors.of(ErrorNumber.INVALID_ARG, "disk '" + disk + "' was not found in the domain config");
    }

    static TypedParams getIoTune(TestDriver driver, DomainRef dom, String diskName, int flags) {
        Errors.checkFlags(flags, QUERY_FLAGS, "testDomainGetBlockIoTune");
        return driver.locked(() -> {
            TestDomainObj obj = driver.domain(dom);
            // No disk: the caller (libvirt's nparams == 0 probe, as virsh sends through a daemon) only wants to
            // know which parameters exist; libvirt answers that before looking at the disk.
            Map<String, TypedParam> set = diskName == null ? Map.of()
                    : obj.tunables.iotune.getOrDefault(
                            disk(TestTuning.defForQuery(obj, flags & 3), diskName).targetDev(), Map.of());
            List<TypedParam> out = new ArrayList<>();
            for (String f : IOTUNE) {
                TypedParam p = set.get(f);
                if (p == null) {
                    p = f.equals("group_name") ? new TypedParam.StringParam(f, "")
                            : new TypedParam.ULLongParam(f, 0);
                }
                out.add(p);
            }
            return new TypedParams(out);
        });
    }

    static void setIoTune(TestDriver driver, DomainRef dom, String diskName, TypedParams params, int flags) {
        Errors.checkFlags(flags, SET_FLAGS, "testDomainSetBlockIoTune");
        Map<String, Integer> allowed = new HashMap<>();
        IOTUNE.forEach(f -> allowed.put(f, f.equals("group_name") ? TypedParam.TYPE_STRING
                : TypedParam.TYPE_ULLONG));
        params.validate(allowed);
        driver.lockedRun(() -> {
            TestDomainObj obj = driver.domain(dom);
            TestTuning.affect(obj, flags);
            DomainDevice d = disk(obj.def, diskName);
            Map<String, TypedParam> next = new HashMap<>(obj.tunables.iotune.getOrDefault(d.targetDev(),
                    Map.of()));
            for (TypedParam p : params.list()) {
                next.put(p.field(), p);
            }
            for (String kind : List.of("bytes_sec", "iops_sec", "bytes_sec_max", "iops_sec_max")) {
                if (params.get("total_" + kind).isPresent() && (params.get("read_" + kind).isPresent()
                        || params.get("write_" + kind).isPresent())) {
                    throw Errors.of(ErrorNumber.INVALID_ARG, "total and read/write of " + kind
                            + " cannot be set at the same time");
                }
            }
            for (String base : List.of("total_bytes_sec", "read_bytes_sec", "write_bytes_sec", "total_iops_sec",
                    "read_iops_sec", "write_iops_sec")) {
                if (ull(next, base) > ull(next, base + "_max")) {
                    throw Errors.of(ErrorNumber.INVALID_ARG, base + " cannot be set higher than " + base
                            + "_max ");
                }
            }
            obj.tunables.iotune.put(d.targetDev(), next);
        });
    }

    private static long ull(Map<String, TypedParam> m, String f) {
        return m.get(f) instanceof TypedParam.ULLongParam u ? u.value() : 0;
    }

    static TypedParams getPerf(TestDriver driver, DomainRef dom, int flags) {
        Errors.checkFlags(flags, SET_FLAGS, "testDomainGetPerfEvents");
        return driver.locked(() -> {
            DomainDef def = TestTuning.defForQuery(driver.domain(dom), flags);
            List<TypedParam> out = new ArrayList<>();
            for (String f : PERF) {
                out.add(new TypedParam.BooleanParam(f, TuningXml.perf(def, f)));
            }
            return new TypedParams(out);
        });
    }

    static void setPerf(TestDriver driver, DomainRef dom, TypedParams params, int flags) {
        Errors.checkFlags(flags, SET_FLAGS, "testDomainSetPerfEvents");
        Map<String, Integer> allowed = new HashMap<>();
        PERF.forEach(f -> allowed.put(f, TypedParam.TYPE_BOOLEAN));
        params.validate(allowed);
        driver.lockedRun(() -> {
            TestDomainObj obj = driver.domain(dom);
            TestTuning.Affect a = TestTuning.affect(obj, flags);
            for (TypedParam p : params.list()) {
                boolean on = ((TypedParam.BooleanParam) p).value();
                if (a.live()) {
                    obj.def = TuningXml.withPerf(obj.def, p.field(), on);
                }
                if (a.config()) {
                    TestTuning.setPersistent(obj, TuningXml.withPerf(obj.persistentDef(), p.field(), on));
                }
            }
        });
    }
}
