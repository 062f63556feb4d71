package org.jvirt.qemu.driver;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.caps.CapabilitiesFormatter;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.qemu.caps.CapabilitiesBuilder;
import org.jvirt.qemu.caps.DomainCapsBuilder;
import org.jvirt.qemu.caps.HostInfo;
import org.jvirt.qemu.caps.QemuCaps;
import org.jvirt.qemu.command.QemuBuildContext;
import org.jvirt.qemu.command.QemuCommandBuilder;
import org.jvirt.qemu.command.QemuConf;
import org.jvirt.spi.ConnectOps;

/** Connection-level queries of the QEMU driver (qemuConnectGetCapabilities, qemuConnectDomainXMLToNative, ...). */
final class QemuConnectOps implements ConnectOps {
    /**
     * VIR_DRV_FEATURE_* (libvirt_internal.h) this driver honours: typed string parameters (9) and the network
     * update order fix (16). No migration feature is claimed, so clients never attempt a migration jvirt lacks.
     */
    private static final Set<Integer> FEATURES = Set.of(9, 16);

    private final QemuDriver driver;

    QemuConnectOps(QemuDriver driver) {
        this.driver = driver;
    }

    @Override
    public String getType() {
        return "QEMU";
    }

    @Override
    public long getVersion() {
        return driver.caps.get(driver.config.emulator()).version();
    }

    @Override
    public String getHostname() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    @Override
    public String getURI() {
        return driver.config.uri();
    }

    @Override
    public int getMaxVcpus(String type) {
        if (type != null && !type.equalsIgnoreCase("qemu") && !type.equalsIgnoreCase("kvm")) {
            throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.QEMU, "unknown type '" + type + "'");
        }
        QemuCaps caps = driver.caps.get(driver.config.emulator());
        QemuCaps.AccelCaps accel = "kvm".equalsIgnoreCase(type) && caps.kvm() != null ? caps.kvm() : caps.tcg();
        return accel.machines().stream().mapToInt(QemuCaps.Machine::maxCpus).max().orElse(1);
    }

    @Override
    public String getCapabilities() {
        QemuCaps caps = driver.caps.get(driver.config.emulator());
        return new CapabilitiesFormatter().format(CapabilitiesBuilder.build(HostInfo.system(), hostUuid(),
                caps.arch(), List.of(caps), caps.kvm() != null));
    }

    @Override
    public String getDomainCapabilities(String emulator, String arch, String machine, String virttype, int flags) {
        QemuErrors.checkFlags(flags, 0, "qemuConnectGetDomainCapabilities");
        Path bin = emulator != null ? Path.of(emulator) : driver.config.emulator();
        if (!Files.isExecutable(bin)) {
            throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.QEMU, "Cannot find QEMU binary " + bin
                    + ": No such file or directory");
        }
        QemuCaps caps = driver.caps.get(bin);
        if (arch != null && !arch.equals(caps.arch())) {
            throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.QEMU, "architecture from emulator '"
                    + caps.arch() + "' doesn't match given architecture '" + arch + "'");
        }
        String type = virttype != null ? virttype : caps.kvm() != null ? "kvm" : "qemu";
        return DomainCapsBuilder.build(caps, machine, type, DomainCapsBuilder.HostEnv.system());
    }

    @Override
    public boolean supportsFeature(int feature) {
        return FEATURES.contains(feature);
    }

    @Override
    public boolean isSecure() {
        return true;
    }

    @Override
    public String domainXMLToNative(String format, String xml, int flags) {
        QemuErrors.checkFlags(flags, 0, "qemuConnectDomainXMLToNative");
        if (!"qemu-argv".equals(format)) {
            throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.QEMU, "unsupported config type " + format);
        }
        DomainDef def = driver.parse(xml, true);
        QemuBuildContext ctx = new QemuBuildContext(def.emulator(), -1, driver.config.libDir().toString(),
                driver.config.logDir().toString(), Set.of(), QemuConf.defaults(),
                driver.config.libDir().resolve("domain--1-" + def.name()).resolve("monitor.sock").toString());
        return QemuCommandBuilder.build(def, ctx).toArgsText() + "\n";
    }

    /** virGetHostUUID: the SMBIOS system UUID, else one derived from /etc/machine-id. */
    static UUID hostUuid() {
        try {
            return UUID.fromString(Files.readString(Path.of("/sys/class/dmi/id/product_uuid")).strip());
        } catch (IOException | IllegalArgumentException e) {
            try {
                String id = Files.readString(Path.of("/etc/machine-id")).strip();
                return UUID.fromString(id.replaceFirst("(.{8})(.{4})(.{4})(.{4})(.{12})", "$1-$2-$3-$4-$5"));
            } catch (IOException | IllegalArgumentException e2) {
                return UUID.nameUUIDFromBytes("jvirt-host".getBytes());
            }
        }
    }
}
