package org.jvirt.qemu.driver;

import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.XmlElem;
import java.util.Set;
import org.jvirt.qemu.caps.QemuCaps;
import org.jvirt.qemu.command.QemuBuildContext;
import org.jvirt.qemu.command.QemuConf;
import org.jvirt.qemu.command.QemuDomainAddresses;

/**
 * The QEMU driver's post-parse step (libvirt's qemuDomainDefPostParse and the validation beside it): the default
 * emulator, the machine type made canonical through the probed binary ("pc" becomes "pc-i440fx-7.2"), and the checks
 * that the binary can run the requested arch, machine and virt type. Everything comes from the probe, never from a
 * version table.
 */
final class QemuPostParse {
    private QemuPostParse() {}

    static DomainDef apply(DomainDef parsed, QemuDriver driver) {
        DomainDef def = parsed;
        if (def.emulator() == null) {
            def = new DomainDef(def.type(), def.name(), def.uuid(), def.title(), def.description(), def.metadata(),
                    def.memory(), def.vcpu(), def.sections(), driver.config.emulator().toString(), def.devices());
        }
        QemuCaps caps = driver.capsFor(def);
        String emulator = def.emulator();
        String arch = def.osArch();
        // virQEMUCapsIsArchSupported: a 64-bit x86 binary also runs 32-bit guests
        if (arch != null && !arch.equals(caps.arch()) && !(arch.equals("i686") && caps.arch().equals("x86_64"))) {
            throw unsupported("Emulator '" + emulator + "' does not support arch '" + arch + "'");
        }
        String virtType = def.type();
        QemuCaps.AccelCaps accel = caps.accel(virtType).orElseThrow(() ->
                unsupported("Emulator '" + emulator + "' does not support virt type '" + virtType + "'"));
        String machine = def.osMachine();
        QemuCaps.Machine m = machine == null ? accel.defaultMachine().orElseThrow(() ->
                unsupported("Emulator '" + emulator + "' does not support machine type 'default'"))
                : accel.machine(machine).orElseThrow(() ->
                        unsupported("Emulator '" + emulator + "' does not support machine type '" + machine + "'"));
        if (!m.name().equals(machine)) {
            XmlElem os = def.section("os").orElseThrow();
            XmlElem type = os.child("type").withAttr("machine", m.name());
            def = def.withSection("os", os.withChild("type", type));
        }
        return withAddresses(QemuDefaults.apply(def, caps), driver);
    }

    /**
     * libvirt assigns PCI addresses (and adds the implicit controllers) at define time, so the persistent XML shows
     * them. A device whose placement jvirt does not model keeps no address here; starting it is refused later by
     * the command line, never placed where libvirt would not place it.
     */
    private static DomainDef withAddresses(DomainDef def, QemuDriver driver) {
        try {
            return QemuDomainAddresses.assign(def, new QemuBuildContext(def.emulator(), -1,
                    driver.config.libDir().toString(), driver.config.logDir().toString(), Set.of(),
                    QemuConf.defaults()));
        } catch (VirException e) {
            if (e.code() != ErrorNumber.CONFIG_UNSUPPORTED) {
                throw e;
            }
            return def;
        }
    }

    private static VirException unsupported(String detail) {
        return VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.QEMU, detail);
    }
}
