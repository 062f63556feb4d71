package org.jvirt.api.event;

import org.jvirt.spi.Refs.NetworkRef;
import org.jvirt.spi.Refs.NodeDeviceRef;
import org.jvirt.spi.Refs.SecretRef;
import org.jvirt.spi.Refs.StoragePoolRef;

/** Events of the non-domain objects: networks, storage pools, node devices and secrets. */
public sealed interface ObjectEvent {
    /** The libvirt event id within its family (e.g. VIR_NETWORK_EVENT_ID_LIFECYCLE = 0). */
    int eventId();

    record NetworkLifecycle(NetworkRef net, int event, int detail) implements ObjectEvent {
        public int eventId() { return 0; }
    }

    record NetworkMetadataChange(NetworkRef net, int type, String nsuri) implements ObjectEvent {
        public int eventId() { return 1; }
    }

    record StoragePoolLifecycle(StoragePoolRef pool, int event, int detail) implements ObjectEvent {
        public int eventId() { return 0; }
    }

    record StoragePoolRefresh(StoragePoolRef pool) implements ObjectEvent {
        public int eventId() { return 1; }
    }

    record NodeDeviceLifecycle(NodeDeviceRef dev, int event, int detail) implements ObjectEvent {
        public int eventId() { return 0; }
    }

    record NodeDeviceUpdate(NodeDeviceRef dev) implements ObjectEvent {
        public int eventId() { return 1; }
    }

    record SecretLifecycle(SecretRef secret, int event, int detail) implements ObjectEvent {
        public int eventId() { return 0; }
    }

    record SecretValueChanged(SecretRef secret) implements ObjectEvent {
        public int eventId() { return 1; }
    }
}
