package org.jvirt.cli.commands;

import java.util.Map;
import org.jvirt.api.Domain;
import org.jvirt.cli.Cmd;
import org.jvirt.cli.Ctl;
import org.jvirt.cli.Handler;
import org.jvirt.cli.Numbers;
import org.jvirt.cli.Options;
import org.jvirt.core.VirException;

/**
 * IOThreads, signals, QEMU passthrough and backups, and the commands jvirt's API cannot serve yet: those answer as
 * a libvirt driver without the function does, after the same domain lookup virsh makes first.
 */
final class DomainExtraCommands {
    /** The libvirt function each not-yet-bound command would call first. */
    private static final Map<String, String> UNBOUND = Map.ofEntries(
            Map.entry("blockcopy", "virDomainBlockCopy"), Map.entry("console", "virDomainOpenConsole"),
            Map.entry("domsetlaunchsecstate", "virDomainSetLaunchSecurityState"),
            Map.entry("iothreadset", "virDomainSetIOThreadParams"),
            Map.entry("lxc-enter-namespace", "virDomainLxcOpenNamespace"),
            Map.entry("migrate", "virDomainMigrateToURI3"),
            Map.entry("migrate-setmaxdowntime", "virDomainMigrateSetMaxDowntime"),
            Map.entry("migrate-getmaxdowntime", "virDomainMigrateGetMaxDowntime"),
            Map.entry("migrate-compcache", "virDomainMigrateGetCompressionCache"),
            Map.entry("migrate-setspeed", "virDomainMigrateSetMaxSpeed"),
            Map.entry("migrate-getspeed", "virDomainMigrateGetMaxSpeed"),
            Map.entry("migrate-postcopy", "virDomainMigrateStartPostCopy"),
            Map.entry("qemu-attach", "virDomainQemuAttach"),
            Map.entry("set-user-sshkeys", "virDomainAuthorizedSSHKeysSet"),
            Map.entry("update-memory-device", "virDomainUpdateDeviceFlags"),
            Map.entry("domdirtyrate-calc", "virDomainStartDirtyRateCalc"),
            Map.entry("dom-fd-associate", "virDomainFDAssociate"));

    private DomainExtraCommands() {}

    static void register(Map<String, Handler> m) {
        m.put("detach-device-alias", DomainExtraCommands::detachDeviceAlias);
        m.put("iothreadadd", (ctl, cmd) -> iothread(ctl, cmd, true));
        m.put("iothreaddel", (ctl, cmd) -> iothread(ctl, cmd, false));
        m.put("iothreadpin", DomainExtraCommands::iothreadpin);
        m.put("send-process-signal", DomainExtraCommands::sendProcessSignal);
        m.put("qemu-monitor-command", DomainExtraCommands::qemuMonitorCommand);
        m.put("qemu-agent-command", DomainExtraCommands::qemuAgentCommand);
        m.put("guest-agent-timeout", DomainExtraCommands::guestAgentTimeout);
        m.put("backup-begin", DomainExtraCommands::backupBegin);
        m.put("backup-dumpxml", DomainExtraCommands::backupDumpxml);
        UNBOUND.forEach((name, fn) -> m.put(name, (ctl, cmd) -> unbound(ctl, cmd, fn)));
    }

    private static boolean unbound(Ctl ctl, Cmd cmd, String function) {
        if (cmd.def().option("domain") != null && cmd.has("domain") && Lookup.domain(ctl, cmd) == null) {
            return false;
        }
        throw VirException.noSupport(function);
    }

    private static boolean detachDeviceAlias(Ctl ctl, Cmd cmd) {
        Integer flags = DomainTuneCommands.affect(ctl, cmd);
        if (flags == null) {
            return false;
        }
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        String alias = Options.string(ctl, cmd, "alias");
        try {
            dom.detachDeviceAlias(alias, flags);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to detach device with alias %s", alias);
        }
        ctl.printExtra("Device detach request sent successfully\n");
        return true;
    }

