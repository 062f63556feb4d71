package org.jvirt.host;

import java.util.List;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

/**
 * A named network namespace ({@code ip netns add}) that this object owns and deletes on {@link #close()}. Its
 * {@link #runner()} runs every command inside it via {@code ip netns exec}, so a {@link NetDev} built on that runner
 * creates bridges and TAPs that nobody else on the host can see: tests use one each.
 */
public final class NetNs implements AutoCloseable {
    private final String name;
    private final CommandRunner host;
    private final CommandRunner inside;
    private boolean closed;

    private NetNs(String name, CommandRunner host) {
        this.name = name;
        this.host = host;
        List<String> prefix = List.of("ip", "netns", "exec", name);
        this.inside = cmd -> host.run(cmd.prefixed(prefix));
    }

    /** Creates the namespace; its loopback is brought up so that local sockets in it work. */
    public static NetNs create(String name, CommandRunner host) {
        PathGuard.checkName(name);
        host.run(Command.of("ip", "netns", "add", name));
        NetNs ns = new NetNs(name, host);
        try {
            ns.inside.run(Command.of("ip", "link", "set", "dev", "lo", "up"));
        } catch (VirException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    /** Names of the namespaces {@code ip netns list} shows. */
    public static List<String> list(CommandRunner host) {
        return host.run(Command.of("ip", "netns", "list")).stdout().lines()
                .map(l -> l.split(" ")[0]).filter(s -> !s.isEmpty()).toList();
    }

    /** True when the current process may create namespaces and devices (root; CAP_NET_ADMIN is not enough for netns). */
    public static boolean canCreate() {
        return "root".equals(System.getProperty("user.name"));
    }

    public String name() {
        return name;
    }

    /** A runner whose commands execute inside this namespace. */
    public CommandRunner runner() {
        if (closed) {
            throw VirException.of(ErrorNumber.OPERATION_INVALID, ErrorDomain.NONE, "network namespace " + name
                    + " is deleted");
        }
        return inside;
    }

    public CommandResult exec(Command cmd) {
        return runner().run(cmd);
    }

    /** Deletes the namespace; the kernel removes every device still in it. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            host.run(Command.of("ip", "netns", "delete", name));
        }
    }
}
