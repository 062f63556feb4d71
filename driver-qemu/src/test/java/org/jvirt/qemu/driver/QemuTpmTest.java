package org.jvirt.qemu.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDefParser;
import org.jvirt.model.domain.ParseOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The swtpm state's place, its default version and libvirt's rules for keeping it (no swtpm needed). */
class QemuTpmTest {

    private static DomainDef def(String tpm) {
        return new DomainDefParser().parse("""
                <domain type='qemu'><name>t</name><uuid>c7a5fdbd-edaf-9455-926a-d65c16db1809</uuid>
                  <memory unit='MiB'>64</memory><os><type arch='x86_64' machine='pc'>hvm</type></os>
                  <devices>%s</devices></domain>""".formatted(tpm), ParseOptions.generic());
    }

    @Test
    void anUnversionedEmulatorIsTpm2ForCrbAndTpm12Otherwise() {
        for (String[] c : new String[][] {{"tpm-crb", "", "2.0"}, {"tpm-tis", "", "1.2"},
            {"tpm-tis", " version='2.0'", "2.0"}}) {
            DomainDef d = def("<tpm model='" + c[0] + "'><backend type='emulator'" + c[1] + "/></tpm>");
            assertEquals(c[2], QemuTpm.version(d, QemuTpm.emulatorBackend(d).orElseThrow()), c[0] + c[1]);
        }
    }

    @Test
    void stateLivesPerUuidBesideTheDriversStateAsLibvirtsSwtpmStorageDir(@TempDir Path root) {
        QemuTpm system = new QemuTpm(QemuDriverConfig.system(root));
        DomainDef d = def("<tpm><backend type='emulator' version='2.0'/></tpm>");
        assertEquals(root.resolve("var/lib/jvirt/swtpm/" + d.uuid() + "/tpm2"), system.stateDir(d.uuid(), "2.0"));
        assertEquals(root.resolve("var/lib/jvirt/swtpm/" + d.uuid() + "/tpm1.2"), system.stateDir(d.uuid(), "1.2"));
        QemuTpm session = new QemuTpm(QemuDriverConfig.session(root.resolve("home"), java.util.Map.of()));
        assertEquals(root.resolve("home/.config/jvirt/qemu/swtpm/" + d.uuid() + "/tpm2"),
                session.stateDir(d.uuid(), "2.0"));
    }

    @Test
    void undefineFlagsAndPersistentStateDecideWhetherTheStateGoes(@TempDir Path root) throws Exception {
        QemuTpm tpm = new QemuTpm(QemuDriverConfig.system(root));
        int keep = QemuDomains.UNDEFINE_KEEP_TPM;
        int remove = QemuDomains.UNDEFINE_TPM;
        // {persistent_state, flags, state left afterwards}
        List<Object[]> cases = List.of(new Object[] {"no", 0, false}, new Object[] {"no", keep, true},
                new Object[] {"no", remove, false}, new Object[] {"yes", 0, true}, new Object[] {"yes", keep, true},
                new Object[] {"yes", remove, false});
        for (Object[] c : cases) {
            DomainDef d = def("<tpm><backend type='emulator' version='2.0' persistent_state='" + c[0] + "'/></tpm>");
            Path state = Files.createDirectories(tpm.stateDir(d.uuid(), "2.0"));
            Files.writeString(state.resolve("tpm2-00.permall"), "x");
            tpm.cleanupHost(d, (int) c[1]);
            assertEquals(c[2], Files.exists(state.getParent()), "persistent_state=" + c[0] + " flags=" + c[1]);
        }
        VirException e = assertThrows(VirException.class, () -> QemuTpm.checkUndefineFlags(keep | remove));
        assertEquals(ErrorNumber.OPERATION_INVALID, e.code());
        QemuTpm.checkUndefineFlags(keep);
    }
}
