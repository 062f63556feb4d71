package org.jvirt.qemu.driver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jvirt.api.Records.DomainInterface;
import org.jvirt.api.Records.DomainTime;
import org.jvirt.api.Records.IPAddress;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.core.param.TypedParam;
import org.jvirt.core.param.TypedParams;
import org.jvirt.model.domain.DeviceKind;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDevice;
import org.jvirt.model.domain.XmlElem;
import org.jvirt.qemu.monitor.Json;
import org.jvirt.qemu.monitor.QemuAgent;

/**
 * What the QEMU driver asks the guest agent (libvirt's qemuAgentShutdown, qemuAgentGetInterfaces, qemuAgentGetTime,
 * qemuAgentSetTime, qemuAgentArbitraryCommand, qemuDomainGetGuestInfo, qemuAgentFSFreeze/Thaw). As libvirt's agent
 * job, these do not take the domain's job: the agent serialises its own commands, so a slow guest never blocks
 * monitor operations.
 */
final class QemuGuestAgentOps {
    /** VIR_DOMAIN_TIME_SYNC. */
    static final int TIME_SYNC = 1;
    /** VIR_DOMAIN_GUEST_INFO_*. */
    static final int INFO_USERS = 1;
    static final int INFO_OS = 2;
    static final int INFO_TIMEZONE = 4;
    static final int INFO_HOSTNAME = 8;
    static final int INFO_FILESYSTEM = 16;
    static final int INFO_DISKS = 32;
    static final int INFO_INTERFACES = 64;
    static final int INFO_ALL = INFO_USERS | INFO_OS | INFO_TIMEZONE | INFO_HOSTNAME | INFO_FILESYSTEM | INFO_DISKS
            | INFO_INTERFACES;
    /** A guest-shutdown that fails answers at once (its child failed); one that works never answers. */
    private static final Duration SHUTDOWN_ERROR_WAIT = Duration.ofSeconds(3);

    private QemuGuestAgentOps() {}

    private static Duration timeout(QemuDomainObj obj) {
        synchronized (obj) {
            return QemuAgent.timeout(obj.agentTimeout);
        }
    }

    /** qemuDomainShutdownFlagsAgent / qemuDomainRebootAgent: guest-shutdown with mode powerdown or reboot. */
    static void shutdown(QemuDomainObj obj, boolean reboot) {
        QemuAgent a = QemuAgents.available(obj);
        synchronized (obj) {
            obj.fakeReboot = false;
        }
        a.executeNoReply("guest-shutdown", Json.object("mode", reboot ? "reboot" : "powerdown"),
                SHUTDOWN_ERROR_WAIT);
    }

    /** qemuAgentGetInterfaces: guest-network-get-interfaces as virDomainInterface records. */
    static List<DomainInterface> interfaces(QemuDomainObj obj) {
        Json r = QemuAgents.available(obj).execute("guest-network-get-interfaces", null, timeout(obj));
        if (!(r instanceof Json.Arr arr)) {
            throw malformed("qemu agent didn't return an array of interfaces");
        }
        List<DomainInterface> out = new ArrayList<>();
        for (Json j : arr.items()) {
            if (!(j instanceof Json.Obj o)) {
                throw malformed("qemu agent didn't return an array of interfaces");
            }
            String name = o.str("name");
            if (name == null) {
                throw malformed("qemu agent didn't provide 'name' field");
            }
            List<IPAddress> addrs = new ArrayList<>();
            for (Json aj : o.arr("ip-addresses")) {
                if (!(aj instanceof Json.Obj a)) {
                    continue;
                }
                String type = a.str("ip-address-type");
                if (type == null) {
                    throw malformed("qemu agent didn't provide 'ip-address-type' field for interface '" + name
                            + "'");
                }
                String addr = a.str("ip-address");
                if (addr == null) {
                    throw malformed("qemu agent didn't provide 'ip-address' field for interface '" + name + "'");
                }
                int t = switch (type) {
                    case "ipv4" -> 0;
                    case "ipv6" -> 1;
                    default -> throw malformed("unknown IP address type '" + type + "'");
                };
                addrs.add(new IPAddress(t, addr, (int) a.num("prefix", 0)));
            }
            // libvirt folds aliases (eth0:1) into their interface
            String base = name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
            int at = indexOf(out, base);
            if (at >= 0) {
                DomainInterface prev = out.get(at);
                List<IPAddress> all = new ArrayList<>(prev.addrs());
                all.addAll(addrs);
                out.set(at, new DomainInterface(prev.name(), prev.hwaddr(), all));
            } else {
                out.add(new DomainInterface(base, o.str("hardware-address"), addrs));
            }
        }
        return out;
    }

