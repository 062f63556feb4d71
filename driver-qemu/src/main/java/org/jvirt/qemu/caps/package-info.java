/**
 * QEMU capabilities (libvirt's qemu_capabilities.c): probing each qemu-system-* binary over QMP ({@link
 * org.jvirt.qemu.caps.QemuCapsProbe}), caching the transcripts by binary path, mtime and size ({@link
 * org.jvirt.qemu.caps.QemuCapsCache}), and building {@code capabilities} ({@link
 * org.jvirt.qemu.caps.CapabilitiesBuilder}) and {@code domcapabilities} ({@link
 * org.jvirt.qemu.caps.DomainCapsBuilder}) XML from the probe alone.
 */
package org.jvirt.qemu.caps;
