package org.jvirt.cli.commands;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.jvirt.api.Domain;
import org.jvirt.api.Records.DomainFSInfo;
import org.jvirt.api.Stream;
import org.jvirt.cli.Cmd;
import org.jvirt.cli.Ctl;
import org.jvirt.cli.Handler;
import org.jvirt.cli.Numbers;
import org.jvirt.cli.Options;
import org.jvirt.cli.VshTable;
import org.jvirt.core.VirException;
import org.jvirt.core.param.TypedParam;
import org.jvirt.core.param.TypedParams;

/** Guest agent, power management, keyboard, screen and display commands (virsh-domain.c). */
final class DomainGuestCommands {
    /** Linux input keycodes (linux/input-event-codes.h) for the names send-key accepts most often. */
    private static final Map<String, Integer> LINUX_KEYS = Map.ofEntries(
            Map.entry("KEY_ESC", 1), Map.entry("KEY_1", 2), Map.entry("KEY_2", 3), Map.entry("KEY_3", 4),
            Map.entry("KEY_4", 5), Map.entry("KEY_5", 6), Map.entry("KEY_6", 7), Map.entry("KEY_7", 8),
            Map.entry("KEY_8", 9), Map.entry("KEY_9", 10), Map.entry("KEY_0", 11), Map.entry("KEY_MINUS", 12),
            Map.entry("KEY_EQUAL", 13), Map.entry("KEY_BACKSPACE", 14), Map.entry("KEY_TAB", 15),
            Map.entry("KEY_Q", 16), Map.entry("KEY_W", 17), Map.entry("KEY_E", 18), Map.entry("KEY_R", 19),
            Map.entry("KEY_T", 20), Map.entry("KEY_Y", 21), Map.entry("KEY_U", 22), Map.entry("KEY_I", 23),
            Map.entry("KEY_O", 24), Map.entry("KEY_P", 25), Map.entry("KEY_LEFTBRACE", 26),
            Map.entry("KEY_RIGHTBRACE", 27), Map.entry("KEY_ENTER", 28), Map.entry("KEY_LEFTCTRL", 29),
            Map.entry("KEY_A", 30), Map.entry("KEY_S", 31), Map.entry("KEY_D", 32), Map.entry("KEY_F", 33),
            Map.entry("KEY_G", 34), Map.entry("KEY_H", 35), Map.entry("KEY_J", 36), Map.entry("KEY_K", 37),
            Map.entry("KEY_L", 38), Map.entry("KEY_SEMICOLON", 39), Map.entry("KEY_APOSTROPHE", 40),
            Map.entry("KEY_GRAVE", 41), Map.entry("KEY_LEFTSHIFT", 42), Map.entry("KEY_BACKSLASH", 43),
            Map.entry("KEY_Z", 44), Map.entry("KEY_X", 45), Map.entry("KEY_C", 46), Map.entry("KEY_V", 47),
            Map.entry("KEY_B", 48), Map.entry("KEY_N", 49), Map.entry("KEY_M", 50), Map.entry("KEY_COMMA", 51),
            Map.entry("KEY_DOT", 52), Map.entry("KEY_SLASH", 53), Map.entry("KEY_RIGHTSHIFT", 54),
            Map.entry("KEY_KPASTERISK", 55), Map.entry("KEY_LEFTALT", 56), Map.entry("KEY_SPACE", 57),
            Map.entry("KEY_CAPSLOCK", 58), Map.entry("KEY_F1", 59), Map.entry("KEY_F2", 60), Map.entry("KEY_F3", 61),
            Map.entry("KEY_F4", 62), Map.entry("KEY_F5", 63), Map.entry("KEY_F6", 64), Map.entry("KEY_F7", 65),
            Map.entry("KEY_F8", 66), Map.entry("KEY_F9", 67), Map.entry("KEY_F10", 68), Map.entry("KEY_F11", 87),
            Map.entry("KEY_F12", 88), Map.entry("KEY_RIGHTCTRL", 97), Map.entry("KEY_RIGHTALT", 100),
            Map.entry("KEY_HOME", 102), Map.entry("KEY_UP", 103), Map.entry("KEY_PAGEUP", 104),
            Map.entry("KEY_LEFT", 105), Map.entry("KEY_RIGHT", 106), Map.entry("KEY_END", 107),
            Map.entry("KEY_DOWN", 108), Map.entry("KEY_PAGEDOWN", 109), Map.entry("KEY_INSERT", 110),
            Map.entry("KEY_DELETE", 111), Map.entry("KEY_POWER", 116), Map.entry("KEY_LEFTMETA", 125),
            Map.entry("KEY_RIGHTMETA", 126), Map.entry("KEY_SYSRQ", 99));
    private static final List<String> CODESETS = List.of("linux", "xt", "atset1", "atset2", "atset3", "os_x",
            "xt_kbd", "win32", "usb", "rfb", "qnum");

    private DomainGuestCommands() {}

