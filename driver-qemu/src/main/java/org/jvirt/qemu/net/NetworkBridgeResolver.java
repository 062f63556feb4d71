package org.jvirt.qemu.net;

/**
 * Finds the host bridge of a virtual network for an {@code <interface type='network'>} (what libvirt asks the network
 * driver for through virDomainNetAllocateActualDevice). The QEMU driver passes one backed by the network driver's SPI
 * handle; with none, every network interface fails as libvirt does for a network that does not exist.
 */
@FunctionalInterface
public interface NetworkBridgeResolver {

    /**
     * The bridge device name of the active network {@code networkName}, or null when there is no such network.
     * May itself raise libvirt's error (e.g. the network is inactive); that error propagates unchanged.
     */
    String bridgeOf(String networkName);
}
