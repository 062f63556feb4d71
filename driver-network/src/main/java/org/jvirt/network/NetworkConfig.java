package org.jvirt.network;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jvirt.host.CommandRunner;
import org.jvirt.host.ProcessCommandRunner;

/**
 * Where the network driver keeps its files and how it reaches the host (libvirt's virNetworkDriverConfig).
 *
 * @param configDir persistent network definitions, {@code NAME.xml}
 * @param autostartDir symlinks to the definitions of networks started with the daemon
 * @param stateDir status XML of active networks, dnsmasq's pidfile, log and lease file
 * @param dnsmasqDir dnsmasq's configuration and hosts files (libvirt: /var/lib/libvirt/dnsmasq)
 * @param launchPrefix argv put before dnsmasq's (empty normally; tests run it inside a network namespace with
 *        {@code ip netns exec NAME}, which execs in place, so the pid stays dnsmasq's)
 * @param host how ip, iptables and sysctl run; the same namespace as {@code launchPrefix}
 */
record NetworkConfig(boolean privileged, Path configDir, Path autostartDir, Path stateDir, Path dnsmasqDir,
                     List<String> launchPrefix, CommandRunner host) {

    NetworkConfig {
        launchPrefix = List.copyOf(launchPrefix);
    }

    /** The system layout under {@code root} ("/" on a real host), libvirt's with jvirt for libvirt. */
    static NetworkConfig system(Path root) {
        Path etc = root.resolve("etc/jvirt/qemu/networks");
        return new NetworkConfig(true, etc, etc.resolve("autostart"), root.resolve("run/jvirt/network"),
                root.resolve("var/lib/jvirt/dnsmasq"), List.of(), new ProcessCommandRunner());
    }

    /** A user's daemon: the XDG directories. It can define networks but not start them (no bridges for users). */
    static NetworkConfig session(Path home, Map<String, String> env) {
        Path config = env.containsKey("XDG_CONFIG_HOME") ? Path.of(env.get("XDG_CONFIG_HOME"))
                : home.resolve(".config");
        Path run = env.containsKey("XDG_RUNTIME_DIR") ? Path.of(env.get("XDG_RUNTIME_DIR"), "jvirt")
                : home.resolve(".cache/jvirt");
        Path etc = config.resolve("jvirt/qemu/networks");
        return new NetworkConfig(false, etc, etc.resolve("autostart"), run.resolve("network"),
                run.resolve("network/dnsmasq"), List.of(), new ProcessCommandRunner());
    }

    NetworkConfig withLaunch(List<String> prefix, CommandRunner runner) {
        return new NetworkConfig(privileged, configDir, autostartDir, stateDir, dnsmasqDir, prefix, runner);
    }
}