    static void register(Map<String, Handler> m) {
        m.put("domfsinfo", DomainGuestCommands::domfsinfo);
        m.put("set-user-password", DomainGuestCommands::setUserPassword);
        m.put("domfsfreeze", (ctl, cmd) -> freezeThaw(ctl, cmd, true));
        m.put("domfsthaw", (ctl, cmd) -> freezeThaw(ctl, cmd, false));
        m.put("domfstrim", DomainGuestCommands::domfstrim);
        m.put("guestvcpus", DomainGuestCommands::guestvcpus);
        m.put("guestinfo", DomainGuestCommands::guestinfo);
        m.put("get-user-sshkeys", DomainGuestCommands::getUserSshkeys);
        m.put("dompmsuspend", DomainGuestCommands::dompmsuspend);
        m.put("dompmwakeup", DomainGuestCommands::dompmwakeup);
        m.put("send-key", DomainGuestCommands::sendKey);
        m.put("screenshot", DomainGuestCommands::screenshot);
        m.put("domdisplay", DomainGuestCommands::domdisplay);
        m.put("vncdisplay", DomainGuestCommands::vncdisplay);
        m.put("ttyconsole", DomainGuestCommands::ttyconsole);
        m.put("qemu-monitor-event", (ctl, cmd) -> {
            throw VirException.noSupport("virConnectDomainQemuMonitorEventRegister");
        });
    }

    private static boolean domfsinfo(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        List<DomainFSInfo> info;
        try {
            info = dom.getFSInfo(0);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Unable to get filesystem information");
        }
        if (info.isEmpty()) {
            return true;
        }
        VshTable t = new VshTable("Mountpoint", "Name", "Type", "Target");
        for (DomainFSInfo fs : info) {
            t.row(fs.mountpoint(), fs.name(), fs.fstype(), String.join(",", fs.devAliases()));
        }
        t.print(ctl);
        return true;
    }

    private static boolean setUserPassword(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        String user = Options.string(ctl, cmd, "user");
        String password = Options.string(ctl, cmd, "password");
        dom.setUserPassword(user, password, cmd.has("encrypted") ? 1 : 0);
        ctl.printExtra(String.format("Password set successfully for %s in %s", user, dom.getName()));
        return true;
    }

