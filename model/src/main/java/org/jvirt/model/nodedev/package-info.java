/**
 * Node device XML (formatnode), byte-compatible with libvirt 9.0.0.
 *
 * <p>Surface for drivers: {@link org.jvirt.model.nodedev.NodeDeviceParser#parseExisting(String)} for devices a host
 * driver reports (the test driver's built-in devices), {@link org.jvirt.model.nodedev.NodeDeviceParser#parseForCreate}
 * for nodedev-create input (name "new device", which the driver replaces with {@code withName}); the typed
 * capabilities ({@link org.jvirt.model.nodedev.NodeDevCap}, e.g. {@code ScsiHost} with fc_host wwnn/wwpn) are read
 * with {@code def.cap(NodeDevCap.ScsiHost.class)}; {@link org.jvirt.model.nodedev.NodeDeviceFormatter#format}
 * prints. PCI VPD is not modelled yet (ignored on input).
 */
package org.jvirt.model.nodedev;
