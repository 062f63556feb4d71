package org.jvirt.model.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reserved interface names (libvirt commits a2ae3d299c + d6a8b9eef7): a target dev starting with vnet, macvtap or
 * macvlan in an inactive config is a generated name and is dropped, except on type='ethernet' managed='no'.
 */
class InterfaceTargetNameTest {
    private static final String IFACES = """
            <interface type='bridge'><mac address='52:54:00:00:00:01'/><source bridge='br0'/><target dev='vnet5'/></interface>
            <interface type='direct'><mac address='52:54:00:00:00:02'/><source dev='eth0' mode='bridge'/><target dev='macvtap3'/></interface>
            <interface type='bridge'><mac address='52:54:00:00:00:03'/><source bridge='br0'/><target dev='mytap'/></interface>
            <interface type='ethernet'><mac address='52:54:00:00:00:04'/><target dev='vnet9' managed='no'/></interface>
            <interface type='ethernet'><mac address='52:54:00:00:00:05'/><target dev='vnet8'/></interface>
            <interface type='ethernet'><mac address='52:54:00:00:00:06'/><target dev='macvlan1' managed='no'/></interface>
            <interface type='network'><mac address='52:54:00:00:00:07'/><source network='default'/><target dev='macvlan2'/></interface>
            <interface type='ethernet'><mac address='52:54:00:00:00:08'/><target dev='vnet7' managed='yes'/></interface>
            """;
    private static final String DOMAIN = "<domain type='test'><name>nettest</name>"
            + "<uuid>c7a5fdbd-edaf-9455-926a-d65c16db1809</uuid><memory>65536</memory><os><type>hvm</type></os>"
            + "<devices>" + IFACES + "</devices></domain>";

    private final DomainDefParser parser = new DomainDefParser();

    private static List<String> targets(DomainDef def) {
        return def.devices(DeviceKind.INTERFACE).stream().map(d -> {
            XmlElem t = d.xml().child("target");
            return t == null ? "-" : t.attr("dev") + "/" + t.attr("managed");
        }).toList();
    }

    @Test
    void testDriverDefineDropsGeneratedNamesAsRealVirshDoes() {
        // `virsh -c test:///default 'define d.xml; dumpxml nettest'` (and 'create') print exactly these targets:
        // the dropped names are replaced by the test driver's testnetN, managed='no' ethernet names survive.
        DomainDef def = parser.parse(DOMAIN, ParseOptions.forTestDriver().withRandom(CorpusSupport.seeded()));
        assertEquals(List.of("testnet0/null", "testnet1/null", "mytap/null", "vnet9/no", "testnet2/null",
                "macvlan1/no", "testnet3/null", "testnet4/yes"), targets(def));
        String out = DomainDefFormatter.format(def, 0, -1);
        assertTrue(out.contains("""
                    <interface type='ethernet'>
                      <mac address='52:54:00:00:00:08'/>
                      <target dev='testnet4' managed='yes'/>
                    </interface>
                """), out);
    }

    @Test
    void inactiveParseDropsOnlyReservedNamesAndKeepsUnmanagedEthernet() {
        DomainDef def = parser.parse(DOMAIN, ParseOptions.generic().withInactive(true));
        assertEquals(List.of("-", "-", "mytap/null", "vnet9/no", "-", "macvlan1/no", "-", "null/yes"),
                targets(def));
    }

    @Test
    void liveStatusParseKeepsEveryName() {
        DomainDef def = parser.parse(DOMAIN, ParseOptions.generic().withInactive(false));
        assertEquals(List.of("vnet5/null", "macvtap3/null", "mytap/null", "vnet9/no", "vnet8/null", "macvlan1/no",
                "macvlan2/null", "vnet7/yes"), targets(def));
    }

    @Test
    void inactiveFormatSkipsGeneratedNames() {
        DomainDef live = parser.parse(DOMAIN, ParseOptions.generic().withInactive(false));
        String inactive = DomainDefFormatter.format(live, DomainDefFormatter.INACTIVE, -1);
        assertFalse(inactive.contains("vnet5") || inactive.contains("macvtap3") || inactive.contains("vnet8")
                || inactive.contains("macvlan2"), inactive);
        assertTrue(inactive.contains("<target dev='vnet9' managed='no'/>"), inactive);
        assertTrue(inactive.contains("<target dev='mytap'/>"), inactive);
        assertTrue(inactive.contains("<target managed='yes'/>"), inactive);
        String active = DomainDefFormatter.format(live, 0, 1);
        assertTrue(active.contains("<target dev='vnet5'/>"), active);
    }
}