    private static boolean freezeThaw(Ctl ctl, Cmd cmd, boolean freeze) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        List<String> mounts = cmd.argv("mountpoint");
        int n;
        try {
            n = freeze ? dom.fsFreeze(mounts, 0) : dom.fsThaw(mounts, 0);
        } catch (VirException e) {
            return Util.fail(ctl, e, freeze ? "Unable to freeze filesystems" : "Unable to thaw filesystems");
        }
        ctl.printExtra(String.format(freeze ? "Froze %d filesystem(s)\n" : "Thawed %d filesystem(s)\n", n));
        return true;
    }

    private static boolean domfstrim(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        Long minimum = Options.ulongLong(ctl, cmd, "minimum");
        String mount = Options.string(ctl, cmd, "mountpoint");
        try {
            dom.fsTrim(mount, minimum == null ? 0 : minimum, 0);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Unable to invoke fstrim");
        }
        return true;
    }

    private static boolean guestvcpus(Ctl ctl, Cmd cmd) {
        boolean enable = cmd.has("enable");
        boolean disable = cmd.has("disable");
        if (!Options.exclusive(ctl, cmd, "enable", "disable")) {
            return false;
        }
        String cpulist = Options.string(ctl, cmd, "cpulist");
        if ((enable || disable) && cpulist == null) {
            ctl.error("Option --cpulist is required by option --enable or --disable");
            return false;
        }
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        if (enable || disable) {
            dom.setGuestVcpus(cpulist, enable, 0);
            return true;
        }
        TypedParams params = dom.getGuestVcpus(0);
        for (TypedParam p : params.asList()) {
            ctl.printf("%-15s: %s\n", p.field(), p.valueString());
        }
        return true;
    }

    private static boolean guestinfo(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        String[] kinds = {"user", "os", "timezone", "hostname", "filesystem", "disk", "interface"};
        int[] bits = {1, 2, 4, 8, 16, 32, 64};
        int types = 0;
        for (int i = 0; i < kinds.length; i++) {
            types |= cmd.has(kinds[i]) ? bits[i] : 0;
        }
        TypedParams params = dom.getGuestInfo(types, 0);
        for (TypedParam p : params.asList()) {
            ctl.printf("%-20s: %s\n", p.field(), p.valueString());
        }
        return true;
    }

    private static boolean getUserSshkeys(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        Options.string(ctl, cmd, "user");
        // jvirt's API has no virDomainAuthorizedSSHKeysGet yet: answer as a driver without it does.
        throw VirException.noSupport("virDomainAuthorizedSSHKeysGet");
    }

    private static boolean dompmsuspend(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        Long duration = Options.ulongLong(ctl, cmd, "duration");
        String target = Options.string(ctl, cmd, "target");
        int t = switch (target) {
            case "mem" -> 0;
            case "disk" -> 1;
            case "hybrid" -> 2;
            default -> -1;
        };
        if (t < 0) {
            ctl.error("Invalid target");
            return false;
        }
        try {
            dom.pmSuspendForDuration(t, duration == null ? 0 : duration, 0);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Domain '%s' could not be suspended", dom.getName());
        }
        ctl.printExtra(String.format("Domain '%s' successfully suspended", dom.getName()));
        return true;
    }

    private static boolean dompmwakeup(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        try {
            dom.pmWakeup(0);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Domain '%s' could not be woken up", dom.getName());
        }
        ctl.printExtra(String.format("Domain '%s' successfully woken up", dom.getName()));
        return true;
    }

    private static boolean sendKey(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        String codesetName = Options.string(ctl, cmd, "codeset");
        int codeset = 0;
        if (codesetName != null) {
            codeset = CODESETS.indexOf(codesetName);
            if (codeset < 0) {
                ctl.errorf("unknown codeset: '%s'", codesetName);
                return false;
            }
        }
        Integer holdtime = Options.integer(ctl, cmd, "holdtime");
        if (holdtime != null && holdtime < 0) {
            ctl.errorf("invalid value of --holdtime");
            return false;
        }
        List<String> keys = cmd.argv("keycode");
        if (keys.size() > 16) {
            ctl.errorf("too many keycodes");
            return false;
        }
        int[] codes = new int[keys.size()];
        for (int i = 0; i < codes.length; i++) {
            String k = keys.get(i);
            Integer n = Numbers.parseInt(k, 0);
            if (n == null && codeset == 0) {
                n = LINUX_KEYS.get(k);
            }
            if (n == null || n < 0 || n > 0xffff) {
                ctl.errorf("invalid keycode: '%s'", k);
                return false;
            }
            codes[i] = n;
        }
        dom.sendKey(codeset, holdtime == null ? 0 : holdtime, codes, 0);
        return true;
    }

    private static boolean screenshot(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        String file = Options.string(ctl, cmd, "file");
        Long screen = Options.uint(ctl, cmd, "screen");
        try (Stream st = ctl.conn().newStream(0)) {
            String mime;
            try {
                mime = dom.screenshot(st, screen == null ? 0 : screen.intValue(), 0);
            } catch (VirException e) {
                return Util.fail(ctl, e, "could not take a screenshot of %s", dom.getName());
            }
            if (file == null) {
                String ext = mime.equals("image/png") ? ".png" : mime.equals("image/x-portable-pixmap") ? ".ppm"
                        : "";
                // virshGenFileName: <domain>-<local time %Y-%m-%d-%H:%M:%S><ext>
                file = dom.getName() + "-" + java.time.LocalDateTime.now().format(
                        java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd-HH:mm:ss")) + ext;
            }
            try (OutputStream out = Files.newOutputStream(ctl.file(file))) {
                byte[] buf = new byte[65536];
                int n;
                while ((n = st.recv(buf, 0, buf.length)) > 0) {
                    out.write(buf, 0, n);
                }
            } catch (IOException e) {
                ctl.errorf("cannot create file %s", file);
                return false;
            }
            st.finish();
            ctl.printExtra(String.format("Screenshot saved to %s, with type of %s", file, mime));
            return true;
        }
    }

    private static boolean domdisplay(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        String type = Options.string(ctl, cmd, "type");
        Xml xml = Xml.parse(dom.getXMLDesc(cmd.has("include-password") ? Domain.XML_SECURE : 0));
        StringBuilder sb = new StringBuilder();
        for (String scheme : new String[] {"vnc", "spice", "rdp"}) {
            if (type != null && !type.equals(scheme)) {
                continue;
            }
            String port = xml.string("string(/domain/devices/graphics[@type='" + scheme + "']/@port)");
            if (port == null || port.equals("-1")) {
                continue;
            }
            String listen = xml.string("string(/domain/devices/graphics[@type='" + scheme + "']/@listen)");
            if (listen == null || listen.equals("0.0.0.0") || listen.equals("::")) {
                listen = "localhost";
            }
            int p = Integer.parseInt(port);
            if (scheme.equals("vnc")) {
                p -= 5900;
            }
            sb.append(scheme).append("://").append(listen).append(':').append(p).append('\n');
            if (!cmd.has("all")) {
                break;
            }
        }
        if (sb.isEmpty()) {
            ctl.error("No graphical display found");
            return false;
        }
        ctl.print(sb.toString());
        return true;
    }

    private static boolean vncdisplay(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        Xml xml = Xml.parse(dom.getXMLDesc(0));
        String port = xml.string("string(/domain/devices/graphics[@type='vnc']/@port)");
        Integer p = port == null ? null : Numbers.parseInt(port, 10);
        if (p == null || p <= 0) {
            ctl.error("Failed to get VNC port. Is this domain using VNC?");
            return false;
        }
        String listen = xml.string("string(/domain/devices/graphics[@type='vnc']/@listen)");
        if (listen == null || listen.equals("0.0.0.0")) {
            ctl.printf(":%d\n", p - 5900);
        } else {
            ctl.printf("%s:%d\n", listen, p - 5900);
        }
        return true;
    }

    private static boolean ttyconsole(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        String tty = Xml.parse(dom.getXMLDesc(0)).string("string(/domain/devices/console/@tty)");
        if (tty == null) {
            return false;
        }
        ctl.print(tty + "\n");
        return true;
    }
}
