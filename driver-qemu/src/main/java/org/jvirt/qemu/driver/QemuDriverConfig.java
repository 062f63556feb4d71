package org.jvirt.qemu.driver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jvirt.host.CommandRunner;
import org.jvirt.host.ProcessCommandRunner;

/**
 * Where the QEMU driver keeps its files and how it runs QEMU (libvirt's virQEMUDriverConfig, qemu_conf.c). The three
 * places of every stateful driver: persistent configs ({@code configDir}, autostart links beside them), runtime
 * status ({@code stateDir}: status XML, pidfiles) and logs ({@code logDir}); per-domain private files (monitor
 * socket, master key) live in {@code libDir/domain-ID-NAME}, saved images in {@code saveDir}, probed capabilities in
 * {@code cacheDir}.
 *
 * @param privileged root daemon (qemu:///system) or a user's (qemu:///session)
 * @param uri the URI connections report
 * @param emulator the QEMU binary used when a domain names none
 * @param launchPrefix argv put before QEMU's (empty normally; tests run guests inside a network namespace with
 *        {@code ip netns exec NAME}, which execs in place, so the pid stays QEMU's)
 * @param host how host commands (ip, qemu-img) run; the same runner as {@code launchPrefix} in tests
 * @param destroyGrace how long destroy waits after SIGTERM before SIGKILL (libvirt: 10 s)
 * @param monitorTimeout how long start waits for QEMU's monitor socket
 * @param cgroups put guests in cgroups (libvirt's cgroup_controllers; only a root daemon can)
 */
public record QemuDriverConfig(boolean privileged, String uri, Path configDir, Path autostartDir, Path stateDir,
                               Path logDir, Path libDir, Path saveDir, Path dumpDir, Path cacheDir, Path emulator,
                               List<String> launchPrefix, CommandRunner host, Duration destroyGrace,
                               Duration monitorTimeout, boolean cgroups) {

    public QemuDriverConfig {
        launchPrefix = List.copyOf(launchPrefix);
    }

    /** qemu:///system's layout under {@code root} ("/" on a real host). */
    public static QemuDriverConfig system(Path root) {
        Path etc = root.resolve("etc/jvirt/qemu");
        Path lib = root.resolve("var/lib/jvirt/qemu");
        return new QemuDriverConfig(true, "qemu:///system", etc, etc.resolve("autostart"),
                root.resolve("run/jvirt/qemu"), root.resolve("var/log/jvirt/qemu"), lib, lib.resolve("save"),
                lib.resolve("dump"), root.resolve("var/cache/jvirt/qemu"), defaultEmulator(), List.of(),
                new ProcessCommandRunner(), Duration.ofSeconds(10), Duration.ofSeconds(30), true);
    }

    /** qemu:///session's layout: the user's XDG directories, as libvirt's session daemon uses them. */
    public static QemuDriverConfig session(Path home, Map<String, String> env) {
        Path config = env.containsKey("XDG_CONFIG_HOME") ? Path.of(env.get("XDG_CONFIG_HOME"))
                : home.resolve(".config");
        Path cache = env.containsKey("XDG_CACHE_HOME") ? Path.of(env.get("XDG_CACHE_HOME")) : home.resolve(".cache");
        Path run = env.containsKey("XDG_RUNTIME_DIR") ? Path.of(env.get("XDG_RUNTIME_DIR"), "jvirt")
                : cache.resolve("jvirt");
        Path etc = config.resolve("jvirt/qemu");
        Path lib = config.resolve("jvirt/qemu/lib");
        return new QemuDriverConfig(false, "qemu:///session", etc, etc.resolve("autostart"), run.resolve("qemu/run"),
                cache.resolve("jvirt/qemu/log"), lib, etc.resolve("save"), etc.resolve("dump"),
                cache.resolve("jvirt/qemu/cache"), defaultEmulator(), List.of(), new ProcessCommandRunner(),
                Duration.ofSeconds(10), Duration.ofSeconds(30), false);
    }

    public QemuDriverConfig withLaunch(List<String> prefix, CommandRunner runner) {
        return new QemuDriverConfig(privileged, uri, configDir, autostartDir, stateDir, logDir, libDir, saveDir,
                dumpDir, cacheDir, emulator, prefix, runner, destroyGrace, monitorTimeout, cgroups);
    }

    public QemuDriverConfig withEmulator(Path e) {
        return new QemuDriverConfig(privileged, uri, configDir, autostartDir, stateDir, logDir, libDir, saveDir,
                dumpDir, cacheDir, e, launchPrefix, host, destroyGrace, monitorTimeout, cgroups);
    }

    private static Path defaultEmulator() {
        return ProcessCommandRunner.findInPath("qemu-system-x86_64").orElse(Path.of("/usr/bin/qemu-system-x86_64"));
    }
}
