package org.jvirt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Escaping as virsh's echo shows it (outputs verified with virsh 9.0.0). */
class EscapesTest {
    @Test
    void shellQuotingOnlyWhenNeeded() {
        assertEquals("abc", Escapes.shell("abc"));
        assertEquals("'a b'", Escapes.shell("a b"));
        assertEquals("'c'\\''d'", Escapes.shell("c'd"));
        assertEquals("''", Escapes.shell(""));
    }

    @Test
    void xmlEntities() {
        assertEquals("&lt;a&amp;&apos;b&quot;&gt;", Escapes.xml("<a&'b\">"));
        assertEquals("ab", Escapes.xml("a\u0001b"));
    }

    @Test
    void doubleCommaIsALiteralComma() {
        assertEquals(List.of("a", "b,c"), Escapes.splitCommas("a,b,,c"));
        assertEquals(List.of("x"), Escapes.splitCommas("x"));
    }
}
