package org.jvirt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** libvirt's number parsing rules, as virsh applies them to option values. */
class NumbersTest {
    @Test
    void intFollowsStrtolAndRejectsTrailingGarbage() {
        assertEquals(42, Numbers.parseInt("42", 10));
        assertEquals(-5, Numbers.parseInt("-5", 10));
        assertEquals(42, Numbers.parseInt(" 42", 10));
        assertNull(Numbers.parseInt("42x", 10));
        assertNull(Numbers.parseInt("", 10));
        assertNull(Numbers.parseInt("2147483648", 10));
        assertEquals(16, Numbers.parseInt("0x10", 0));
        assertEquals(8, Numbers.parseInt("010", 0));
    }

    @Test
    void unsignedVariantsDifferOnNegativeValues() {
        assertEquals(4294967295L, Numbers.parseUInt("-1", 10));
        assertNull(Numbers.parseUIntPositive("-1", 10));
        assertEquals(-1L, Numbers.parseULong("-1", 10));
        assertNull(Numbers.parseULongPositive("-1", 10));
    }

    @Test
    void scaledIntegersUseBinaryAndDecimalSuffixes() {
        assertEquals(1024L * 1024, Numbers.parseScaled("1024", 1024, -1L));
        assertEquals(512L * 1024 * 1024, Numbers.parseScaled("512M", 1024, -1L));
        assertEquals(1L << 30, Numbers.parseScaled("1GiB", 1024, -1L));
        assertEquals(1_000_000L, Numbers.parseScaled("1MB", 1, -1L));
        assertEquals(7L, Numbers.parseScaled("7b", 1024, -1L));
        assertNull(Numbers.parseScaled("lots", 1024, -1L));
        assertNull(Numbers.parseScaled("1Q", 1024, -1L));
        assertNull(Numbers.parseScaled("5k", 1, 4096L));
    }
}
