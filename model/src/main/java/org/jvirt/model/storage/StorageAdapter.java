package org.jvirt.model.storage;

/** {@code <adapter>} of a scsi pool (libvirt's virStorageAdapter). */
public sealed interface StorageAdapter {

    /** type='scsi_host': either a host {@code name} or a parent PCI address with a unique id. */
    record ScsiHost(String name, PciAddress parentAddr, int uniqueId) implements StorageAdapter {}

    /** type='fc_host' (vHBA). {@code managed} is null when absent. */
    record FcHost(String parent, String parentWwnn, String parentWwpn, String parentFabricWwn, Boolean managed,
                  String wwnn, String wwpn) implements StorageAdapter {}

    /** {@code <address domain bus slot function/>} of a PCI device. */
    record PciAddress(int domain, int bus, int slot, int function) {}
}
