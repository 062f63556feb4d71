package org.jvirt.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.jvirt.spi.Refs.DomainRef;
import org.junit.jupiter.api.Test;

class SupportMatrixTest {
    @Test
    void everyDefaultMethodNamesADistinctLibvirtFunction() {
        List<SupportMatrix.Row> rows = SupportMatrix.rows();
        assertTrue(rows.size() > 250, "rows: " + rows.size());
        var seen = new HashSet<String>();
        for (var r : rows) {
            assertTrue(r.function().startsWith("vir"), r.toString());
            assertTrue(seen.add(r.function()), "two SPI methods claim " + r.function());
        }
    }

    @Test
    void overriddenMethodsCountAsImplemented() {
        HypervisorConnection c = new HypervisorConnection() {
            public ConnectOps connect() { return () -> "X"; }

            public DomainLifecycle lifecycle() {
                return new DomainLifecycle() {
                    public void suspend(DomainRef d) {}
                };
            }

            public void close() {}
        };
        String md = SupportMatrix.markdown(Map.of("X", c));
        assertTrue(md.contains("| `virDomainSuspend` | lifecycle | yes |"), md);
        assertTrue(md.contains("| `virDomainResume` | lifecycle | no |"), md);
        assertEquals(1, md.lines().filter(l -> l.endsWith(" yes |")).count());
    }
}
