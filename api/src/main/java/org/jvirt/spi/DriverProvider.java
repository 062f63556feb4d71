package org.jvirt.spi;

/**
 * A driver as {@link java.util.ServiceLoader} finds it (libvirt's {@code virConnectDriver}). Each provider is asked
 * in turn to open a URI and either declines or opens, mirroring {@code VIR_DRV_OPEN_DECLINED}/{@code _SUCCESS};
 * errors are thrown.
 */
public interface DriverProvider {
    /** The driver's name, e.g. "Test", "QEMU", "remote" (used in the support matrix). */
    String name();

    /** Declines with {@link OpenResult.Declined} when the URI is not this driver's. */
    OpenResult open(OpenRequest request);

    /** What the caller asked for. {@code uri} is null when no URI was given (probe for a default). */
    record OpenRequest(ConnectUri uri, boolean readOnly, int flags, ConnectAuth auth) {}

    sealed interface OpenResult {
        record Declined() implements OpenResult {}

        record Opened(HypervisorConnection connection) implements OpenResult {}
    }

    static OpenResult declined() {
        return new OpenResult.Declined();
    }
}