    private static boolean iothread(Ctl ctl, Cmd cmd, boolean add) {
        Integer flags = DomainTuneCommands.affect(ctl, cmd);
        if (flags == null) {
            return false;
        }
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        int id = Options.integer(ctl, cmd, "id");
        if (id <= 0) {
            ctl.errorf("Invalid IOThread id value: '%d'", id);
            return false;
        }
        if (add) {
            dom.addIOThread(id, flags);
        } else {
            dom.delIOThread(id, flags);
        }
        return true;
    }

    private static boolean iothreadpin(Ctl ctl, Cmd cmd) {
        Integer flags = DomainTuneCommands.affect(ctl, cmd);
        if (flags == null) {
            return false;
        }
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        long id = Options.uint(ctl, cmd, "iothread");
        String cpulist = Options.string(ctl, cmd, "cpulist");
        int maxcpu = DomainTuneCommands.hostCpus(ctl);
        boolean[] map = Bitmaps.parse(cpulist, maxcpu);
        if (map == null) {
            ctl.errorf("Invalid cpulist '%s'", cpulist);
            return false;
        }
        dom.pinIOThread((int) id, map, flags);
        return true;
    }

    private static final String[] SIGNALS = {"nop", "hup", "int", "quit", "ill", "trap", "abrt", "bus", "fpe", "kill",
        "usr1", "segv", "usr2", "pipe", "alrm", "term", "stkflt", "chld", "cont", "stop", "tstp", "ttin", "ttou",
        "urg", "xcpu", "xfsz", "vtalrm", "prof", "winch", "poll", "pwr", "sys"};

    private static boolean sendProcessSignal(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        long pid = Options.longLong(ctl, cmd, "pid");
        String name = Options.string(ctl, cmd, "signame");
        Integer signum = Numbers.parseInt(name, 10);
        if (signum == null) {
            String n = name.toLowerCase(java.util.Locale.ROOT);
            n = n.startsWith("sig_") ? n.substring(4) : n.startsWith("sig") ? n.substring(3) : n;
            for (int i = 0; i < SIGNALS.length; i++) {
                if (SIGNALS[i].equals(n)) {
                    signum = i;
                }
            }
        }
        if (signum == null || signum < 0) {
            ctl.errorf("malformed signal name: %s", name);
            return false;
        }
        dom.sendProcessSignal(pid, signum, 0);
        return true;
    }

    private static boolean qemuMonitorCommand(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        String text = String.join(" ", cmd.argv("cmd"));
        String result = dom.qemuMonitorCommand(text, cmd.has("hmp") ? 1 : 0);
        ctl.print(result + "\n");
        return true;
    }

    private static boolean qemuAgentCommand(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        Integer t = Options.integer(ctl, cmd, "timeout");
        int timeout = cmd.has("async") ? 0 : cmd.has("block") ? -1 : t == null ? -2 : t;
        String result = dom.qemuAgentCommand(String.join(" ", cmd.argv("cmd")), timeout, 0);
        ctl.print(result + "\n");
        return true;
    }

    private static boolean guestAgentTimeout(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        Integer t = Options.integer(ctl, cmd, "timeout");
        dom.agentSetResponseTimeout(t == null ? -2 : t, 0);
        return true;
    }

    private static boolean backupBegin(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        String backupFile = Options.string(ctl, cmd, "backupxml");
        String checkpointFile = Options.string(ctl, cmd, "checkpointxml");
        String backup = backupFile == null ? null : Util.readFile(ctl, backupFile);
        String checkpoint = checkpointFile == null ? null : Util.readFile(ctl, checkpointFile);
        dom.backupBegin(backup, checkpoint, cmd.has("reuse-external") ? 1 : 0);
        ctl.print("Backup started\n");
        return true;
    }

    private static boolean backupDumpxml(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        return XPathOutput.print(ctl, cmd, dom.backupGetXMLDesc(0));
    }
}
