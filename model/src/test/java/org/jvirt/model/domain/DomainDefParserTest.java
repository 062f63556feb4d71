package org.jvirt.model.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

class DomainDefParserTest {
    private static final String UUID_TEXT = "c7a5fdbd-edaf-9455-926a-d65c16db1809";
    private final DomainDefParser parser = new DomainDefParser();

    private DomainDef parseTest(String xml) {
        return parser.parse(xml, ParseOptions.forTestDriver().withRandom(CorpusSupport.seeded()));
    }

    private static String minimal(String extra, String devices) {
        return "<domain type='test'><name>x</name><uuid>" + UUID_TEXT + "</uuid><memory>1024</memory>" + extra
                + "<os><type>hvm</type></os><devices>" + devices + "</devices></domain>";
    }

    @Test
    void minimalTestDomainGetsTheTestDriversDefaults() {
        // What real virsh prints after defining this XML on test:///default.
        String expected = """
                <domain type='test'>
                  <name>x</name>
                  <uuid>c7a5fdbd-edaf-9455-926a-d65c16db1809</uuid>
                  <memory unit='KiB'>1024</memory>
                  <currentMemory unit='KiB'>1024</currentMemory>
                  <vcpu placement='static'>1</vcpu>
                  <os>
                    <type arch='i686'>hvm</type>
                    <boot dev='hd'/>
                  </os>
                  <clock offset='utc'/>
                  <on_poweroff>destroy</on_poweroff>
                  <on_reboot>restart</on_reboot>
                  <on_crash>destroy</on_crash>
                  <devices>
                  </devices>
                </domain>
                """;
        assertEquals(expected, DomainDefFormatter.format(parseTest(minimal("", "")), 0, -1));
    }

    @Test
    void testDriversDefaultDomainDumpsAsRealVirshShowsIt() {
        String input = """
                <domain type='test'>
                  <name>test</name>
                  <uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>
                  <memory>8388608</memory>
                  <currentMemory>2097152</currentMemory>
                  <vcpu>2</vcpu>
                  <os>
                    <type>hvm</type>
                  </os>
                  <devices>
                    <disk type='file' device='disk'>
                      <source file='/guest/diskimage1'/>
                      <target dev='vda' bus='virtio'/>
                      <address type='pci' domain='0x0000' bus='0x00' slot='0x1' function='0x0'/>
                    </disk>
                    <interface type='network'>
                      <mac address='aa:bb:cc:dd:ee:ff'/>
                      <source network='default' bridge='virbr0'/>
                      <address type='pci' domain='0x0000' bus='0x00' slot='0x2' function='0x0'/>
                    </interface>
                  </devices>
                </domain>
                """;
        // `virsh -c test:///default dumpxml test` for this input (the running default domain, id 1).
        String expected = """
                <domain type='test' id='1'>
                  <name>test</name>
                  <uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>
                  <memory unit='KiB'>8388608</memory>
                  <currentMemory unit='KiB'>2097152</currentMemory>
                  <vcpu placement='static'>2</vcpu>
                  <os>
                    <type arch='i686'>hvm</type>
                    <boot dev='hd'/>
                  </os>
                  <clock offset='utc'/>
                  <on_poweroff>destroy</on_poweroff>
                  <on_reboot>restart</on_reboot>
                  <on_crash>destroy</on_crash>
                  <devices>
                    <disk type='file' device='disk'>
                      <source file='/guest/diskimage1'/>
                      <target dev='vda' bus='virtio'/>
                      <address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>
                    </disk>
                    <interface type='network'>
                      <mac address='aa:bb:cc:dd:ee:ff'/>
                      <source network='default'/>
                      <target dev='testnet0'/>
                      <address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>
                    </interface>
                  </devices>
                </domain>
                """;
        DomainDef def = parseTest(input);
        assertEquals(expected, DomainDefFormatter.format(def, 0, 1));
        assertEquals(expected.replace(" id='1'", ""), DomainDefFormatter.format(def, DomainDefFormatter.INACTIVE, 1));
    }

