package org.jvirt.daemon;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.jvirt.rpc.transport.Connection;
import org.jvirt.rpc.transport.Listener;

/**
 * systemd socket activation (sd_listen_fds): when {@code LISTEN_PID} is our pid, descriptors 3 ..
 * 3+{@code LISTEN_FDS}-1 are listening sockets systemd opened for us, named by {@code LISTEN_FDNAMES}.
 *
 * <p>Java has no public way to turn an arbitrary descriptor into a channel ({@code System.inheritedChannel()} is
 * fd 0 only, once). So jvirtd binds an ordinary JDK listener of the same family to a throw-away address (a unique
 * unix path, or 127.0.0.1 port 0), finds that listener's descriptor by asking every open descriptor for its
 * address ({@code getsockname}), and {@code dup2}s the inherited socket onto it with the foreign function API. The
 * JDK object keeps working unchanged (accept, close, virtual threads), now on systemd's socket. This works for any
 * number of sockets and needs no JDK internals; the only cost is that the JDK object believes it is bound to the
 * throw-away address, which is why {@link #adopt} reports the inherited socket's real address.
 */
public final class SocketActivation {
    private static final System.Logger LOG = System.getLogger("org.jvirt.daemon");
    private static final int FIRST_FD = 3;
    private static final int AF_UNIX = 1;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;

    /** What a listener is for, as libvirtd tells its sockets apart (by unit name, then by unix path). */
    public enum Role { RW, RO, ADMIN, TCP, TLS }

    /** One inherited listening socket: its descriptor, systemd name, address family and address. */
    public record Inherited(int fd, String name, int family, String address) {
        boolean isUnix() {
            return family == AF_UNIX;
        }

        /** The unit name decides (jvirtd-ro.socket ...); unnamed sockets go by path or family. */
        Role role() {
            String n = name == null ? "" : name;
            if (n.contains("-admin")) {
                return Role.ADMIN;
            }
            if (n.contains("-ro")) {
                return Role.RO;
            }
            if (n.contains("-tls")) {
                return Role.TLS;
            }
            if (n.contains("-tcp")) {
                return Role.TCP;
            }
            if (!isUnix()) {
                return Role.TCP;
            }
            String file = Path.of(address).getFileName().toString();
            return switch (file) {
                case JvirtdServer.SOCK_RO -> Role.RO;
                case JvirtdServer.SOCK_ADMIN -> Role.ADMIN;
                default -> Role.RW;
            };
        }
    }

    private final List<Inherited> sockets;

    private SocketActivation(List<Inherited> sockets) {
        this.sockets = sockets;
    }

    /** No inherited sockets: jvirtd binds everything itself. */
    public static SocketActivation none() {
        return new SocketActivation(List.of());
    }

