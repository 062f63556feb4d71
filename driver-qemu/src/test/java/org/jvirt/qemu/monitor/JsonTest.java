package org.jvirt.qemu.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @Test
    void roundTripsKeepingMemberOrderAndNumberText() {
        String text = "{\"z\":1,\"a\":[true,false,null,\"x\\n\\\"y\\u0001\"],\"big\":18446744073709551615,"
                + "\"f\":-1.5e3,\"o\":{}}";
        Json j = Json.parse(text);
        assertEquals(text, j.write());
        Json.Obj o = (Json.Obj) j;
        assertEquals(List.of("z", "a", "big", "f", "o"), List.copyOf(o.members().keySet()));
        assertEquals("18446744073709551615", ((Json.Num) o.get("big")).text());
        assertEquals(-1500.0, ((Json.Num) o.get("f")).doubleValue());
    }

    @Test
    void decodesEscapesAndSurrogatePairs() {
        assertEquals(new Json.Str("é😀/"), Json.parse("\"\\u00e9\\ud83d\\ude00\\/\""));
        assertEquals(new Json.Str("ünï"), Json.parse("\"ünï\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "[1,]", "{\"a\":1,}", "01", "-", "1.", "1e", "+1", "'a'", "\"\u0001\"",
            "\"\\x\"", "{\"a\":1,\"a\":2}", "[1] 2", "nul", "{a:1}", "\"abc", "[1 2]", "\"\\u12\""})
    void rejectsWhatRfc8259Rejects(String bad) {
        assertThrows(JsonParser.JsonException.class, () -> Json.parse(bad), bad);
    }

    @Test
    void deepNestingIsRefusedNotAStackOverflow() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertThrows(JsonParser.JsonException.class, () -> Json.parse(deep));
        Json.parse("[".repeat(JsonParser.MAX_DEPTH) + "]".repeat(JsonParser.MAX_DEPTH));
    }

    @Test
    void parsesASequenceOfValues() {
        assertEquals(3, JsonParser.parseSequence("{\"a\":1}\n\n{\"b\":2}\n[]\n").size());
    }
}
