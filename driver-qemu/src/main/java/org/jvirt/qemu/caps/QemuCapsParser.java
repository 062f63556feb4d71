package org.jvirt.qemu.caps;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.qemu.caps.QemuCapsProbe.Exchange;
import org.jvirt.qemu.monitor.Json;

/** Turns probe transcripts into {@link QemuCaps}: a pure function, tested on recorded replies. */
public final class QemuCapsParser {
    private QemuCapsParser() {}

    /** libvirt's virQEMUCapsArchFromString for QEMU's target names. */
    public static String libvirtArch(String qemuArch) {
        return switch (qemuArch) {
            case "i386" -> "i686";
            case "arm" -> "armv7l";
            default -> qemuArch;
        };
    }

    /** Builds caps from the TCG transcript and (possibly empty) KVM transcript. */
    public static QemuCaps parse(Path binary, List<Exchange> tcg, List<Exchange> kvm) {
        Json.Obj ver = (Json.Obj) ret(tcg, "query-version", null);
        Json.Obj q = ver.obj("qemu");
        long version = q.num("major", 0) * 1_000_000 + q.num("minor", 0) * 1000 + q.num("micro", 0);
        String arch = libvirtArch(((Json.Obj) ret(tcg, "query-target", null)).str("arch"));
        Json.Obj kvmState = (Json.Obj) ret(tcg, "query-kvm", null);
        boolean kvmWorks = !kvm.isEmpty() && ret(kvm, "query-kvm", null) instanceof Json.Obj k && k.bool("enabled",
                false);
        Set<String> types = typeNames(ret(tcg, "qom-list-types", null));
        Map<String, List<String>> props = new LinkedHashMap<>();
        for (Exchange e : tcg) {
            if ("device-list-properties".equals(e.request().str("execute")) && e.reply().get("return")
                    instanceof Json.Arr a) {
                List<String> names = new ArrayList<>();
                for (Json p : a.items()) {
                    names.add(((Json.Obj) p).str("name"));
                }
                props.put(e.request().obj("arguments").str("typename"), names);
            }
        }
        Set<String> commands = new LinkedHashSet<>();
        if (ret(tcg, "query-commands", null) instanceof Json.Arr a) {
            for (Json c : a.items()) {
                commands.add(((Json.Obj) c).str("name"));
            }
        }
        return new QemuCaps(binary, version, ver.str("package") == null ? "" : ver.str("package"), arch,
                kvmState.bool("present", false), accel(tcg), kvmWorks ? accel(kvm) : null, types, props,
                strings(ret(tcg, "query-tpm-models", null)), strings(ret(tcg, "query-tpm-types", null)), commands,
                new QmpSchema(ret(tcg, "query-qmp-schema", null)), ret(tcg, "query-sev-capabilities", null) != null,
                ret(tcg, "query-sgx-capabilities", null) != null);
    }

    private static QemuCaps.AccelCaps accel(List<Exchange> t) {
        List<QemuCaps.Machine> machines = new ArrayList<>();
        for (Json j : ((Json.Arr) ret(t, "query-machines", null)).items()) {
            Json.Obj m = (Json.Obj) j;
            machines.add(new QemuCaps.Machine(m.str("name"), m.str("alias"), m.bool("is-default", false),
                    (int) m.num("cpu-max", 0), m.bool("hotpluggable-cpus", false), m.bool("deprecated", false),
                    m.str("default-cpu-type"), m.bool("numa-mem-supported", false), m.str("default-ram-id")));
        }
        List<QemuCaps.CpuModel> cpus = new ArrayList<>();
        if (ret(t, "query-cpu-definitions", null) instanceof Json.Arr a) {
            for (Json j : a.items()) {
                Json.Obj c = (Json.Obj) j;
                cpus.add(new QemuCaps.CpuModel(c.str("name"), c.str("typename"), strings(c.get("unavailable-features")),
                        c.bool("deprecated", false), c.bool("migration-safe", false), c.bool("static", false)));
            }
        }
        QemuCaps.CpuExpansion host = null;
        Json.Obj staticExp = expansion(t, "static");
        Json.Obj fullExp = expansion(t, "full");
        if (staticExp != null || fullExp != null) {
            Map<String, String> p = new LinkedHashMap<>();
            Json.Obj pr = fullExp != null ? fullExp.obj("props") : staticExp.obj("props");
            if (pr != null) {
                pr.members().forEach((k, v) -> p.put(k, v instanceof Json.Str s ? s.value() : v.write()));
            }
            host = new QemuCaps.CpuExpansion((staticExp != null ? staticExp : fullExp).str("name"), p);
        }
        return new QemuCaps.AccelCaps(machines, cpus, host);
    }

    /** The "model" of a query-cpu-model-expansion reply of the given type, or null. */
    private static Json.Obj expansion(List<Exchange> t, String type) {
        for (Exchange e : t) {
            Json.Obj args = e.request().obj("arguments");
            if ("query-cpu-model-expansion".equals(e.request().str("execute")) && args != null
                    && type.equals(args.str("type")) && e.reply().get("return") instanceof Json.Obj r) {
                return r.obj("model");
            }
        }
        return null;
    }

    static Set<String> typeNames(Json reply) {
        Set<String> names = new LinkedHashSet<>();
        if (reply instanceof Json.Arr a) {
            for (Json j : a.items()) {
                names.add(((Json.Obj) j).str("name"));
            }
        }
        return names;
    }

    private static List<String> strings(Json j) {
        List<String> out = new ArrayList<>();
        if (j instanceof Json.Arr a) {
            for (Json x : a.items()) {
                if (x instanceof Json.Str s) {
                    out.add(s.value());
                }
            }
        }
        return out;
    }

    /**
     * The {@code return} of the first exchange for {@code command}; null for a recorded error reply; a missing
     * mandatory reply is libvirt's "missing ... reply data" internal error.
     */
    static Json ret(List<Exchange> t, String command, Json.Obj args) {
        for (Exchange e : t) {
            if (command.equals(e.request().str("execute"))
                    && (args == null || args.equals(e.request().obj("arguments")))) {
                return e.reply().get("return");
            }
        }
        if (command.startsWith("query-cpu") || command.startsWith("query-tpm") || command.startsWith("query-sev")
                || command.startsWith("query-sgx") || command.equals("query-commands")
                || command.equals("query-qmp-schema")) {
            return null;
        }
        throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.QEMU, command + " reply data was missing");
    }
}
