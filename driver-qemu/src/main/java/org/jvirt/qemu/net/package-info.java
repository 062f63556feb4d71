/**
 * The host side of a QEMU guest's network interfaces (libvirt's qemu_interface.c over virnetdevtap.c,
 * virnetdevbridge.c and virnetdevmacvlan.c): TAP devices for bridge, network and ethernet interfaces, macvtap for
 * direct ones, and their removal when the guest stops. {@link org.jvirt.qemu.net.QemuInterfaces} is the entry point;
 * everything runs through {@link org.jvirt.host.NetDev}, so it works on the host, inside a network namespace, or in a
 * dry run.
 */
package org.jvirt.qemu.net;
