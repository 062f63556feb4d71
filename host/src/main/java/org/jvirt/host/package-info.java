/**
 * Linux plumbing shared by the stateful drivers (libvirt's src/util): running commands ({@link
 * org.jvirt.host.CommandRunner}, ≈ virCommand), daemons that outlive the JVM ({@link org.jvirt.host.ManagedProcess},
 * ≈ virProcess + virPidFile), atomic file writes ({@link org.jvirt.host.AtomicFile}, ≈ virFileRewrite), names that stay
 * inside their directory ({@link org.jvirt.host.PathGuard}), TAP devices and bridges over {@code ip} ({@link
 * org.jvirt.host.NetDev}), throwaway network namespaces ({@link org.jvirt.host.NetNs}) and cgroup detection ({@link
 * org.jvirt.host.CgroupInfo}).
 */
package org.jvirt.host;
