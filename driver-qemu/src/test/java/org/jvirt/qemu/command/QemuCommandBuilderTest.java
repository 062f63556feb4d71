package org.jvirt.qemu.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDefParser;
import org.jvirt.model.domain.ParseOptions;
import org.junit.jupiter.api.Test;

/** Corpus-independent checks of the builder (the corpus test skips without ../shared). */
class QemuCommandBuilderTest {

    private static final QemuBuildContext CTX = new QemuBuildContext("/usr/bin/qemu-system-x86_64", 7,
            "/var/lib/libvirt/qemu", "/var/log/libvirt/qemu", Set.of(), QemuConf.defaults());

    private static DomainDef parse(String devices, String extra) {
        return new DomainDefParser().parse("""
                <domain type='kvm'>
                  <name>g1</name>
                  <uuid>c7a5fdbd-edaf-9455-926a-d65c16db1809</uuid>
                  <memory unit='KiB'>1048576</memory>
                  <vcpu>2</vcpu>
                  <os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/></os>
                  %s
                  <devices>%s</devices>
                </domain>""".formatted(extra, devices), ParseOptions.generic());
    }

    @Test
    void minimalGuest() {
        DomainDef def = parse("""
                <disk type='file' device='disk'><driver name='qemu' type='qcow2'/>
                  <source file='/img/a b.qcow2'/><target dev='vda' bus='virtio'/></disk>
                <memballoon model='none'/>""", "<features><acpi/></features>");
        QemuCommandLine cmd = QemuCommandBuilder.build(def, CTX);
        List<String> argv = cmd.argv();
        assertEquals("/usr/bin/qemu-system-x86_64", argv.get(0));
        assertEquals("guest=g1,debug-threads=on", argv.get(argv.indexOf("-name") + 1));
        assertEquals("1024", argv.get(argv.indexOf("-m") + 1));
        assertEquals("kvm", argv.get(argv.indexOf("-accel") + 1));
        assertEquals("2,sockets=2,cores=1,threads=1", argv.get(argv.indexOf("-smp") + 1));
        assertTrue(cmd.env().contains("HOME=/var/lib/libvirt/qemu/domain-7-g1"));
        assertTrue(argv.contains("{\"driver\":\"virtio-blk-pci\",\"bus\":\"pci.0\",\"addr\":\"0x2\","
                + "\"drive\":\"libvirt-1-format\",\"id\":\"virtio-disk0\",\"bootindex\":1}"), argv.toString());
        assertTrue(cmd.toArgsText().contains("-blockdev '{\"driver\":\"file\",\"filename\":\"/img/a b.qcow2\","),
                cmd.toArgsText());
        assertTrue(!argv.contains("-no-acpi"));
    }

    @Test
    void shellQuoting() {
        assertEquals("strict=on", QemuCommandLine.shellQuote("strict=on"));
        assertEquals("'a b'", QemuCommandLine.shellQuote("a b"));
        assertEquals("'it'\\''s'", QemuCommandLine.shellQuote("it's"));
        assertEquals("''", QemuCommandLine.shellQuote(""));
    }

    @Test
    void unsupportedConstructsAreRefused() {
        DomainDef def = parse("<watchdog model='i6300esb'/>", "");
        VirException e = assertThrows(VirException.class, () -> QemuCommandBuilder.build(def, CTX));
        assertEquals(ErrorNumber.CONFIG_UNSUPPORTED, e.code());
        assertEquals(ErrorDomain.QEMU, e.domain());
        assertTrue(e.getMessage().startsWith("unsupported configuration: "), e.getMessage());
    }
}