    /**
     * Reads LISTEN_PID / LISTEN_FDS / LISTEN_FDNAMES. Variables meant for another process (LISTEN_PID differs) are
     * ignored, as sd_listen_fds does.
     */
    public static SocketActivation fromEnvironment(Map<String, String> env, long pid) throws IOException {
        String listenPid = env.get("LISTEN_PID");
        String listenFds = env.get("LISTEN_FDS");
        if (listenPid == null || listenFds == null) {
            return none();
        }
        int count;
        try {
            if (Long.parseLong(listenPid.trim()) != pid) {
                return none();
            }
            count = Integer.parseInt(listenFds.trim());
        } catch (NumberFormatException e) {
            LOG.log(System.Logger.Level.WARNING, "ignoring malformed LISTEN_PID/LISTEN_FDS");
            return none();
        }
        String[] names = env.getOrDefault("LISTEN_FDNAMES", "").split(":", -1);
        List<Inherited> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int fd = FIRST_FD + i;
            String name = i < names.length && !names[i].isEmpty() ? names[i] : null;
            SockName sn = Native.sockName(fd)
                    .orElseThrow(() -> new IOException("LISTEN_FDS: descriptor " + fd + " is not a socket"));
            list.add(new Inherited(fd, name, sn.family(), sn.address()));
        }
        return new SocketActivation(list);
    }

    /** The inherited sockets, in descriptor order. */
    public List<Inherited> sockets() {
        return sockets;
    }

    public boolean active() {
        return !sockets.isEmpty();
    }

    /** The inherited socket for {@code role}, if systemd passed one. */
    public Optional<Inherited> find(Role role) {
        return sockets.stream().filter(s -> s.role() == role).findFirst();
    }

    /** Binds JDK listeners; given a throw-away address, returns a listener bound there. */
    @FunctionalInterface
    public interface Binder {
        Listener bind(String placeholder) throws IOException;
    }

    /**
     * Serves {@code s}: {@code binder} makes a JDK listener of the same kind (unix: on the path it is given; TCP and
     * TLS: on 127.0.0.1 port 0, the argument being ignored), whose descriptor is then replaced by the inherited one.
     * The returned listener reports the inherited address; closing it closes our copy of the socket only (systemd
     * keeps its own and the socket file stays, so the next client starts jvirtd again).
     */
    public static Listener adopt(Inherited s, Path scratchDir, Binder binder) throws IOException {
        Path placeholder = scratchDir.resolve(".jvirtd-activation-" + ProcessHandle.current().pid() + "-" + s.fd());
        Files.createDirectories(scratchDir);
        Files.deleteIfExists(placeholder);
        Listener jdk = binder.bind(placeholder.toString());
        try {
            // TCP: the JDK may have made an IPv6 socket for 127.0.0.1, so the port alone identifies it.
            String port = jdk.address().substring(jdk.address().lastIndexOf(':') + 1);
            java.util.function.Predicate<SockName> want = s.isUnix()
                    ? n -> n.family() == AF_UNIX && n.address().equals(placeholder.toString())
                    : n -> n.family() != AF_UNIX && n.address().endsWith("]:" + port)
                            || n.family() == AF_INET && n.address().endsWith(":" + port);
            int target = Native.findFd(want, placeholder.toString());
            Native.dup2(s.fd(), target);
            Native.close(s.fd());
            Files.deleteIfExists(placeholder);
        } catch (IOException | RuntimeException e) {
            jdk.close();
            throw e;
        }
        String address = s.isUnix() ? s.address() : s.address() + " (systemd)";
        LOG.log(System.Logger.Level.INFO, "serving systemd socket " + (s.name() == null ? "" : s.name() + " ")
                + "fd " + s.fd() + " at " + s.address());
        return new Listener() {
            @Override
            public Connection accept() throws IOException {
                return jdk.accept();
            }

            @Override
            public String address() {
                return address;
            }

            @Override
            public void close() {
                jdk.close();
            }
        };
    }

    /** Closes inherited sockets nothing claimed, as libvirtd refuses to leave them dangling. */
    public void closeUnclaimed(List<Inherited> claimed) {
        for (Inherited s : sockets) {
            if (!claimed.contains(s)) {
                LOG.log(System.Logger.Level.WARNING, "systemd socket fd " + s.fd() + " (" + s.name() + ", "
                        + s.address() + ") is not used by jvirtd: closing it");
                Native.close(s.fd());
            }
        }
    }

    /** A socket's family and its address as text: a unix path, or "host:port". */
    record SockName(int family, String address) {}

    /** The three libc calls, through the foreign function API. */
    static final class Native {
        private static final Linker LINKER = Linker.nativeLinker();
        private static final MethodHandle DUP2 = handle("dup2",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        private static final MethodHandle CLOSE = handle("close",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        private static final MethodHandle GETSOCKNAME = handle("getsockname",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                        ValueLayout.ADDRESS));

        private Native() {
        }

        private static MethodHandle handle(String name, FunctionDescriptor fd) {
            return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), fd);
        }

        static void dup2(int from, int to) throws IOException {
            int rc;
            try {
                rc = (int) DUP2.invokeExact(from, to);
            } catch (Throwable t) {
                throw new IOException("dup2: " + t, t);
            }
            if (rc != to) {
                throw new IOException("dup2(" + from + ", " + to + ") failed");
            }
        }

        static void close(int fd) {
            try {
                int ignored = (int) CLOSE.invokeExact(fd);
            } catch (Throwable t) {
                throw new IllegalStateException("close: " + t, t);
            }
        }

        /** getsockname(fd): empty when fd is not a socket (or not open). */
        static Optional<SockName> sockName(int fd) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment addr = arena.allocate(128);
                MemorySegment len = arena.allocate(ValueLayout.JAVA_INT);
                len.set(ValueLayout.JAVA_INT, 0, 128);
                int rc;
                try {
                    rc = (int) GETSOCKNAME.invokeExact(fd, addr, len);
                } catch (Throwable t) {
                    throw new IllegalStateException("getsockname: " + t, t);
                }
                if (rc != 0) {
                    return Optional.empty();
                }
                int family = addr.get(ValueLayout.JAVA_SHORT, 0) & 0xffff;
                int n = Math.min(len.get(ValueLayout.JAVA_INT, 0), 128);
                byte[] b = addr.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
                return Optional.of(new SockName(family, describe(family, b)));
            }
        }

        private static String describe(int family, byte[] b) {
            var be = java.nio.ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN);
            return switch (family) {
                case AF_UNIX -> {
                    int end = 2;
                    while (end < b.length && b[end] != 0) {
                        end++;
                    }
                    yield new String(b, 2, end - 2, StandardCharsets.UTF_8);
                }
                case AF_INET -> (b[4] & 0xff) + "." + (b[5] & 0xff) + "." + (b[6] & 0xff) + "." + (b[7] & 0xff)
                        + ":" + (be.getShort(2) & 0xffff);
                case AF_INET6 -> {
                    StringBuilder sb = new StringBuilder("[");
                    for (int i = 0; i < 8; i++) {
                        sb.append(i == 0 ? "" : ":").append(Integer.toHexString(be.getShort(8 + 2 * i) & 0xffff));
                    }
                    yield sb.append("]:").append(be.getShort(2) & 0xffff).toString();
                }
                default -> "family " + family;
            };
        }

        /** The open descriptor whose socket has exactly this address. */
        static int findFd(java.util.function.Predicate<SockName> want, String what) throws IOException {
            try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
                for (Path p : fds.toList()) {
                    int fd;
                    try {
                        fd = Integer.parseInt(p.getFileName().toString());
                    } catch (NumberFormatException e) {
                        continue;
                    }
                    if (fd < FIRST_FD) {
                        continue;
                    }
                    Optional<SockName> sn = sockName(fd);
                    if (sn.isPresent() && want.test(sn.get())) {
                        return fd;
                    }
                }
            }
            throw new IOException("cannot find the descriptor of the listener standing in for " + what);
        }
    }
}
