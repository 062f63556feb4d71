/**
 * The QMP monitor of the QEMU driver (libvirt's qemu_monitor*.c): {@link org.jvirt.qemu.monitor.QmpConnection}
 * over a unix socket, a small strict JSON value type ({@link org.jvirt.qemu.monitor.Json}), and the named test double
 * {@link org.jvirt.qemu.monitor.FakeQmpPeer} that replays scripts and libvirt-style {@code .replies} transcripts.
 */
package org.jvirt.qemu.monitor;
