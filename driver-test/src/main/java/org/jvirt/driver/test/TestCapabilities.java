package org.jvirt.driver.test;

import java.util.ArrayList;
import java.util.List;
import org.jvirt.model.caps.Capabilities;
import org.jvirt.model.caps.CapabilitiesFormatter;

/**
 * The capabilities of the test driver (testBuildCapabilities): an i686 host with the state's NUMA cells, page
 * sizes 4 KiB, 8 KiB, 2 MiB and 1 GiB, the "testSecurity" model, and hvm and xen guests of domain type "test".
 */
final class TestCapabilities {
    private static final List<Long> PAGE_SIZES = List.of(4L, 8L, 2048L, 1024L * 1024);

    private TestCapabilities() {}

    static Capabilities build(List<TestDriver.Cell> cells) {
        List<Capabilities.NumaCell> numa = new ArrayList<>();
        for (TestDriver.Cell c : cells) {
            // cell 1 lists the 8 KiB pages, every other cell the 4 KiB ones; then the huge page sizes, none free
            long first = c.id() == 1 ? PAGE_SIZES.get(1) : PAGE_SIZES.get(0);
            List<Capabilities.Pages> pages = new ArrayList<>();
            pages.add(new Capabilities.Pages(first, c.mem() / first));
            for (int j = 2; j < PAGE_SIZES.size(); j++) {
                pages.add(new Capabilities.Pages(PAGE_SIZES.get(j), 0));
            }
            List<Capabilities.CellCpu> cpus = new ArrayList<>();
            for (int j = 0; j < c.numCpus(); j++) {
                int id = c.firstCpu() + j;
                cpus.add(new Capabilities.CellCpu(id, c.id(), 0, j, Integer.toString(id)));
            }
            numa.add(new Capabilities.NumaCell(c.id(), c.mem(), pages, List.of(), cpus));
        }
        Capabilities.HostCpu cpu = new Capabilities.HostCpu("i686", List.of("pae", "nonpae"), null, null, 0, null,
                List.of(), PAGE_SIZES);
        Capabilities.Host host = new Capabilities.Host(null, cpu, List.of(), false, null, null, numa, List.of(),
                List.of(new Capabilities.SecModel("testSecurity", "", List.of())));
        List<Capabilities.Guest> guests = new ArrayList<>();
        for (String os : List.of("hvm", "xen")) {
            guests.add(new Capabilities.Guest(os, "i686", 32, "/usr/bin/test-hv", null, List.of(),
                    List.of(new Capabilities.GuestDomain("test", null, null, List.of())),
                    List.of(new Capabilities.GuestFeature("pae", null, null),
                            new Capabilities.GuestFeature("nonpae", null, null))));
        }
        return new Capabilities(host, guests);
    }

    static String format(List<TestDriver.Cell> cells) {
        return new CapabilitiesFormatter().format(build(cells));
    }
}
