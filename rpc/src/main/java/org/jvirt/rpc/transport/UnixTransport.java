package org.jvirt.rpc.transport;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Unix stream sockets. The peer's uid comes from {@code SO_PEERCRED} through {@link ExtendedSocketOptions}, which
 * gives the user but not the pid (the channel hides its descriptor, so a raw getsockopt is not reachable).
 */
public final class UnixTransport {
    private UnixTransport() {
    }

    /** Connects to the socket at {@code path}. */
    public static Connection connect(Path path) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(path));
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return new ChannelConnection(ch, "unix", path.toString(), OptionalInt.empty());
    }

    /**
     * Listens on {@code path}, replacing a stale socket file, with file mode {@code perms} (e.g. 0700) and, when
     * {@code group} is not null, that group, as libvirtd applies unix_sock_*_perms and unix_sock_group.
     */
    public static Listener listen(Path path, int perms, String group) throws IOException {
        Files.deleteIfExists(path);
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(path));
            Files.setPosixFilePermissions(path, permissions(perms));
            if (group != null) {
                var lookup = path.getFileSystem().getUserPrincipalLookupService();
                try {
                    Files.getFileAttributeView(path, java.nio.file.attribute.PosixFileAttributeView.class)
                            .setGroup(lookup.lookupPrincipalByGroupName(group));
                } catch (UserPrincipalNotFoundException e) {
                    throw new IOException("Failed to parse group '" + group + "'", e);
                }
            }
        } catch (IOException e) {
            server.close();
            throw e;
        }
        // Most peers are the daemon's own user (or root for root's daemon): knowing our own uid saves reading
        // /etc/passwd on every connection to turn the JDK's user name back into a number.
        UnixSystem self = new UnixSystem();
        return new Listener() {
            @Override
            public Connection accept() throws IOException {
                SocketChannel ch = server.accept();
                return new ChannelConnection(ch, "unix", path.toString(), peerUid(ch, self));
            }

            @Override
            public String address() {
                return path.toString();
            }

            @Override
            public void close() {
                try {
                    server.close();
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // Shutting down: nothing left to do with the socket file.
                }
            }
        };
    }

    /** rwx bits of a numeric mode as NIO permissions (setuid/setgid/sticky bits cannot be set through NIO). */
    static Set<PosixFilePermission> permissions(int mode) {
        StringBuilder sb = new StringBuilder();
        String letters = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            sb.append((mode & (1 << (8 - i))) != 0 ? letters.charAt(i) : '-');
        }
        return PosixFilePermissions.fromString(sb.toString());
    }

    private static OptionalInt peerUid(SocketChannel ch, UnixSystem self) {
        try {
            UnixDomainPrincipal p = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
            String user = p.user().getName();
            if (user.equals(self.getUsername())) {
                return OptionalInt.of((int) self.getUid());
            }
            return uidOf(user);
        } catch (IOException | UnsupportedOperationException e) {
            return OptionalInt.empty();
        }
    }

    /** The JDK names the user; a name without a passwd entry comes back as the number itself. */
    static OptionalInt uidOf(String user) {
        if (user.chars().allMatch(Character::isDigit) && !user.isEmpty()) {
            return OptionalInt.of(Integer.parseInt(user));
        }
        try {
            List<String> lines = Files.readAllLines(Path.of("/etc/passwd"));
            for (String line : lines) {
                String[] f = line.split(":");
                if (f.length > 2 && f[0].equals(user)) {
                    return OptionalInt.of(Integer.parseInt(f[2]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
        return OptionalInt.empty();
    }
}
