package org.jvirt.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jvirt.api.Connect;
import org.jvirt.spi.HypervisorConnection;
import org.jvirt.spi.SupportMatrix;
import org.junit.jupiter.api.Test;

/** docs/support-matrix.md is generated from the drivers' code; this fails when the committed copy is stale. */
class SupportMatrixDocTest {
    @Test
    void committedSupportMatrixIsCurrent() throws IOException {
        Path doc = Path.of(System.getProperty("jvirt.root", "..")).resolve("docs/support-matrix.md");
        try (Connect test = Connect.open("test:///default")) {
            Map<String, HypervisorConnection> drivers = new LinkedHashMap<>();
            drivers.put("test", test.driver());
            String expected = SupportMatrix.markdown(drivers);
            if (Boolean.getBoolean("jvirt.regenerate")) {
                Files.createDirectories(doc.getParent());
                Files.writeString(doc, expected);
            }
            String committed = Files.exists(doc) ? Files.readString(doc) : "";
            assertEquals(expected, committed,
                    "docs/support-matrix.md is stale: run ./mvnw -pl dist test -Djvirt.regenerate=true and commit it");
        }
    }
}
