package org.jvirt.host;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

/**
 * Network devices through iproute2's {@code ip} (libvirt's virnetdev.c / virnetdevtap.c / virnetdevbridge.c, which
 * use ioctl and netlink; {@code ip} speaks the same netlink and keeps jvirt free of native code). Everything goes
 * through a {@link CommandRunner}, so the same object works on the host, inside a {@link NetNs}, or in a dry run.
 *
 * <p>The generated-name counters live in this object (libvirt keeps them in a static table): one NetDev per driver
 * state, shared by everything that allocates names in one network namespace.
 */
public final class NetDev {
    /** libvirt's VIR_NET_GENERATED_VNET_PREFIX and friends: names with these prefixes belong to libvirt. */
    public static final String VNET_PREFIX = "vnet";
    public static final String MACVTAP_PREFIX = "macvtap";
    public static final String MACVLAN_PREFIX = "macvlan";
    public static final List<String> RESERVED_PREFIXES = List.of(VNET_PREFIX, MACVTAP_PREFIX, MACVLAN_PREFIX);
    /** IFNAMSIZ less the terminating NUL. */
    public static final int MAX_NAME_LENGTH = 15;

    private final CommandRunner runner;
    private final Map<String, Integer> lastUsed = new HashMap<>();

    public NetDev(CommandRunner runner) {
        this.runner = runner;
    }

    /** A name a user may not pick: libvirt drops such names from inactive configs and generates its own. */
    public static boolean isReservedName(String name) {
        return RESERVED_PREFIXES.stream().anyMatch(name::startsWith);
    }

    public boolean exists(String name) {
        checkLength(name);
        return runner.run(Command.of("ip", "-o", "link", "show", "dev", name).allowingFailure()).succeeded();
    }

    /**
     * A persistent TAP device owned by {@code uid} (so an unprivileged QEMU can open it), left down. Never takes over
     * an existing device: opening a TAP by name attaches to one that exists, which would hand a guest somebody
     * else's traffic, so like virNetDevTapCreate (without VIR_NETDEV_TAP_CREATE_ALLOW_EXISTING) an existing name
     * raises VIR_ERR_OPERATION_INVALID "The NAME interface already exists" and the device is left alone.
     */
    public void createTap(String name, int uid) {
        createTap(name, uid, false);
    }

    /**
     * {@link #createTap(String, int)}, with IFF_MULTI_QUEUE when {@code multiQueue}: the kernel lets a process attach
     * to a persistent TAP only with the same multi-queue setting, so a guest NIC with several queues needs it.
     */
    public void createTap(String name, int uid, boolean multiQueue) {
        checkLength(name);
        if (exists(name)) {
            throw VirException.of(ErrorNumber.OPERATION_INVALID, ErrorDomain.NONE,
                    "The " + name + " interface already exists");
        }
        List<String> args = new ArrayList<>(List.of("tuntap", "add", "dev", name, "mode", "tap", "user",
                Integer.toString(uid)));
        if (multiQueue) {
            args.add("multi_queue");
        }
        ip("Unable to create tap device " + name, args.toArray(String[]::new));
    }

    public void createBridge(String name) {
        checkLength(name);
        ip("Unable to create bridge " + name, "link", "add", "name", name, "type", "bridge");
    }

    public void deleteBridge(String name) {
        ip("Unable to delete bridge " + name, "link", "delete", "dev", name, "type", "bridge");
    }

    public void addToBridge(String bridge, String ifname) {
        ip("Unable to add bridge " + bridge + " port " + ifname, "link", "set", "dev", ifname, "master", bridge);
    }

    public void setOnline(String name, boolean up) {
        ip("Cannot set interface flags on '" + name + "'", "link", "set", "dev", name, up ? "up" : "down");
    }

    public void setMac(String name, String mac) {
        ip("Cannot set interface MAC to " + mac + " on '" + name + "'", "link", "set", "dev", name, "address", mac);
    }

    /**
     * A macvtap device over {@code linkDev} (virNetDevMacVLanCreate with a tap), with the guest's MAC, left down.
     * {@code mode} is iproute2's spelling: vepa, private, bridge or passthru. The kernel refuses an existing name,
     * which gives libvirt's "error creating macvtap interface NAME@LINK (MAC): File exists".
     */
    public void createMacvtap(String name, String linkDev, String mac, String mode) {
        checkLength(name);
        ip("error creating macvtap interface " + name + "@" + linkDev + " (" + mac + ")", "link", "add", "link",
                linkDev, "name", name, "address", mac, "type", "macvtap", "mode", mode);
    }

    public void setMtu(String name, int mtu) {
        ip("Cannot set interface MTU on '" + name + "'", "link", "set", "dev", name, "mtu", Integer.toString(mtu));
    }

    /** The device's MTU (virNetDevGetMTU). */
    public int getMtu(String name) {
        return Integer.parseInt(field(name, "mtu", "Cannot get interface MTU on '" + name + "'"));
    }

