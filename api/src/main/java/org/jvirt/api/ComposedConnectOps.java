package org.jvirt.api;

import java.util.List;
import org.jvirt.spi.ConnectOps;

/**
 * The primary's connection functions, with the storage ones ({@code virConnectGetStoragePoolCapabilities},
 * {@code virConnectFindStoragePoolSources}) taken from a secondary when the primary leaves them at their defaults:
 * libvirt routes both to {@code conn->storageDriver}.
 */
final class ComposedConnectOps implements ConnectOps {
    private final ConnectOps primary;
    private final ConnectOps capabilities;
    private final ConnectOps sources;

    private ComposedConnectOps(ConnectOps primary, ConnectOps capabilities, ConnectOps sources) {
        this.primary = primary;
        this.capabilities = capabilities;
        this.sources = sources;
    }

    /** {@code primary} itself unless {@code lent} implements a storage function the primary does not. */
    static ConnectOps of(ConnectOps primary, ConnectOps lent) {
        if (lent == null) {
            return primary;
        }
        ConnectOps caps = pick(primary, lent, "getStoragePoolCapabilities", int.class);
        ConnectOps find = pick(primary, lent, "findStoragePoolSources", String.class, String.class, int.class);
        return caps == primary && find == primary ? primary : new ComposedConnectOps(primary, caps, find);
    }

    private static ConnectOps pick(ConnectOps primary, ConnectOps lent, String name, Class<?>... params) {
        return !overrides(primary, name, params) && overrides(lent, name, params) ? lent : primary;
    }

    /** As the support matrix decides "implemented": the method is not the interface's NO_SUPPORT default. */
    private static boolean overrides(ConnectOps ops, String name, Class<?>... params) {
        try {
            return !ops.getClass().getMethod(name, params).getDeclaringClass().isInterface();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override public String getType() { return primary.getType(); }

    @Override public long getVersion() { return primary.getVersion(); }

    @Override public String getHostname() { return primary.getHostname(); }

    @Override public String getURI() { return primary.getURI(); }

    @Override public int getMaxVcpus(String type) { return primary.getMaxVcpus(type); }

    @Override public String getCapabilities() { return primary.getCapabilities(); }

    @Override
    public String getDomainCapabilities(String emulator, String arch, String machine, String virttype, int flags) {
        return primary.getDomainCapabilities(emulator, arch, machine, virttype, flags);
    }

    @Override public String getSysinfo(int flags) { return primary.getSysinfo(flags); }

    @Override public boolean supportsFeature(int feature) { return primary.supportsFeature(feature); }

    @Override public boolean isEncrypted() { return primary.isEncrypted(); }

    @Override public boolean isSecure() { return primary.isSecure(); }

    @Override public boolean isAlive() { return primary.isAlive(); }

    @Override
    public List<String> getCPUModelNames(String arch, int flags) { return primary.getCPUModelNames(arch, flags); }

    @Override public String baselineCPU(List<String> xmlCPUs, int flags) { return primary.baselineCPU(xmlCPUs, flags); }

    @Override
    public String baselineHypervisorCPU(String emulator, String arch, String machine, String virttype,
                                        List<String> xmlCPUs, int flags) {
        return primary.baselineHypervisorCPU(emulator, arch, machine, virttype, xmlCPUs, flags);
    }

    @Override public int compareCPU(String xmlDesc, int flags) { return primary.compareCPU(xmlDesc, flags); }

    @Override
    public int compareHypervisorCPU(String emulator, String arch, String machine, String virttype, String xmlCPU,
                                    int flags) {
        return primary.compareHypervisorCPU(emulator, arch, machine, virttype, xmlCPU, flags);
    }

    @Override public void setKeepAlive(int interval, int count) { primary.setKeepAlive(interval, count); }

    @Override
    public String domainXMLFromNative(String format, String config, int flags) {
        return primary.domainXMLFromNative(format, config, flags);
    }

    @Override
    public String domainXMLToNative(String format, String xml, int flags) {
        return primary.domainXMLToNative(format, xml, flags);
    }

    @Override
    public String findStoragePoolSources(String type, String srcSpec, int flags) {
        return sources.findStoragePoolSources(type, srcSpec, flags);
    }

    @Override
    public String getStoragePoolCapabilities(int flags) { return capabilities.getStoragePoolCapabilities(flags); }
}
