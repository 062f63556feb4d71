package org.jvirt.spi;

import org.jvirt.spi.Refs.DomainRef;

/** Device hotplug and update: {@code virDomainAttachDeviceFlags} and friends. */
public interface DomainDevices {
    default void attachDevice(DomainRef dom, String xml, int flags) {
        throw Unsupported.of("virDomainAttachDeviceFlags");
    }

    default void detachDevice(DomainRef dom, String xml, int flags) {
        throw Unsupported.of("virDomainDetachDeviceFlags");
    }

    default void updateDevice(DomainRef dom, String xml, int flags) {
        throw Unsupported.of("virDomainUpdateDeviceFlags");
    }

    default void detachDeviceAlias(DomainRef dom, String alias, int flags) {
        throw Unsupported.of("virDomainDetachDeviceAlias");
    }
}
