package org.jvirt.qemu.net;

import java.util.List;
import org.jvirt.model.domain.DomainDef;

/**
 * What {@link QemuInterfaces#prepare} did for one guest start.
 *
 * @param def the live definition with every host-backed interface's {@code <target dev>} set to its host device
 *        (and a network interface's {@code <source bridge>} to the network's bridge): what the command-line builder
 *        reads and the status XML stores
 * @param created the devices this start created, in creation order: exactly what {@link QemuInterfaces#release}
 *        removes; pre-existing devices (type='ethernet' managed='no') are never in it
 */
public record PreparedInterfaces(DomainDef def, List<Device> created) {

    public PreparedInterfaces {
        created = List.copyOf(created);
    }

    /** What kind of host device was made, which decides how it is started and removed. */
    public enum Kind {
        /** A persistent TAP device ({@code ip tuntap add}); QEMU opens it by name. */
        TAP,
        /** A macvtap device over a host NIC; QEMU uses its {@code /dev/tapIFINDEX}. */
        MACVTAP
    }

    /** One host device created for the guest. */
    public record Device(String name, Kind kind) {
    }
}
