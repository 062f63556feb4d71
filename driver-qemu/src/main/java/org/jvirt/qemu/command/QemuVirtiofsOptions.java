package org.jvirt.qemu.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jvirt.model.domain.XmlElem;

/**
 * The virtiofsd command line for a {@code <filesystem><driver type='virtiofs'/>} (qemuVirtioFSBuildCommandLine):
 * {@code <binary xattr=>}, {@code <cache mode=>}, {@code <sandbox mode=>}, {@code <lock posix= flock=>} and
 * {@code <thread_pool size=>} become QEMU's C virtiofsd options. libvirt hands the daemon a listening socket with
 * {@code --fd=N}; the JDK cannot pass one, so virtiofsd is told {@code --socket-path=} and listens itself.
 */
public final class QemuVirtiofsOptions {

    private static final Map<String, Set<String>> CHILDREN = Map.of(
            "cache", Set.of("mode"), "sandbox", Set.of("mode"), "lock", Set.of("posix", "flock"),
            "thread_pool", Set.of("size"));

    private QemuVirtiofsOptions() {}

    /** Where the virtiofsd of filesystem {@code alias} listens (qemuDomainGetVHostUserFSSocketPath). */
    public static String socket(String domainDir, String alias) {
        return domainDir + "/" + alias + "-fs.sock";
    }

    /** Refuses {@code <binary>} settings this mapping does not know (null: no {@code <binary>}). */
    static void check(XmlElem binary) {
        if (binary == null) {
            return;
        }
        for (XmlElem.Attr a : binary.attrs()) {
            if (!Set.of("path", "xattr").contains(a.name())) {
                throw QemuCommandBuilder.unsupported("virtiofs binary " + a.name());
            }
        }
        onOff(binary.attr("xattr"));
        for (XmlElem c : binary.children()) {
            Set<String> attrs = CHILDREN.get(c.name());
            if (attrs == null || !c.attrs().stream().allMatch(a -> attrs.contains(a.name()))) {
                throw QemuCommandBuilder.unsupported("virtiofs binary " + c.name());
            }
        }
        XmlElem cache = binary.child("cache");
        if (cache != null && !Set.of("none", "always").contains(String.valueOf(cache.attr("mode")))) {
            throw QemuCommandBuilder.unsupported("virtiofs cache mode");
        }
        XmlElem sandbox = binary.child("sandbox");
        if (sandbox != null && !Set.of("namespace", "chroot").contains(String.valueOf(sandbox.attr("mode")))) {
            throw QemuCommandBuilder.unsupported("virtiofs sandbox mode");
        }
        XmlElem lock = binary.child("lock");
        if (lock != null) {
            onOff(lock.attr("posix"));
            onOff(lock.attr("flock"));
        }
        XmlElem pool = binary.child("thread_pool");
        if (pool != null && (pool.attr("size") == null || !pool.attr("size").matches("[0-9]+"))) {
            throw QemuCommandBuilder.unsupported("virtiofs thread_pool");
        }
    }

    private static void onOff(String v) {
        if (v != null && !Set.of("on", "off").contains(v)) {
            throw QemuCommandBuilder.unsupported("virtiofs switch " + v);
        }
    }

    /**
     * The arguments after the program for the virtiofsd of {@code fs} (a {@code <filesystem>} with a source dir),
     * listening on {@code socket}.
     */
    public static List<String> arguments(XmlElem fs, String socket) {
        XmlElem binary = fs.child("binary");
        check(binary);
        StringBuilder opts = new StringBuilder("source=").append(fs.child("source").attr("dir").replace(",", ",,"));
        String pool = null;
        if (binary != null) {
            XmlElem cache = binary.child("cache");
            if (cache != null) {
                opts.append(",cache=").append(cache.attr("mode"));
            }
            XmlElem sandbox = binary.child("sandbox");
            if (sandbox != null) {
                opts.append(",sandbox=").append(sandbox.attr("mode"));
            }
            switchOpt(opts, binary.attr("xattr"), "xattr");
            XmlElem lock = binary.child("lock");
            if (lock != null) {
                switchOpt(opts, lock.attr("flock"), "flock");
                switchOpt(opts, lock.attr("posix"), "posix_lock");
            }
            XmlElem tp = binary.child("thread_pool");
            pool = tp == null ? null : tp.attr("size");
        }
        List<String> out = new ArrayList<>(List.of("--socket-path=" + socket, "-o", opts.toString()));
        if (pool != null) {
            out.add("--thread-pool-size=" + pool);
        }
        return out;
    }

    private static void switchOpt(StringBuilder opts, String v, String name) {
        if ("on".equals(v)) {
            opts.append(',').append(name);
        } else if ("off".equals(v)) {
            opts.append(",no_").append(name);
        }
    }
}