    @Test
    void devicesGetDiskBusDriveAddressControllerSerialConsoleAndInterfaceName() {
        String devices = "<disk type='file' device='disk'><source file='/tmp/a.img'/><target dev='sda'/></disk>"
                + "<interface type='network'><mac address='52:54:00:11:22:33'/><source network='default'/>"
                + "</interface><console type='pty'/><graphics type='vnc'/><video><model type='vga'/></video>";
        String out = DomainDefFormatter.format(parseTest(minimal("", devices)), 0, -1);
        String expected = """
                  <devices>
                    <disk type='file' device='disk'>
                      <source file='/tmp/a.img'/>
                      <target dev='sda' bus='scsi'/>
                      <address type='drive' controller='0' bus='0' target='0' unit='0'/>
                    </disk>
                    <controller type='scsi' index='0'/>
                    <interface type='network'>
                      <mac address='52:54:00:11:22:33'/>
                      <source network='default'/>
                      <target dev='testnet0'/>
                    </interface>
                    <serial type='pty'>
                      <target port='0'/>
                    </serial>
                    <console type='pty'>
                      <target type='serial' port='0'/>
                    </console>
                    <graphics type='vnc' port='-1' autoport='yes'>
                      <listen type='address'/>
                    </graphics>
                    <video>
                      <model type='vga' vram='16384' heads='1' primary='yes'/>
                    </video>
                  </devices>
                """;
        assertTrue(out.contains(expected), out);
    }

    @Test
    void missingUuidIsGeneratedAndMissingMacToo() {
        DomainDef def = parseTest("<domain type='test'><name>x</name><memory>1</memory><os><type>hvm</type></os>"
                + "<devices><interface type='user'/></devices></domain>");
        assertEquals(4, def.uuid().version());
        String mac = def.devices(DeviceKind.INTERFACE).getFirst().mac();
        assertTrue(mac.startsWith("52:54:00:"), mac);
    }

    @Test
    void memoryUnitsAreStoredInKibAndCurrentIsClamped() {
        DomainDef def = parseTest(minimal("<currentMemory unit='GiB'>4</currentMemory>", "")
                .replace("<memory>1024</memory>", "<memory unit='MiB'>2</memory>"));
        assertEquals(2048, def.totalMemory());
        assertEquals(2048, def.currentMemory());
        VirException e = assertThrows(VirException.class,
                () -> parseTest(minimal("", "").replace("<memory>", "<memory unit='foo'>")));
        assertEquals(ErrorNumber.INVALID_ARG, e.code());
        assertEquals("invalid argument: unknown suffix 'foo'", e.getMessage());
    }

    @Test
    void vcpuCurrentAndPlacementAreKept() {
        DomainDef def = parseTest(minimal("<vcpu placement='auto' current='2'>4</vcpu>", ""));
        assertEquals(4, def.maxVcpus());
        assertEquals(2, def.currentVcpus());
        assertTrue(DomainDefFormatter.format(def, 0, -1).contains("<vcpu placement='auto' current='2'>4</vcpu>"));
    }

    @Test
    void errorsCarryLibvirtsCodesAndTexts() {
        assertError(ErrorNumber.NO_NAME, "missing name information",
                "<domain type='test'><memory>1</memory><os><type>hvm</type></os></domain>");
        assertError(ErrorNumber.INTERNAL_ERROR, "internal error: missing domain type attribute",
                "<domain><name>a</name></domain>");
        assertError(ErrorNumber.CONFIG_UNSUPPORTED, "unsupported configuration: invalid domain type foo",
                "<domain type='foo'><name>a</name></domain>");
        assertError(ErrorNumber.XML_ERROR, "XML error: an os <type> must be specified",
                "<domain type='test'><name>a</name><memory>1</memory></domain>");
        assertError(ErrorNumber.INTERNAL_ERROR, "internal error: malformed uuid element",
                "<domain type='test'><name>a</name><uuid>zz</uuid><memory>1</memory><os><type>hvm</type></os>"
                        + "</domain>");
        assertError(ErrorNumber.XML_ERROR, "XML error: name a/b cannot contain '/'",
                "<domain type='test'><name>a/b</name><memory>1</memory><os><type>hvm</type></os></domain>");
        assertError(ErrorNumber.XML_ERROR, "XML error: maximum vcpus count must be an integer",
                minimal("<vcpu>x</vcpu>", ""));
    }

