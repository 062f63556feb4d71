package org.jvirt.model.caps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jvirt.model.caps.Capabilities.CellCpu;
import org.jvirt.model.caps.Capabilities.Guest;
import org.jvirt.model.caps.Capabilities.GuestDomain;
import org.jvirt.model.caps.Capabilities.GuestFeature;
import org.jvirt.model.caps.Capabilities.NumaCell;
import org.jvirt.model.caps.Capabilities.Pages;
import org.jvirt.model.storage.VirshOracle;
import org.junit.jupiter.api.Test;

/** The test driver's capabilities, built as its driver does, must print exactly as real virsh shows them. */
class CapabilitiesFormatterTest {

    /** What libvirt's test driver builds (testBuildCapabilities) for test:///default. */
    static Capabilities testDriverCaps() {
        List<NumaCell> cells = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            List<CellCpu> cpus = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int id = c * 8 + i;
                cpus.add(new CellCpu(id, c, 0, i, Integer.toString(id)));
            }
            cells.add(new NumaCell(c, c == 0 ? 2097152 : 4194304, List.of(new Pages(c == 0 ? 4 : 8, 524288),
                    new Pages(2048, 0), new Pages(1048576, 0)), List.of(), cpus));
        }
        Capabilities.Host host = new Capabilities.Host(null, new Capabilities.HostCpu("i686", List.of("pae",
                "nonpae"), null, null, 0, null, List.of(), List.of(4L, 8L, 2048L, 1048576L)), List.of(), false, null,
                null, cells, List.of(), List.of(new Capabilities.SecModel("testSecurity", "", List.of())));
        List<Guest> guests = new ArrayList<>();
        for (String os : List.of("hvm", "xen")) {
            guests.add(new Guest(os, "i686", 32, "/usr/bin/test-hv", null, List.of(),
                    List.of(new GuestDomain("test", null, null, List.of())),
                    List.of(new GuestFeature("pae", null, null), new GuestFeature("nonpae", null, null))));
        }
        return new Capabilities(host, guests);
    }

    @Test
    void testDriverCapabilitiesMatchVirsh() {
        Map<Integer, String> out = VirshOracle.run(List.of("capabilities"));
        String expected = VirshOracle.xmlOf(out.get(0));
        assertEquals(expected, new CapabilitiesFormatter().format(testDriverCaps()));
    }

    @Test
    void machinesAndToggles() {
        Guest g = new Guest("hvm", "x86_64", 64, "/usr/bin/qemu", null,
                List.of(new Capabilities.Machine("pc-0.11", null, 255, false),
                        new Capabilities.Machine("pc", "pc-0.11", 255, false)),
                List.of(new GuestDomain("qemu", null, null, List.of()), new GuestDomain("kvm", "/usr/bin/qemu", null,
                        List.of(new Capabilities.Machine("isapc", null, 1, true)))),
                List.of(new GuestFeature("acpi", "on", "yes")));
        String xml = new CapabilitiesFormatter().format(new Capabilities(testDriverCaps().host(), List.of(g)));
        String expected = """
                  <guest>
                    <os_type>hvm</os_type>
                    <arch name='x86_64'>
                      <wordsize>64</wordsize>
                      <emulator>/usr/bin/qemu</emulator>
                      <machine maxCpus='255'>pc-0.11</machine>
                      <machine canonical='pc-0.11' maxCpus='255'>pc</machine>
                      <domain type='qemu'/>
                      <domain type='kvm'>
                        <emulator>/usr/bin/qemu</emulator>
                        <machine maxCpus='1' deprecated='yes'>isapc</machine>
                      </domain>
                    </arch>
                    <features>
                      <acpi default='on' toggle='yes'/>
                    </features>
                  </guest>

                </capabilities>
                """;
        assertEquals(true, xml.endsWith(expected), xml);
    }
}
