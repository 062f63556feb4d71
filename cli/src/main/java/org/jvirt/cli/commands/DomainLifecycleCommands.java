package org.jvirt.cli.commands;

import java.util.Map;
import org.jvirt.api.Domain;
import org.jvirt.cli.Cmd;
import org.jvirt.cli.Ctl;
import org.jvirt.cli.Handler;
import org.jvirt.cli.Options;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

/** Starting, stopping, defining and saving domains (virsh-domain.c's lifecycle commands). */
final class DomainLifecycleCommands {
    // virDomainCreateFlags
    static final int START_PAUSED = 1;
    static final int START_AUTODESTROY = 2;
    static final int START_BYPASS_CACHE = 4;
    static final int START_FORCE_BOOT = 8;
    static final int START_VALIDATE = 16;
    static final int START_RESET_NVRAM = 32;
    // virDomainSaveRestoreFlags
    static final int SAVE_BYPASS_CACHE = 1;
    static final int SAVE_RUNNING = 2;
    static final int SAVE_PAUSED = 4;
    static final int SAVE_RESET_NVRAM = 8;
    // virDomainUndefineFlagsValues
    static final int UNDEFINE_MANAGED_SAVE = 1;
    static final int UNDEFINE_SNAPSHOTS_METADATA = 2;
    static final int UNDEFINE_NVRAM = 4;
    static final int UNDEFINE_KEEP_NVRAM = 8;
    static final int UNDEFINE_CHECKPOINTS_METADATA = 16;
    static final int UNDEFINE_TPM = 32;
    static final int UNDEFINE_KEEP_TPM = 64;
    static final int DEFINE_VALIDATE = 1;

    private DomainLifecycleCommands() {}

    static void register(Map<String, Handler> m) {
        m.put("start", DomainLifecycleCommands::start);
        m.put("destroy", DomainLifecycleCommands::destroy);
        m.put("suspend", simple("suspend", Domain::suspend, "Domain '%s' suspended\n",
                "Failed to suspend domain '%s'"));
        m.put("resume", simple("resume", Domain::resume, "Domain '%s' resumed\n", "Failed to resume domain '%s'"));
        m.put("reset", simple("reset", d -> d.reset(0), "Domain '%s' was reset\n", "Failed to reset domain '%s'"));
        m.put("shutdown", DomainLifecycleCommands::shutdown);
        m.put("reboot", DomainLifecycleCommands::reboot);
        m.put("define", DomainLifecycleCommands::define);
        m.put("create", DomainLifecycleCommands::create);
        m.put("undefine", DomainLifecycleCommands::undefine);
        m.put("autostart", DomainLifecycleCommands::autostart);
        m.put("managedsave", DomainLifecycleCommands::managedsave);
        m.put("managedsave-remove", DomainLifecycleCommands::managedsaveRemove);
        m.put("save", DomainLifecycleCommands::save);
        m.put("restore", DomainLifecycleCommands::restore);
        m.put("domrename", DomainLifecycleCommands::domrename);
    }

    private interface DomainAction {
        void apply(Domain d);
    }

    /** A command that looks the domain up, calls one function and prints one line. */
    private static Handler simple(String name, DomainAction action, String ok, String failed) {
        return (ctl, cmd) -> {
            Domain dom = Lookup.domain(ctl, cmd);
            if (dom == null) {
                return false;
            }
            try {
                action.apply(dom);
            } catch (VirException e) {
                return Util.fail(ctl, e, failed, dom.getName());
            }
            ctl.printExtra(String.format(ok, dom.getName()));
            return true;
        };
    }