    @Test
    void deviceChecksUseLibvirtsTexts() {
        assertError(ErrorNumber.CONFIG_UNSUPPORTED,
                "unsupported configuration: per-device boot elements cannot be used together with os/boot elements",
                minimal("", "<disk type='file'><source file='/a'/><target dev='vda'/><boot order='1'/></disk>")
                        .replace("<type>hvm</type>", "<type>hvm</type><boot dev='hd'/>"));
        assertError(ErrorNumber.XML_ERROR,
                "XML error: target 'vda' duplicated for disk sources '/a' and '/b'",
                minimal("", "<disk type='file'><source file='/a'/><target dev='vda'/></disk>"
                        + "<disk type='file'><source file='/b'/><target dev='vda'/></disk>"));
        assertError(ErrorNumber.XML_ERROR, "XML error: Multiple 'pci' controllers with index '0'",
                minimal("", "<controller type='pci' index='0' model='pci-root'/>"
                        + "<controller type='pci' index='0' model='pci-root'/>"));
        assertError(ErrorNumber.XML_ERROR, "XML error: Invalid PCI address slot='0x20', must be <= 0x1F",
                minimal("", "<memballoon model='virtio'><address type='pci' slot='0x20'/></memballoon>"));
        assertError(ErrorNumber.INTERNAL_ERROR, "internal error: Missing source host attribute for char device",
                minimal("", "<serial type='tcp'><source mode='bind' service='99'/></serial>"));
        assertError(ErrorNumber.XML_ERROR, "XML error: only one source element is allowed for character device",
                minimal("", "<serial type='file'><source path='/a'/><source path='/b'/></serial>"));
    }

    @Test
    void internalEntitiesExpandExternalOnesNever() {
        DomainDef def = parseTest("<!DOCTYPE domain [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>"
                + "<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;'>]><domain type='test'><name>x&xxe;&b;</name>"
                + "<memory>1</memory><os><type>hvm</type></os></domain>");
        // libvirt 9.0 (recorded with virsh define) expands entities declared in the document, never external ones
        assertEquals("x" + "a".repeat(40), def.name());
    }

    @Test
    void entityExpansionBombIsAnErrorNotAHang() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE domain [<!ENTITY l0 'lollollollollollollollollollol'>");
        for (int i = 1; i < 10; i++) {
            dtd.append("<!ENTITY l").append(i).append(" '").append(("&l" + (i - 1) + ";").repeat(10)).append("'>");
        }
        dtd.append("]>");
        org.junit.jupiter.api.Assertions.assertThrows(org.jvirt.core.VirException.class, () -> parseTest(dtd
                + "<domain type='test'><name>&l9;</name><memory>1</memory><os><type>hvm</type></os></domain>"));
    }

    @Test
    void sizeAndCountErrorsMatchVirsh() {
        assertError(ErrorNumber.XML_ERROR,
                "XML error: Invalid value '99999999999999999999' for element or attribute './memory[1]'",
                minimal("", "").replace("<memory>1024</memory>", "<memory>99999999999999999999</memory>"));
        assertError(ErrorNumber.CONFIG_UNSUPPORTED,
                "unsupported configuration: maximum vCPU count must not be less than current vCPU count",
                minimal("<vcpu current='9'>2</vcpu>", ""));
        assertError(ErrorNumber.XML_ERROR,
                "XML error: Unknown disk name 'sdzzzzzzzzzzzzzz' and no address specified",
                minimal("", "<disk type='file'><target dev='sdzzzzzzzzzzzzzz'/></disk>"));
    }

    private void assertError(int code, String message, String xml) {
        VirException e = assertThrows(VirException.class, () -> parseTest(xml));
        assertEquals(code, e.code());
        assertEquals(message, e.getMessage());
    }

    @Test
    void liveIdIsWrittenOnlyForLiveXml() {
        DomainDef def = parseTest(minimal("", ""));
        assertTrue(DomainDefFormatter.format(def, 0, 3).startsWith("<domain type='test' id='3'>\n"));
        assertTrue(DomainDefFormatter.format(def, DomainDefFormatter.INACTIVE, 3).startsWith("<domain type='test'>\n"));
    }

