package org.jvirt.cli;

/**
 * A command's implementation (virsh's cmdXXX functions): returns true on success. A failure returns false after
 * printing its own message through {@link Ctl#error}; a pending libvirt error ({@link Ctl#setLastError}, or any
 * {@link org.jvirt.core.VirException} thrown out of the handler) is printed after it.
 */
@FunctionalInterface
public interface Handler {
    boolean run(Ctl ctl, Cmd cmd);
}
