package org.jvirt.storage;

import java.nio.file.Path;
import java.util.Map;
import org.jvirt.host.CommandRunner;
import org.jvirt.host.ProcessCommandRunner;

/**
 * Where the storage driver keeps its files, as libvirt's storage driver lays them out.
 *
 * @param configDir persistent pool definitions, {@code NAME.xml}
 * @param autostartDir symlinks to the definitions of pools started with the daemon
 * @param stateDir status XML of the active pools (what a restarted daemon picks up)
 * @param host how qemu-img, fallocate and scrub run
 */
record StorageConfig(boolean privileged, Path configDir, Path autostartDir, Path stateDir, CommandRunner host) {

    /** The system layout under {@code root} ("/" on a real host): /etc/jvirt/storage, /run/jvirt/storage. */
    static StorageConfig system(Path root) {
        Path etc = root.resolve("etc/jvirt/storage");
        return new StorageConfig(true, etc, etc.resolve("autostart"), root.resolve("run/jvirt/storage"),
                new ProcessCommandRunner());
    }

    /** A user's daemon: the XDG directories, as libvirt's session storage driver uses them. */
    static StorageConfig session(Path home, Map<String, String> env) {
        Path config = env.containsKey("XDG_CONFIG_HOME") ? Path.of(env.get("XDG_CONFIG_HOME"))
                : home.resolve(".config");
        Path run = env.containsKey("XDG_RUNTIME_DIR") ? Path.of(env.get("XDG_RUNTIME_DIR"), "jvirt")
                : home.resolve(".cache/jvirt");
        Path etc = config.resolve("jvirt/storage");
        return new StorageConfig(false, etc, etc.resolve("autostart"), run.resolve("storage/run"),
                new ProcessCommandRunner());
    }
}
