package org.jvirt.rpc.wire;

import java.util.List;
import java.util.Optional;
import org.jvirt.rpc.protocol.admin.AdminConstants;
import org.jvirt.rpc.protocol.keepalive.KeepaliveConstants;
import org.jvirt.rpc.protocol.lxc.LxcConstants;
import org.jvirt.rpc.protocol.qemu.QemuConstants;
import org.jvirt.rpc.protocol.remote.RemoteConstants;

/**
 * An RPC program: the {@code prog} and {@code vers} of a message header. One connection may carry several
 * (remote with keepalive; qemu and lxc beside remote).
 *
 * @param name short name for logs, e.g. "remote"
 * @param number the program number, e.g. {@code 0x20008086}
 * @param version the protocol version the program speaks
 */
public record Program(String name, int number, int version) {
    /** {@code REMOTE_PROGRAM} 0x20008086: the public API. */
    public static final Program REMOTE = new Program("remote", RemoteConstants.PROGRAM,
            RemoteConstants.PROTOCOL_VERSION);
    /** {@code QEMU_PROGRAM} 0x20008087: libvirt-qemu.h calls (monitor commands, agent). */
    public static final Program QEMU = new Program("qemu", QemuConstants.PROGRAM, QemuConstants.PROTOCOL_VERSION);
    /** {@code LXC_PROGRAM} 0x00068000: libvirt-lxc.h calls. */
    public static final Program LXC = new Program("lxc", LxcConstants.PROGRAM, LxcConstants.PROTOCOL_VERSION);
    /** {@code KEEPALIVE_PROGRAM} 0x6b656570 ("keep"): PING/PONG. */
    public static final Program KEEPALIVE = new Program("keepalive", KeepaliveConstants.PROGRAM,
            KeepaliveConstants.PROTOCOL_VERSION);
    /** {@code ADMIN_PROGRAM} 0x06900690: the daemon administration interface. */
    public static final Program ADMIN = new Program("admin", AdminConstants.PROGRAM,
            AdminConstants.PROTOCOL_VERSION);

    /** The programs libvirt 9.0.0 defines. */
    public static final List<Program> ALL = List.of(REMOTE, QEMU, LXC, KEEPALIVE, ADMIN);

    /** The known program with this number. */
    public static Optional<Program> of(int number) {
        return ALL.stream().filter(p -> p.number == number).findFirst();
    }

    /** True when {@code header} is addressed to this program at this version. */
    public boolean matches(MessageHeader header) {
        return header.prog() == number && header.vers() == version;
    }

    @Override
    public String toString() {
        return name + "(0x" + Integer.toHexString(number) + "/" + version + ")";
    }
}
