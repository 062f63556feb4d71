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

    /**
     * libvirt's {@code virStateInitialize}: a daemon calls this once at start-up, before it serves anyone, on the
     * provider instances it keeps for its whole life. Stateful drivers (QEMU) load their configs here, reconnect to
     * the guests still running and autostart; until it is called they decline every URI, so that a client process
     * reaches the daemon through the remote driver instead of managing guests itself. Stateless drivers ignore it.
     */
    default void stateInitialize(StateContext context) {}

    /** libvirt's {@code virStateCleanup}: the daemon is exiting; guests keep running, monitors are closed. */
    default void stateCleanup() {}

    /**
     * Where a stateful driver keeps its files and who it runs for.
     *
     * @param privileged true for a root daemon ({@code qemu:///system}), false for a user's ({@code qemu:///session})
     * @param root prefix of every system path ("/" normally; a scratch directory in tests)
     * @param settings driver settings from the daemon's configuration ({@code qemu.conf} keys), may be empty
     */
    record StateContext(boolean privileged, java.nio.file.Path root, java.util.Map<String, String> settings,
                        Services services) {
        public StateContext {
            settings = java.util.Map.copyOf(settings);
            services = services == null ? Services.NONE : services;
        }

        /** A context without services: no secondary driver offers anything (tests, a daemon without them). */
        public StateContext(boolean privileged, java.nio.file.Path root, java.util.Map<String, String> settings) {
            this(privileged, root, settings, Services.NONE);
        }

        /** The service of that type a secondary driver of the same daemon offers, or null. */
        public <T> T service(Class<T> type) {
            return services.lookup(type);
        }
    }

    /**
     * What secondary drivers offer the hypervisor drivers of the same daemon, by interface (libvirt's drivers call
     * each other through the shared driver tables, e.g. the QEMU driver asks the network driver for a port's
     * bridge): see {@link SecondaryDriverProvider#service}.
     */
    interface Services {
        Services NONE = new Services() {
            @Override
            public <T> T lookup(Class<T> type) {
                return null;
            }
        };

        /** The first offer of {@code type}, or null. */
        <T> T lookup(Class<T> type);
    }

    static OpenResult declined() {
        return new OpenResult.Declined();
    }
}
