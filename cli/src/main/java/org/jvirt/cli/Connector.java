package org.jvirt.cli;

/** Opens hypervisor connections for jvirsh (virsh's virshConnect): throws VirException on failure. */
@FunctionalInterface
public interface Connector {
    /**
     * @param uri the URI given with {@code -c}/{@code connect}, or null for the default
     * @param readonly whether to open read-only
     */
    Session open(String uri, boolean readonly);
}
