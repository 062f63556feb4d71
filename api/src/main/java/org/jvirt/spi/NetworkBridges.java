package org.jvirt.spi;

/**
 * The network driver's answer to a hypervisor driver plugging a guest NIC into a virtual network
 * ({@code <interface type='network'>}): the host bridge of the active network, which the guest's TAP then joins
 * exactly as for {@code type='bridge'} (libvirt's virDomainNetAllocateActualDevice / networkAllocatePort). Offered
 * through {@link SecondaryDriverProvider#service} and found through {@link DriverProvider.StateContext#service}, so
 * that a hypervisor driver needs no compile-time knowledge of the network driver.
 */
@FunctionalInterface
public interface NetworkBridges {
    /**
     * The bridge device of the network named {@code network}. Raises libvirt's errors: VIR_ERR_NO_NETWORK "no
     * network with matching name 'N'", VIR_ERR_OPERATION_INVALID "network 'N' is not active".
     */
    String bridgeOf(String network);
}