    @Test
    void passwordsAreShownOnlyWithSecureFlag() {
        DomainDef def = parseTest(minimal("", "<graphics type='vnc' passwd='s3cret'/>"));
        assertFalse(DomainDefFormatter.format(def, 0, -1).contains("s3cret"));
        assertTrue(DomainDefFormatter.format(def, DomainDefFormatter.SECURE, -1).contains("passwd='s3cret'"));
    }

    @Test
    void inactiveXmlDropsGeneratedAliasesButKeepsUserAliases() {
        DomainDef def = parseTest(minimal("", "<disk type='file' device='disk'><source file='/a'/>"
                + "<target dev='vda'/><alias name='virtio-disk0'/></disk><disk type='file' device='disk'>"
                + "<source file='/b'/><target dev='vdb'/><alias name='ua-mine'/></disk>"));
        String inactive = DomainDefFormatter.format(def, DomainDefFormatter.INACTIVE, -1);
        assertFalse(inactive.contains("virtio-disk0"));
        assertTrue(inactive.contains("<alias name='ua-mine'/>"));
        assertTrue(DomainDefFormatter.format(def, 0, 1).contains("<alias name='virtio-disk0'/>"));
    }

    @Test
    void foreignMetadataIsKeptAndPrintedAsLibxml2Does() {
        DomainDef def = parseTest(minimal("<metadata><app1:foo xmlns:app1='http://foo.org/'>fooish</app1:foo>"
                + "<app2:bar xmlns:app2='http://bar.org/'><app2:x a='1'/></app2:bar></metadata>", ""));
        String out = DomainDefFormatter.format(def, 0, -1);
        assertTrue(out.contains("""
                  <metadata>
                    <app1:foo xmlns:app1="http://foo.org/">fooish</app1:foo>
                    <app2:bar xmlns:app2="http://bar.org/">
                      <app2:x a="1"/>
                    </app2:bar>
                  </metadata>
                """), out);
    }

    @Test
    void tuningWithersFollowLibvirtsRules() {
        DomainDef def = parseTest(minimal("<currentMemory>512</currentMemory><vcpu>4</vcpu>", ""));
        assertEquals("i686", def.osArch());
        assertEquals(java.util.List.of("hd"), def.bootDevices());
        DomainDef d = def.withTotalMemory(256).withVcpus(4, 2).withLifecycleAction("on_crash", "restart");
        assertEquals(256, d.totalMemory());
        assertEquals(256, d.currentMemory());
        String out = DomainDefFormatter.format(d, 0, -1);
        assertTrue(out.contains("<vcpu placement='static' current='2'>4</vcpu>"), out);
        assertTrue(out.contains("<on_crash>restart</on_crash>"), out);
    }

    @Test
    void accessorsAndWithersChangeOnlyTheirField() {
        DomainDef def = parseTest(minimal("<title>t</title>", "<disk type='file' device='disk'>"
                + "<source file='/a'/><target dev='vda'/><alias name='ua-d'/></disk>"));
        UUID u = UUID.fromString("00000000-0000-0000-0000-000000000001");
        DomainDef changed = def.withName("y").withUuid(u).withDescription("d")
                .withMemory(def.memory().withTotal(4096).withCurrent(2048));
        assertEquals("y", changed.name());
        assertEquals(u, changed.uuid());
        assertEquals("t", changed.title());
        assertEquals(4096, changed.totalMemory());
        DomainDevice disk = changed.findByTarget("vda").orElseThrow();
        assertEquals(disk, changed.findByAlias("ua-d").orElseThrow());
        assertTrue(changed.removeDevice(disk).findByTarget("vda").isEmpty());
        assertEquals(2, changed.addDevice(disk).devices(DeviceKind.DISK).size());
        String out = DomainDefFormatter.format(changed, 0, -1);
        assertTrue(out.contains("<name>y</name>\n  <uuid>00000000-0000-0000-0000-000000000001</uuid>\n"
                + "  <title>t</title>\n  <description>d</description>\n"), out);
    }
}
