package org.jvirt.model.nodedev;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jvirt.core.VirException;
import org.jvirt.model.storage.CorpusSupport;
import org.jvirt.model.storage.PyLibvirtOracle;
import org.junit.jupiter.api.Test;

/**
 * nodedev-create inputs that libvirt's parser refuses, against python3-libvirt on test:///default: the same code,
 * domain and text. Inputs the parser accepts but the test driver then refuses (not a vHBA) must parse here.
 */
class NodeDeviceErrorOracleTest {
    private static final String DRIVER_REFUSAL = "internal error: Device is not a fibre channel HBA";

    private static final List<String> INPUTS = List.of(
            "<device><parent>scsi_host1</parent></device>",
            "<device><parent>scsi_host1</parent><capability/></device>",
            "<device><parent>scsi_host1</parent><capability type='bogus'/></device>",
            "<device><parent>scsi_host1</parent><capability type='scsi_host'><capability/></capability></device>",
            "<device><parent>scsi_host1</parent><capability type='scsi_host'><capability type='x'/></capability></device>",
            "<device><parent>scsi_host1</parent><capability type='scsi_host'><capability type='fc_host'><wwpn>1000000012349999</wwpn></capability></capability></device>",
            "<device><parent wwnn='2000000012341234'>scsi_host1</parent><capability type='scsi_host'/></device>",
            "<device><parent>scsi_host1</parent><capability type='system'/></device>",
            "<device><parent>scsi_host1</parent><capability type='pci'><domain>0</domain></capability></device>",
            "<device><parent>scsi_host1</parent><capability type='net'/></device>",
            "<device><parent>scsi_host1</parent><capability type='storage'/></device>",
            "<device><parent>scsi_host1</parent><capability type='mdev'/></device>",
            "<device><parent>scsi_host1</parent><capability type='drm'><type>x</type></capability></device>",
            "<device><parent>scsi_host1</parent><capability type='usb_device'><bus>1</bus></capability></device>",
            "<device><parent>scsi_host1</parent><capability type='fc_host'/></device>",
            "<device><devnode>/dev/x</devnode><parent>scsi_host1</parent><capability type='scsi_host'/></device>",
            "<device><parent>scsi_host1</parent><capability type='ccw'><cssid>0xff</cssid><ssid>0</ssid><devno>0</devno></capability></device>",
            "<device><parent>scsi_host1</parent><capability type='net'><interface>e</interface><feature name='zz'/></capability></device>",
            "<device><parent>scsi_host1</parent><capability type='storage'><block>/dev/sda</block><capability/></capability></device>",
            "<device><parent>scsi_host1</parent><capability type='storage'><block>/dev/sda</block><capability type='x'/></capability></device>",
            "<device><parent>scsi_host1</parent><capability type='storage'><block>/dev/sda</block></capability></device>",
            "<device><parent>scsi_host1</parent><capability type='storage'><block>/dev/sda</block><capability type='removable'/></capability></device>",
            "<device><parent>scsi_host1</parent><capability type='scsi_target'/></device>",
            "<device><parent>scsi_host1</parent><capability type='scsi_target'><target>t</target><capability/></capability></device>",
            "<device><parent>scsi_host1</parent><capability type='scsi_target'><target>t</target><capability type='x'/></capability></device>",
            "<device><parent>scsi_host1</parent><capability type='scsi_target'><target>t</target><capability type='fc_remote_port'/></capability></device>",
            "<device><parent>scsi_host1</parent><capability type='scsi_target'><target>t</target><capability type='fc_remote_port'><rport>r</rport></capability></capability></device>",
            "<device><parent>scsi_host1</parent><capability type='mdev'><type id='x'/><uuid>zz</uuid></capability></device>",
            "<device><parent>scsi_host1</parent><capability type='mdev'><type id='x'/><attr name='a'/></capability></device>",
            "<device><parent>scsi_host1</parent><capability type='mdev'><type id='x'/><iommuGroup number='1.5'/></capability></device>",
            "<device><parent>scsi_host1</parent><capability type='pci'><class>zz</class><domain>0</domain></capability></device>",
            "<device><parent>scsi_host1</parent><capability type='pci'><domain>0</domain><bus>0</bus><slot>0</slot><function>0</function><vendor id='0x8086'/><product id='0x1'/><capability/></capability></device>",
            "<device><parent>scsi_host1</parent><capability type='pci'><domain>0</domain><bus>0</bus><slot>0</slot><function>0</function><vendor id='0x8086'/><product id='0x1'/><capability type='phys_function'/></capability></device>",
            "<device><parent>scsi_host1</parent><capability type='pci'><domain>0</domain><bus>0</bus><slot>0</slot><function>0</function><vendor id='zz'/><product id='0x1'/></capability></device>",
            "<device><parent>scsi_host1</parent><capability type='pci'><domain>0</domain><bus>0</bus><slot>0</slot><function>0</function><vendor id='0x8086'/><product id='0x1'/><pci-express><link validity='cap' speed='3'/></pci-express></capability></device>",
            "<device><parent>scsi_host1</parent><capability type='pci'><domain>0</domain><bus>0</bus><slot>0</slot><function>0</function><vendor id='0x8086'/><product id='0x1'/><iommuGroup/></capability></device>",
            "<device><parent>scsi_host1</parent><capability type='net'><interface>e</interface><feature/></capability></device>",
            "<device><parent>scsi_host1</parent><capability type='net'><interface>e</interface><capability type='x'/></capability></device>",
            "<device><parent>scsi_host1</parent><capability type='ccw'><ssid>0</ssid><devno>0</devno></capability></device>",
            "<device><parent>scsi_host1</parent><capability type='ccw'><cssid>zz</cssid><ssid>0</ssid><devno>0</devno></capability></device>",
            "<device><parent>scsi_host1</parent><capability type='ap_queue'><ap-adapter>0x1</ap-adapter><ap-domain>0x1000</ap-domain></capability></device>",
            "<device><parent>scsi_host1</parent><capability type='ap_card'/></device>",
            "<device><parent>scsi_host1</parent><capability type='usb'><number>1</number><class>1</class><subclass>1</subclass></capability></device>",
            "<device><parent>scsi_host1</parent><capability type='scsi'><host>1</host><bus>1</bus><target>1</target><lun>1.5</lun></capability></device>",
            "<device><parent>scsi_host1</parent><capability type='system'><hardware><uuid>zz</uuid></hardware></capability></device>",
            "<device><parent>scsi_host1</parent><capability type='pci'><domain>0</domain><bus>0</bus><slot>0</slot><function>0</function><vendor id='0x8086'/><product id='0x1'/><capability type='virt_functions' maxCount='x'/></capability></device>",
            "<device><parent>scsi_host1</parent><capability type='pci'><domain>0</domain><bus>0</bus><slot>0</slot><function>0</function><vendor id='0x8086'/><product id='0x1'/><capability type='mdev_types'><type/></capability></capability></device>");

    @Test
    void parseErrorsMatchLibvirt() throws Exception {
        Path dir = Path.of("target", "nodedev-oracle-inputs").toAbsolutePath();
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < INPUTS.size(); i++) {
            Path f = dir.resolve("nd-" + i + ".xml");
            Files.writeString(f, INPUTS.get(i));
            files.add(f);
        }
        List<PyLibvirtOracle.Err> oracle = new ArrayList<>(PyLibvirtOracle.run("nodedev", files));
        oracle.replaceAll(e -> e != null && e.message().equals(DRIVER_REFUSAL) ? null : e);
        NodeDeviceParser parser = new NodeDeviceParser();
        List<VirException> ours = new ArrayList<>();
        for (String in : INPUTS) {
            try {
                parser.parseForCreate(in);
                ours.add(null);
            } catch (VirException e) {
                ours.add(e);
            }
        }
        List<String> report = PyLibvirtOracle.compare(files, oracle, ours);
        report.add(0, (INPUTS.size() - report.size()) + "/" + INPUTS.size() + " agree");
        CorpusSupport.report("oracle-nodedev-errors", report);
        System.out.println("nodedev create errors: " + report.get(0));
        assertTrue(report.size() == 1, String.join("\n", report));
    }
}
