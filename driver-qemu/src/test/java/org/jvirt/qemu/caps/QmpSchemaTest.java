package org.jvirt.qemu.caps;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jvirt.qemu.monitor.Json;
import org.junit.jupiter.api.Test;

class QmpSchemaTest {
    // Shaped like query-qmp-schema: type names are masked numbers, commands and enum values are real.
    private static final QmpSchema SCHEMA = new QmpSchema(Json.parse("""
            [{"name":"query-display-options","meta-type":"command","arg-type":"0","ret-type":"10"},
             {"name":"0","meta-type":"object","members":[]},
             {"name":"10","meta-type":"object","tag":"type",
              "members":[{"name":"type","type":"11"},{"name":"full-screen","type":"bool"}],
              "variants":[{"case":"sdl","type":"12"},{"case":"egl-headless","type":"13"}]},
             {"name":"11","meta-type":"enum","values":["none","sdl","egl-headless"]},
             {"name":"12","meta-type":"object","members":[]},
             {"name":"13","meta-type":"object","members":[]},
             {"name":"query-block","meta-type":"command","arg-type":"0","ret-type":"[20]"},
             {"name":"[20]","meta-type":"array","element-type":"20"},
             {"name":"20","meta-type":"object","members":[{"name":"device","type":"str"}]},
             {"name":"str","meta-type":"builtin","json-type":"string"}]
            """));

    @Test
    void followsCommandsMembersVariantsEnumsAndArrays() {
        assertTrue(SCHEMA.has("query-display-options/ret-type/+sdl"));
        assertFalse(SCHEMA.has("query-display-options/ret-type/+gtk"));
        assertTrue(SCHEMA.has("query-display-options/ret-type/type/^egl-headless"));
        assertFalse(SCHEMA.has("query-display-options/ret-type/type/^cocoa"));
        assertTrue(SCHEMA.has("query-block/ret-type/device"));
        assertFalse(SCHEMA.has("query-block/ret-type/inserted"));
        assertFalse(SCHEMA.has("no-such-command"));
        assertTrue(new QmpSchema(null).isEmpty());
    }
}