    /** The kernel's interface index; a macvtap's character device is {@code /dev/tapINDEX}. */
    public int ifIndex(String name) {
        String out = runner.run(Command.of("ip", "-o", "link", "show", "dev", name)).stdout().strip();
        int colon = out.indexOf(':');
        if (colon <= 0 || !out.substring(0, colon).chars().allMatch(Character::isDigit)) {
            throw VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.NONE,
                    "Unable to get interface index for '" + name + "'");
        }
        return Integer.parseInt(out.substring(0, colon));
    }

    public void delete(String name) {
        ip("Unable to delete " + name, "link", "delete", "dev", name);
    }

    /** True when the device's flags include UP (the administrative state). */
    public boolean isOnline(String name) {
        String out = runner.run(Command.of("ip", "-o", "link", "show", "dev", name)).stdout();
        int lt = out.indexOf('<');
        int gt = out.indexOf('>', lt);
        if (lt < 0 || gt < 0) {
            throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.NONE, "Unable to parse: " + out.strip());
        }
        return List.of(out.substring(lt + 1, gt).split(",")).contains("UP");
    }

    /** The MAC address, lower case, as {@code ip} prints it. */
    public String getMac(String name) {
        String out = runner.run(Command.of("ip", "-o", "link", "show", "dev", name)).stdout();
        int i = out.indexOf("link/ether ");
        if (i < 0) {
            throw VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.NONE, "Cannot get interface MAC on '" + name
                    + "'");
        }
        return out.substring(i + 11, i + 28);
    }

    /** The bridge a port is attached to, or null. */
    public String master(String name) {
        String out = runner.run(Command.of("ip", "-o", "link", "show", "dev", name)).stdout();
        String[] f = out.strip().split("\\s+");
        for (int i = 0; i + 1 < f.length; i++) {
            if (f[i].equals("master")) {
                return f[i + 1];
            }
        }
        return null;
    }

    /** The word after {@code key} in the device's one-line {@code ip -o link show} output. */
    private String field(String name, String key, String error) {
        CommandResult r = runner.run(Command.of("ip", "-o", "link", "show", "dev", name).allowingFailure());
        if (!r.succeeded()) {
            // iproute2 says 'Device "X" does not exist.'; libvirt's ioctl reports ENODEV.
            throw VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.NONE, error + ": "
                    + (r.stderr().contains("does not exist") ? "No such device" : r.stderr().strip()));
        }
        String[] f = r.stdout().strip().split("\\s+");
        for (int i = 0; i + 1 < f.length; i++) {
            if (f[i].equals(key)) {
                return f[i + 1];
            }
        }
        throw VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.NONE, error);
    }

    /** Names of all devices starting with {@code prefix}, in the kernel's index order. */
    public List<String> listNames(String prefix) {
        List<String> names = new ArrayList<>();
        for (String line : runner.run(Command.of("ip", "-o", "link", "show")).stdout().split("\n")) {
            // "7: vnet0@if3: <BROADCAST,...> ..." : the name is the second field, without the "@peer" part.
            int c1 = line.indexOf(": ");
            if (c1 < 0) {
                continue;
            }
            int c2 = line.indexOf(": ", c1 + 2);
            if (c2 < 0) {
                continue;
            }
            String name = line.substring(c1 + 2, c2);
            int at = name.indexOf('@');
            if (at >= 0) {
                name = name.substring(0, at);
            }
            if (name.startsWith(prefix)) {
                names.add(name);
            }
        }
        return names;
    }

    /**
     * libvirt's virNetDevGenerateName: the next index after the last one this object handed out for the prefix,
     * skipping names that exist, wrapping to 0 past the largest index that fits IFNAMSIZ. A fresh object starts at 0,
     * so the first name is the lowest free one; later ones never reuse a name handed out earlier even after its
     * device went away (libvirt does this so that a new guest's vnetN is never mistaken for a just-destroyed one's).
     */
    public String generateName(String prefix) {
        return generateName(prefix, this::exists);
    }

    /** {@link #generateName(String)} with an explicit existence check (tests, or a snapshot of {@link #listNames}). */
    public String generateName(String prefix, Predicate<String> exists) {
        int digits = MAX_NAME_LENGTH - prefix.length();
        int maxId = digits >= 10 ? Integer.MAX_VALUE : (int) Math.pow(10, digits);
        for (int attempts = 0; attempts < maxId; attempts++) {
            int id;
            synchronized (lastUsed) {
                id = lastUsed.getOrDefault(prefix, -1) + 1;
                lastUsed.put(prefix, id >= maxId - 1 ? -1 : id);
            }
            String candidate = prefix + id;
            if (!exists.test(candidate)) {
                return candidate;
            }
        }
        throw VirException.of(ErrorNumber.OPERATION_FAILED, ErrorDomain.NONE, "no free " + prefix + " names found");
    }

    /**
     * libvirt's virNetDevReserveName: on daemon start-up, each generated name already in use by a running guest
     * moves the counter past it, so a new name does not collide with it.
     */
    public void reserveName(String name) {
        for (String prefix : RESERVED_PREFIXES) {
            if (name.startsWith(prefix) && name.length() > prefix.length()) {
                String digits = name.substring(prefix.length());
                if (digits.chars().allMatch(Character::isDigit) && digits.length() < 10) {
                    int id = Integer.parseInt(digits);
                    synchronized (lastUsed) {
                        if (id > lastUsed.getOrDefault(prefix, -1)) {
                            lastUsed.put(prefix, id);
                        }
                    }
                }
            }
        }
    }

    private static void checkLength(String name) {
        if (name.length() > MAX_NAME_LENGTH) {
            throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.NONE,
                    "Network interface name '" + name + "' is too long");
        }
    }

    /**
     * Runs {@code ip ARGS}; on failure raises libvirt's text for the operation with the kernel's reason, which
     * iproute2 prints as "RTNETLINK answers: File exists" (libvirt appends strerror the same way).
     */
    private void ip(String what, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add("ip");
        argv.addAll(List.of(args));
        CommandResult r = runner.run(Command.of(argv).allowingFailure());
        if (!r.succeeded()) {
            String reason = r.stderr().strip();
            int colon = reason.lastIndexOf(": ");
            if (reason.startsWith("RTNETLINK answers: ") || reason.startsWith("ioctl(TUNSETIFF): ")) {
                reason = reason.substring(colon + 2);
            }
            reason = reason.lines().findFirst().orElse("exit status " + r.exitStatus());
            throw VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.NONE, what + ": " + reason);
        }
    }
}
