/**
 * Host capabilities XML (formatcaps): {@link org.jvirt.model.caps.Capabilities} is a record tree a driver fills
 * (host CPU, power management, NUMA topology with cells/pages/CPUs, cache banks, security models, guests with their
 * architectures, machines, domain types and features); {@link org.jvirt.model.caps.CapabilitiesFormatter#format}
 * prints it byte-for-byte as libvirt 9.0.0, e.g. the test driver's {@code virsh capabilities}.
 * Domain capabilities (formatdomaincaps) are not modelled yet.
 */
package org.jvirt.model.caps;
