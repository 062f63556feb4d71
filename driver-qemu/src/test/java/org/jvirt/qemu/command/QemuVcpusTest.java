package org.jvirt.qemu.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDefParser;
import org.jvirt.model.domain.ParseOptions;
import org.junit.jupiter.api.Test;

/** libvirt's vCPU defaults and {@code -smp} (qemuBuildSmpCommandLine) for current &lt; maximum. */
class QemuVcpusTest {
    private static DomainDef parse(String vcpu) {
        return new DomainDefParser().parse("""
                <domain type='qemu'>
                  <name>g1</name>
                  <memory unit='KiB'>1048576</memory>
                  %s
                  <os><type arch='x86_64' machine='pc'>hvm</type></os>
                </domain>""".formatted(vcpu), ParseOptions.generic());
    }

    @Test
    void defaultsAndSmp() {
        DomainDef d = parse("<vcpu placement='static' current='1'>2</vcpu>");
        assertEquals(List.of(new QemuVcpus.Vcpu(0, true, false, 0), new QemuVcpus.Vcpu(1, false, true, 0)),
                QemuVcpus.of(d));
        assertEquals("1,maxcpus=2,sockets=2,cores=1,threads=1", QemuVcpus.smp(d));
        assertEquals("4,sockets=4,cores=1,threads=1", QemuVcpus.smp(parse("<vcpu>4</vcpu>")));
    }

    @Test
    void individualVcpus() {
        DomainDef d = parse("""
                <vcpu placement='static' current='2'>3</vcpu>
                <vcpus>
                  <vcpu id='0' enabled='yes' hotpluggable='no' order='1'/>
                  <vcpu id='1' enabled='yes' hotpluggable='no' order='2'/>
                  <vcpu id='2' enabled='no' hotpluggable='yes'/>
                </vcpus>""");
        assertEquals("2,maxcpus=3,sockets=3,cores=1,threads=1", QemuVcpus.smp(d));
        StringBuilder xml = new StringBuilder();
        QemuVcpus.format(QemuVcpus.of(d)).formatLibxml(xml, 0);
        assertEquals("<vcpus><vcpu id=\"0\" enabled=\"yes\" hotpluggable=\"no\" order=\"1\"/><vcpu id=\"1\" "
                        + "enabled=\"yes\" hotpluggable=\"no\" order=\"2\"/><vcpu id=\"2\" enabled=\"no\" "
                        + "hotpluggable=\"yes\"/></vcpus>",
                xml.toString().replaceAll(">\\s+<", "><").strip());
        // an online hot-pluggable vCPU needs a device_add before the guest runs: refused, never built wrong
        VirException e = assertThrows(VirException.class, () -> QemuVcpus.smp(parse("""
                <vcpu placement='static' current='2'>2</vcpu>
                <vcpus>
                  <vcpu id='0' enabled='yes' hotpluggable='no' order='1'/>
                  <vcpu id='1' enabled='yes' hotpluggable='yes' order='2'/>
                </vcpus>""")));
        assertEquals(ErrorNumber.CONFIG_UNSUPPORTED, e.code());
    }
}
