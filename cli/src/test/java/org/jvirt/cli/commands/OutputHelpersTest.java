package org.jvirt.cli.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tree drawing, CPU lists and XML node dumps, against output of virsh 9.0.0. */
class OutputHelpersTest {
    @Test
    void treeMatchesSnapshotListTree() {
        List<String> names = List.of("child1", "child2", "grandchild", "root");
        List<String> parents = Arrays.asList("root", "root", "child1", null);
        StringBuilder sb = new StringBuilder();
        TreePrinter.print(sb, names, parents, 3);
        assertEquals("""
                root
                  |
                  +- child1
                  |   |
                  |   +- grandchild
                  |    \s
                  +- child2
                   \s
                """, sb.toString());
    }

    @Test
    void cpuListsFormatAsRanges() {
        assertEquals("0-3,5", Bitmaps.format(new boolean[] {true, true, true, true, false, true}));
        assertEquals("", Bitmaps.format(new boolean[4]));
        assertArrayEquals(new boolean[] {true, false, true, true}, Bitmaps.parse("0,2-3", 4));
        assertArrayEquals(new boolean[] {true, false, false, true}, Bitmaps.parse("0-3,^1,^2", 4));
        assertNull(Bitmaps.parse("x-y", 4));
        assertNull(Bitmaps.parse("9", 4));
    }

    @Test
    void xpathDumpKeepsAttributeOrderAndReindents() {
        Xml xml = Xml.parse("<network><ip address='10.0.0.1' netmask='255.0.0.0'>\n      <dhcp>\n"
                + "        <range start='a' end='b'/>\n      </dhcp>\n    </ip></network>");
        assertEquals("<dhcp>\n  <range start=\"a\" end=\"b\"/>\n</dhcp>", Xml.dump(xml.nodeSet("//dhcp").getFirst()));
        assertEquals(" address=\"10.0.0.1\"", Xml.dump(xml.nodeSet("//ip/@address").getFirst()));
        assertEquals("<nodes>\n  <range start=\"a\" end=\"b\"/>\n</nodes>", Xml.wrap(xml.nodeSet("//range")));
        assertNull(xml.nodeSet("string(//ip/@address)"));
    }

    @Test
    void prettyCapacityUsesBinaryUnits() {
        assertEquals("0.00 B", Util.prettyCapacity(0));
        assertEquals("100.00 GiB", Util.prettyCapacity(107374182400L));
        assertEquals("1.12 GiB", Util.prettyCapacity(1207959552L));
    }

    @Test
    void macAddressesAreNormalized() {
        assertEquals("aa:bb:cc:dd:ee:ff", DomainMiscCommands.normalizeMac("AA:BB:CC:DD:EE:FF"));
        assertEquals("0a:00:00:00:00:01", DomainMiscCommands.normalizeMac("a:0:0:0:0:1"));
        assertNull(DomainMiscCommands.normalizeMac("eth0"));
    }
}