    private static int indexOf(List<DomainInterface> l, String name) {
        for (int i = 0; i < l.size(); i++) {
            if (l.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** qemuAgentGetTime: guest-get-time, nanoseconds since the epoch. */
    static DomainTime getTime(QemuDomainObj obj) {
        Json r = QemuAgents.available(obj).execute("guest-get-time", null, timeout(obj));
        if (!(r instanceof Json.Num n)) {
            throw malformed("malformed return value");
        }
        long ns = n.longValue();
        return new DomainTime(Math.floorDiv(ns, 1_000_000_000L), (int) Math.floorMod(ns, 1_000_000_000L));
    }

    /** qemuAgentSetTime: an explicit time, or (sync) the guest reads its RTC, which QEMU keeps at the host's. */
    static void setTime(QemuDomainObj obj, long seconds, int nseconds, boolean sync) {
        QemuAgent a = QemuAgents.available(obj);
        if (sync) {
            a.execute("guest-set-time", null, timeout(obj));
            return;
        }
        if (seconds > Long.MAX_VALUE / 1_000_000_000L) {
            throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.QEMU, "Time '" + seconds
                    + "' is too big for guest agent");
        }
        a.execute("guest-set-time", Json.object("time", Json.of(seconds * 1_000_000_000L + nseconds)),
                timeout(obj));
    }

    /** qemuDomainQemuAgentCommand: the caller's JSON as is, with libvirt's timeout rules. */
    static String command(QemuDomainObj obj, String cmd, int timeoutSeconds) {
        if (timeoutSeconds < QemuAgent.TIMEOUT_BLOCK) {
            throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.QEMU, "guest agent timeout '"
                    + timeoutSeconds + "' is less than the minimum '" + QemuAgent.TIMEOUT_BLOCK + "'");
        }
        return QemuAgents.available(obj).executeRaw(cmd, QemuAgent.timeout(timeoutSeconds));
    }

    /** qemuDomainGetVcpusFlags with VIR_DOMAIN_VCPU_GUEST: guest-get-vcpus, the online ones or all. */
    static int guestVcpuCount(QemuDomainObj obj, boolean maximum) {
        Json r = QemuAgents.available(obj).execute("guest-get-vcpus", null, timeout(obj));
        if (!(r instanceof Json.Arr arr)) {
            throw malformed("guest agent returned malformed or invalid return value");
        }
        int n = 0;
        for (Json j : arr.items()) {
            if (j instanceof Json.Obj o && (maximum || o.bool("online", false))) {
                n++;
            }
        }
        return n;
    }

    /**
     * qemuDomainSetVcpusAgent: the guest onlines or offlines CPUs until {@code nvcpus} are online (guest-get-vcpus,
     * then guest-set-vcpus for the changed ones, as qemuAgentUpdateCPUInfo picks them: lowest first).
     */
    static void setGuestVcpuCount(QemuDomainObj obj, int nvcpus) {
        QemuAgent a = QemuAgents.available(obj);
        int enabled;
        synchronized (obj) {
            enabled = obj.live.currentVcpus();
        }
        if (nvcpus > enabled) {
            throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.QEMU, "requested vcpu count is greater than "
                    + "the count of enabled vcpus in the domain: " + nvcpus + " > " + enabled);
        }
        Json r = a.execute("guest-get-vcpus", null, timeout(obj));
        if (!(r instanceof Json.Arr arr)) {
            throw malformed("guest agent returned malformed or invalid return value");
        }
        List<long[]> cpus = new ArrayList<>(); // {logical-id, online, can-offline}
        int online = 0;
        int offlinable = 0;
        for (Json j : arr.items()) {
            if (!(j instanceof Json.Obj o) || !o.has("logical-id") || !o.has("online")) {
                throw malformed("array element missing in guest-get-vcpus return value");
            }
            boolean on = o.bool("online", false);
            boolean canOffline = o.bool("can-offline", false);
            if (!on && !canOffline) {
                throw malformed("Invalid data provided by guest agent");
            }
            online += on ? 1 : 0;
            offlinable += on && canOffline ? 1 : 0;
            cpus.add(new long[] {o.num("logical-id", 0), on ? 1 : 0, canOffline ? 1 : 0});
        }
        if (nvcpus > cpus.size()) {
            throw malformed("guest agent reports less cpu than requested");
        }
        if (nvcpus < online - offlinable) {
            throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.QEMU, "Cannot offline enough CPUs");
        }
        List<Json> changes = new ArrayList<>();
        for (long[] c : cpus) {
            if (nvcpus < online && c[1] == 1 && c[2] == 1) {
                changes.add(Json.object("logical-id", Json.of(c[0]), "online", Json.FALSE));
                online--;
            } else if (nvcpus > online && c[1] == 0) {
                changes.add(Json.object("logical-id", Json.of(c[0]), "online", Json.of(true)));
                online++;
            }
        }
        // the agent may stop after some: send the rest again, as qemuAgentSetVcpus does
        while (!changes.isEmpty()) {
            Json done = a.execute("guest-set-vcpus", Json.object("vcpus", new Json.Arr(changes)), timeout(obj));
            int n = done instanceof Json.Num num ? (int) num.longValue() : -1;
            if (n <= 0 || n > changes.size()) {
                throw malformed("guest agent returned malformed or invalid return value");
            }
            changes = new ArrayList<>(changes.subList(n, changes.size()));
        }
    }

    /** qemuAgentFSFreeze / qemuAgentFSThaw: the number of filesystems frozen or thawed. */
    static int fsFreeze(QemuDomainObj obj, List<String> mountpoints) {
        QemuAgent a = QemuAgents.available(obj);
        Json r = mountpoints == null || mountpoints.isEmpty()
                ? a.execute("guest-fsfreeze-freeze", null, timeout(obj))
                : a.execute("guest-fsfreeze-freeze-list", Json.object("mountpoints",
                new Json.Arr(mountpoints.stream().map(Json::of).toList())), timeout(obj));
        return count(r);
    }

    static int fsThaw(QemuDomainObj obj) {
        return count(QemuAgents.available(obj).execute("guest-fsfreeze-thaw", null, timeout(obj)));
    }

    private static int count(Json r) {
        if (!(r instanceof Json.Num n)) {
            throw malformed("malformed return value");
        }
        return (int) n.longValue();
    }

    /**
     * qemuDomainGetGuestInfo: users, OS, time zone, host name, filesystems, disks and interfaces as libvirt's typed
     * parameters. With no type asked for, every type whose command the agent has; one asked for explicitly must
     * work.
     */
    static TypedParams guestInfo(QemuDomainObj obj, int types) {
        if ((types & ~INFO_ALL) != 0) {
            throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.QEMU,
                    "unsupported guest information types '0x" + Integer.toHexString(types) + "'");
        }
        boolean all = types == 0;
        int want = all ? INFO_ALL : types;
        DomainDef live;
        synchronized (obj) {
            live = obj.live;
        }
        QemuAgent a = QemuAgents.available(obj);
        Duration t = timeout(obj);
        List<TypedParam> p = new ArrayList<>();
        if ((want & INFO_USERS) != 0 && query(a, "guest-get-users", t, all) instanceof Json.Arr users) {
            p.add(new TypedParam.UIntParam("user.count", users.items().size()));
            int i = 0;
            for (Json j : users.items()) {
                if (j instanceof Json.Obj u) {
                    p.add(new TypedParam.StringParam("user." + i + ".name", u.str("user")));
                    if (u.str("domain") != null) {
                        p.add(new TypedParam.StringParam("user." + i + ".domain", u.str("domain")));
                    }
                    if (u.get("login-time") instanceof Json.Num lt) {
                        p.add(new TypedParam.ULLongParam("user." + i + ".login-time",
                                (long) (lt.doubleValue() * 1000)));
                    }
                }
                i++;
            }
        }
        if ((want & INFO_OS) != 0 && query(a, "guest-get-osinfo", t, all) instanceof Json.Obj os) {
            String[][] keys = {{"id", "os.id"}, {"name", "os.name"}, {"pretty-name", "os.pretty-name"},
                {"version", "os.version"}, {"version-id", "os.version-id"}, {"machine", "os.machine"},
                {"variant", "os.variant"}, {"variant-id", "os.variant-id"},
                {"kernel-release", "os.kernel-release"}, {"kernel-version", "os.kernel-version"}};
            for (String[] k : keys) {
                if (os.str(k[0]) != null) {
                    p.add(new TypedParam.StringParam(k[1], os.str(k[0])));
                }
            }
        }
        if ((want & INFO_TIMEZONE) != 0 && query(a, "guest-get-timezone", t, all) instanceof Json.Obj tz) {
            if (tz.str("zone") != null) {
                p.add(new TypedParam.StringParam("timezone.name", tz.str("zone")));
            }
            p.add(new TypedParam.IntParam("timezone.offset", (int) tz.num("offset", 0)));
        }
        if ((want & INFO_HOSTNAME) != 0 && query(a, "guest-get-host-name", t, all) instanceof Json.Obj h
                && h.str("host-name") != null) {
            p.add(new TypedParam.StringParam("hostname", h.str("host-name")));
        }
        if ((want & INFO_FILESYSTEM) != 0 && query(a, "guest-get-fsinfo", t, all) instanceof Json.Arr fss) {
            p.add(new TypedParam.UIntParam("fs.count", fss.items().size()));
            int i = 0;
            for (Json j : fss.items()) {
                if (j instanceof Json.Obj fs) {
                    String pre = "fs." + i + ".";
                    p.add(new TypedParam.StringParam(pre + "mountpoint", fs.str("mountpoint")));
                    p.add(new TypedParam.StringParam(pre + "name", fs.str("name")));
                    p.add(new TypedParam.StringParam(pre + "fstype", fs.str("type")));
                    // older agents do not report usage: only what is there
                    if (fs.get("total-bytes") instanceof Json.Num tb) {
                        p.add(new TypedParam.ULLongParam(pre + "total-bytes", tb.longValue()));
                    }
                    if (fs.get("used-bytes") instanceof Json.Num ub) {
                        p.add(new TypedParam.ULLongParam(pre + "used-bytes", ub.longValue()));
                    }
                    List<Json> disks = fs.arr("disk");
                    p.add(new TypedParam.UIntParam(pre + "disk.count", disks.size()));
                    int k = 0;
                    for (Json dj : disks) {
                        if (dj instanceof Json.Obj d) {
                            String dp = pre + "disk." + k + ".";
                            String dst = diskByAddress(live, d);
                            if (dst != null) {
                                p.add(new TypedParam.StringParam(dp + "alias", dst));
                            }
                            if (d.str("serial") != null) {
                                p.add(new TypedParam.StringParam(dp + "serial", d.str("serial")));
                            }
                            if (d.str("dev") != null) {
                                p.add(new TypedParam.StringParam(dp + "device", d.str("dev")));
                            }
                        }
                        k++;
                    }
                }
                i++;
            }
        }
        if ((want & INFO_DISKS) != 0 && query(a, "guest-get-disks", t, all) instanceof Json.Arr disks) {
            p.add(new TypedParam.UIntParam("disk.count", disks.items().size()));
            int i = 0;
            for (Json j : disks.items()) {
                if (j instanceof Json.Obj d) {
                    String pre = "disk." + i + ".";
                    p.add(new TypedParam.StringParam(pre + "name", d.str("name")));
                    p.add(new TypedParam.BooleanParam(pre + "partition", d.bool("partition", false)));
                    if (d.has("dependencies")) {
                        List<Json> deps = d.arr("dependencies");
                        p.add(new TypedParam.UIntParam(pre + "dependency.count", deps.size()));
                        for (int k = 0; k < deps.size(); k++) {
                            if (deps.get(k) instanceof Json.Str dep) {
                                p.add(new TypedParam.StringParam(pre + "dependency." + k + ".name", dep.value()));
                            }
                        }
                    }
                    Json.Obj addr = d.obj("address");
                    if (addr != null) {
                        if (addr.str("serial") != null) {
                            p.add(new TypedParam.StringParam(pre + "serial", addr.str("serial")));
                        }
                        String dst = diskByAddress(live, addr);
                        if (dst != null) {
                            p.add(new TypedParam.StringParam(pre + "alias", dst));
                        }
                    }
                    if (d.str("alias") != null) {
                        p.add(new TypedParam.StringParam(pre + "guest_alias", d.str("alias")));
                    }
                }
                i++;
            }
        }
        if ((want & INFO_INTERFACES) != 0) {
            List<DomainInterface> ifs;
            try {
                ifs = interfaces(obj);
            } catch (VirException e) {
                if (!all || !unsupportedCommand(e)) {
                    throw e;
                }
                ifs = null;
            }
            if (ifs != null) {
                p.add(new TypedParam.UIntParam("if.count", ifs.size()));
                for (int i = 0; i < ifs.size(); i++) {
                    DomainInterface di = ifs.get(i);
                    String pre = "if." + i + ".";
                    p.add(new TypedParam.StringParam(pre + "name", di.name()));
                    if (di.hwaddr() != null) {
                        p.add(new TypedParam.StringParam(pre + "hwaddr", di.hwaddr()));
                    }
                    p.add(new TypedParam.UIntParam(pre + "addr.count", di.addrs().size()));
                    for (int k = 0; k < di.addrs().size(); k++) {
                        IPAddress ip = di.addrs().get(k);
                        String ap = pre + "addr." + k + ".";
                        p.add(new TypedParam.StringParam(ap + "type", ip.type() == 1 ? "ipv6" : "ipv4"));
                        p.add(new TypedParam.StringParam(ap + "addr", ip.addr()));
                        p.add(new TypedParam.UIntParam(ap + "prefix", ip.prefix()));
                    }
                }
            }
        }
        return new TypedParams(p);
    }

    /**
     * virDomainDiskByAddress for the guest's view of a disk: the domain's disk at the same PCI address (virtio-blk),
     * as its target name ({@code vda}), or null.
     */
    static String diskByAddress(DomainDef def, Json.Obj guestDisk) {
        Json.Obj pci = guestDisk.obj("pci-controller");
        if (def == null || pci == null) {
            return null;
        }
        for (DomainDevice disk : def.devices(DeviceKind.DISK)) {
            XmlElem a = disk.xml().child("address");
            XmlElem target = disk.xml().child("target");
            if (a == null || target == null || !"pci".equals(a.attr("type"))) {
                continue;
            }
            try {
                if (Integer.decode(orZero(a.attr("domain"))) == pci.num("domain", -1)
                        && Integer.decode(orZero(a.attr("bus"))) == pci.num("bus", -1)
                        && Integer.decode(orZero(a.attr("slot"))) == pci.num("slot", -1)
                        && Integer.decode(orZero(a.attr("function"))) == pci.num("function", -1)) {
                    return target.attr("dev");
                }
            } catch (NumberFormatException e) {
                // not a usable address
            }
        }
        return null;
    }

    private static String orZero(String v) {
        return v == null ? "0" : v;
    }

    /** One info command; with {@code lenient}, an agent without the command gives null instead of an error. */
    private static Json query(QemuAgent a, String command, Duration t, boolean lenient) {
        try {
            return a.execute(command, null, t);
        } catch (VirException e) {
            if (lenient && unsupportedCommand(e)) {
                return null;
            }
            throw e;
        }
    }

    /** The agent lacks or disabled the command (libvirt's CommandNotFound / CommandDisabled check). */
    private static boolean unsupportedCommand(VirException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("has not been found") || m.contains("has been disabled");
    }

    private static VirException malformed(String detail) {
        return VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.QEMU, detail);
    }
}