    private static boolean start(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd, "domain", Lookup.BYNAME | Lookup.BYUUID);
        if (dom == null) {
            return false;
        }
        if (dom.getID() != -1) {
            ctl.error("Domain is already active");
            return false;
        }
        int flags = 0;
        flags |= cmd.has("paused") ? START_PAUSED : 0;
        flags |= cmd.has("autodestroy") ? START_AUTODESTROY : 0;
        flags |= cmd.has("bypass-cache") ? START_BYPASS_CACHE : 0;
        flags |= cmd.has("force-boot") ? START_FORCE_BOOT : 0;
        flags |= cmd.has("reset-nvram") ? START_RESET_NVRAM : 0;
        try {
            if (flags != 0) {
                dom.createWithFlags(flags);
            } else {
                dom.create();
            }
        } catch (VirException e) {
            // virsh's cmdStart: a driver without FORCE_BOOT gets the start retried without it, after dropping any
            // managed save image (which is what forcing a boot means)
            boolean retry = (flags & START_FORCE_BOOT) != 0
                    && (e.code() == ErrorNumber.NO_SUPPORT || e.code() == ErrorNumber.INVALID_ARG);
            if (!retry || !startWithoutForceBoot(dom, flags & ~START_FORCE_BOOT)) {
                return Util.fail(ctl, e, "Failed to start domain '%s'", dom.getName());
            }
        }
        ctl.printExtra(String.format("Domain '%s' started\n", dom.getName()));
        return true;
    }

    private static boolean startWithoutForceBoot(Domain dom, int flags) {
        try {
            if (dom.hasManagedSaveImage(0)) {
                dom.managedSaveRemove(0);
            }
            if (flags != 0) {
                dom.createWithFlags(flags);
            } else {
                dom.create();
            }
            return true;
        } catch (VirException e) {
            return false;
        }
    }

    private static boolean destroy(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        int flags = (cmd.has("graceful") ? 1 : 0) | (cmd.has("remove-logs") ? 2 : 0);
        try {
            if (flags != 0) {
                dom.destroyFlags(flags);
            } else {
                dom.destroy();
            }
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to destroy domain '%s'", dom.getName());
        }
        ctl.printExtra(String.format("Domain '%s' destroyed\n", dom.getName()));
        return true;
    }

    /** The --mode list of shutdown/reboot: comma-separated names mapped to VIR_DOMAIN_SHUTDOWN_* bits. */
    private static Integer modeFlags(Ctl ctl, Cmd cmd, boolean reboot) {
        String mode = Options.string(ctl, cmd, "mode");
        int flags = 0;
        if (mode == null) {
            return 0;
        }
        for (String m : mode.split(",", -1)) {
            switch (m) {
                case "acpi" -> flags |= 1;
                case "agent" -> flags |= 2;
                case "initctl" -> flags |= 4;
                case "signal" -> flags |= 8;
                case "paravirt" -> flags |= 16;
                default -> {
                    ctl.errorf("Unknown mode %s value, expecting 'acpi', 'agent', 'initctl', 'signal' or 'paravirt'",
                            m);
                    return null;
                }
            }
        }
        return flags;
    }

    private static boolean shutdown(Ctl ctl, Cmd cmd) {
        Integer flags = modeFlags(ctl, cmd, false);
        if (flags == null) {
            return false;
        }
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        try {
            if (flags != 0) {
                dom.shutdownFlags(flags);
            } else {
                dom.shutdown();
            }
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to shutdown domain '%s'", dom.getName());
        }
        ctl.printExtra(String.format("Domain '%s' is being shutdown\n", dom.getName()));
        return true;
    }

    private static boolean reboot(Ctl ctl, Cmd cmd) {
        Integer flags = modeFlags(ctl, cmd, true);
        if (flags == null) {
            return false;
        }
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        try {
            dom.reboot(flags);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to reboot domain '%s'", dom.getName());
        }
        ctl.printExtra(String.format("Domain '%s' is being rebooted\n", dom.getName()));
        return true;
    }

    private static boolean define(Ctl ctl, Cmd cmd) {
        String from = Options.string(ctl, cmd, "file");
        if (from == null) {
            return false;
        }
        int flags = cmd.has("validate") ? DEFINE_VALIDATE : 0;
        String xml = Util.readFile(ctl, from);
        Domain dom;
        try {
            dom = flags != 0 ? ctl.conn().domainDefineXMLFlags(xml, flags) : ctl.conn().domainDefineXML(xml);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to define domain from %s", from);
        }
        ctl.printExtra(String.format("Domain '%s' defined from %s\n", dom.getName(), from));
        return true;
    }

    private static boolean create(Ctl ctl, Cmd cmd) {
        String from = Options.string(ctl, cmd, "file");
        if (from == null) {
            return false;
        }
        int flags = 0;
        flags |= cmd.has("paused") ? START_PAUSED : 0;
        flags |= cmd.has("autodestroy") ? START_AUTODESTROY : 0;
        flags |= cmd.has("validate") ? START_VALIDATE : 0;
        flags |= cmd.has("reset-nvram") ? START_RESET_NVRAM : 0;
        String xml = Util.readFile(ctl, from);
        Domain dom;
        try {
            dom = ctl.conn().domainCreateXML(xml, flags);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to create domain from %s", from);
        }
        ctl.printExtra(String.format("Domain '%s' created from %s\n", dom.getName(), from));
        return true;
    }

    private static boolean undefine(Ctl ctl, Cmd cmd) {
        if (!Options.exclusive(ctl, cmd, "nvram", "keep-nvram") || !Options.exclusive(ctl, cmd, "tpm", "keep-tpm")) {
            return false;
        }
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        if ((cmd.has("storage") || cmd.has("remove-all-storage")) && dom.isActive()) {
            ctl.error("Storage volume deletion is supported only on stopped domains");
            return false;
        }
        if (!cmd.has("managed-save")) {
            boolean hasImage;
            try {
                hasImage = dom.hasManagedSaveImage(0);
            } catch (VirException e) {
                hasImage = false;
            }
            if (hasImage) {
                ctl.error("Refusing to undefine while domain managed save image exists");
                return false;
            }
        }
        int flags = 0;
        flags |= cmd.has("managed-save") ? UNDEFINE_MANAGED_SAVE : 0;
        flags |= cmd.has("snapshots-metadata") ? UNDEFINE_SNAPSHOTS_METADATA : 0;
        flags |= cmd.has("checkpoints-metadata") ? UNDEFINE_CHECKPOINTS_METADATA : 0;
        flags |= cmd.has("nvram") ? UNDEFINE_NVRAM : 0;
        flags |= cmd.has("keep-nvram") ? UNDEFINE_KEEP_NVRAM : 0;
        flags |= cmd.has("tpm") ? UNDEFINE_TPM : 0;
        flags |= cmd.has("keep-tpm") ? UNDEFINE_KEEP_TPM : 0;
        try {
            if (flags != 0) {
                dom.undefineFlags(flags);
            } else {
                dom.undefine();
            }
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to undefine domain '%s'", dom.getName());
        }
        ctl.printExtra(String.format("Domain '%s' has been undefined\n", dom.getName()));
        return true;
    }

    private static boolean autostart(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        boolean enable = !cmd.has("disable");
        try {
            dom.setAutostart(enable);
        } catch (VirException e) {
            return Util.fail(ctl, e, enable ? "Failed to mark domain '%s' as autostarted"
                    : "Failed to unmark domain '%s' as autostarted", dom.getName());
        }
        ctl.printExtra(String.format(enable ? "Domain '%s' marked as autostarted\n"
                : "Domain '%s' unmarked as autostarted\n", dom.getName()));
        return true;
    }

    private static boolean managedsave(Ctl ctl, Cmd cmd) {
        if (!Options.exclusive(ctl, cmd, "running", "paused")) {
            return false;
        }
        int flags = (cmd.has("bypass-cache") ? SAVE_BYPASS_CACHE : 0) | (cmd.has("running") ? SAVE_RUNNING : 0)
                | (cmd.has("paused") ? SAVE_PAUSED : 0);
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        try {
            dom.managedSave(flags);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to save domain '%s' state", dom.getName());
        }
        ctl.printExtra(String.format("\nDomain '%s' state saved by libvirt\n", dom.getName()));
        return true;
    }

    private static boolean managedsaveRemove(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        boolean has;
        try {
            has = dom.hasManagedSaveImage(0);
        } catch (VirException e) {
            ctl.setLastError(e);
            ctl.error("Failed to check for domain managed save image");
            return false;
        }
        if (!has) {
            ctl.printExtra(String.format("Domain '%s' has no manage save image; removal skipped", dom.getName()));
            return true;
        }
        try {
            dom.managedSaveRemove(0);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to remove managed save image for domain '%s'", dom.getName());
        }
        ctl.printExtra(String.format("Removed managedsave image for domain '%s'", dom.getName()));
        return true;
    }

    private static boolean save(Ctl ctl, Cmd cmd) {
        if (!Options.exclusive(ctl, cmd, "running", "paused")) {
            return false;
        }
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        String to = Options.string(ctl, cmd, "file");
        String xmlFile = Options.string(ctl, cmd, "xml");
        int flags = (cmd.has("bypass-cache") ? SAVE_BYPASS_CACHE : 0) | (cmd.has("running") ? SAVE_RUNNING : 0)
                | (cmd.has("paused") ? SAVE_PAUSED : 0);
        String xml = xmlFile == null ? null : Util.readFile(ctl, xmlFile);
        String path = ctl.file(to).toString();
        try {
            if (flags != 0 || xml != null) {
                dom.saveFlags(path, xml, flags);
            } else {
                dom.save(path);
            }
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to save domain '%s' to %s", dom.getName(), to);
        }
        ctl.printExtra(String.format("\nDomain '%s' saved to %s\n", dom.getName(), to));
        return true;
    }

    private static boolean restore(Ctl ctl, Cmd cmd) {
        if (!Options.exclusive(ctl, cmd, "running", "paused")) {
            return false;
        }
        String from = Options.string(ctl, cmd, "file");
        String xmlFile = Options.string(ctl, cmd, "xml");
        int flags = (cmd.has("bypass-cache") ? SAVE_BYPASS_CACHE : 0) | (cmd.has("running") ? SAVE_RUNNING : 0)
                | (cmd.has("paused") ? SAVE_PAUSED : 0) | (cmd.has("reset-nvram") ? SAVE_RESET_NVRAM : 0);
        String xml = xmlFile == null ? null : Util.readFile(ctl, xmlFile);
        String path = ctl.file(from).toString();
        try {
            if (flags != 0 || xml != null) {
                ctl.conn().domainRestoreFlags(path, xml, flags);
            } else {
                ctl.conn().domainRestore(path);
            }
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to restore domain from %s", from);
        }
        ctl.printExtra(String.format("Domain restored from %s\n", from));
        return true;
    }

    private static boolean domrename(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd, "domain", Lookup.BYNAME | Lookup.BYUUID);
        if (dom == null) {
            return false;
        }
        String newName = Options.string(ctl, cmd, "new-name");
        dom.rename(newName, 0);
        ctl.printExtra("Domain successfully renamed\n");
        return true;
    }
}
