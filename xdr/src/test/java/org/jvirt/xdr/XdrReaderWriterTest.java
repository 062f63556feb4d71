package org.jvirt.xdr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class XdrReaderWriterTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void integersAreBigEndianTwosComplement() {
        XdrWriter w = new XdrWriter();
        w.writeInt(1);
        w.writeInt(-1);
        w.writeUnsignedInt(0x80000000);
        w.writeHyper(0x0102030405060708L);
        w.writeUnsignedHyper(-1L);
        assertArrayEquals(hex("00000001" + "ffffffff" + "80000000" + "0102030405060708" + "ffffffffffffffff"),
                w.toByteArray());
        XdrReader r = new XdrReader(w.toByteArray());
        assertEquals(1, r.readInt());
        assertEquals(-1, r.readInt());
        assertEquals(2147483648L, Integer.toUnsignedLong(r.readUnsignedInt()));
        assertEquals(0x0102030405060708L, r.readHyper());
        assertEquals("18446744073709551615", Long.toUnsignedString(r.readUnsignedHyper()));
        r.expectEnd();
    }

    @Test
    void floatsAreIeee754() {
        XdrWriter w = new XdrWriter();
        w.writeFloat(-2.5f);
        w.writeDouble(0.1);
        assertArrayEquals(hex("c0200000" + "3fb999999999999a"), w.toByteArray());
        XdrReader r = new XdrReader(w.toByteArray());
        assertEquals(-2.5f, r.readFloat());
        assertEquals(0.1, r.readDouble());
    }

    @Test
    void opaqueIsPaddedToFourBytes() {
        XdrWriter w = new XdrWriter();
        w.writeOpaque(new byte[] {1, 2, 3, 4, 5}, 10);
        w.writeFixedOpaque(new byte[] {9}, 1);
        w.writeString("", 0);
        assertArrayEquals(hex("00000005" + "0102030405000000" + "09000000" + "00000000"), w.toByteArray());
        XdrReader r = new XdrReader(w.toByteArray());
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, r.readOpaque(10));
        assertArrayEquals(new byte[] {9}, r.readFixedOpaque(1));
        assertEquals("", r.readString(0));
        r.expectEnd();
    }

    @Test
    void stringsAreUtf8() {
        XdrWriter w = new XdrWriter();
        w.writeString("é", 10);
        assertArrayEquals(hex("00000002" + "c3a90000"), w.toByteArray());
        assertEquals("é", new XdrReader(w.toByteArray()).readString(10));
    }

    @Test
    void boolMustBeZeroOrOne() {
        XdrReader r = new XdrReader(hex("00000000" + "00000001" + "00000002"));
        assertFalse(r.readBool());
        assertTrue(r.readBool());
        assertThrows(XdrException.class, r::readBool);
    }

    @Test
    void hugeClaimedLengthFailsBeforeAllocating() {
        // 0xFFFFFFF0 bytes claimed, unbounded type, 4 bytes present: must not try to allocate 4 GiB.
        XdrReader r = new XdrReader(hex("fffffff0" + "00000000"));
        XdrException e = assertThrows(XdrException.class, () -> r.readOpaque(XdrType.UNBOUNDED));
        assertTrue(e.getMessage().contains("only 4 remain"), e.getMessage());
    }

    @Test
    void lengthAboveDeclaredMaxFailsEvenWhenBytesArePresent() {
        XdrReader r = new XdrReader(hex("00000005" + "0102030405000000"));
        XdrException e = assertThrows(XdrException.class, () -> r.readOpaque(4));
        assertEquals("length 5 exceeds maximum 4", e.getMessage());
    }

    @Test
    void arrayLengthIsCheckedAgainstFourBytesPerElement() {
        XdrReader r = new XdrReader(hex("00000003" + "00000000" + "00000000"));
        assertThrows(XdrException.class, () -> r.readLength(100, XdrReader.MIN_ITEM_SIZE));
    }

    @Test
    void truncatedScalarsFail() {
        assertThrows(XdrException.class, () -> new XdrReader(hex("000000")).readInt());
        assertThrows(XdrException.class, () -> new XdrReader(hex("00000000")).readHyper());
        // Missing padding counts as truncation.
        assertThrows(XdrException.class, () -> new XdrReader(hex("00000001" + "61")).readString(10));
    }

    @Test
    void writerEnforcesItsLimit() {
        XdrWriter w = new XdrWriter(4, 8);
        w.writeHyper(1);
        assertThrows(XdrException.class, () -> w.writeInt(1));
        assertEquals(8, w.position());
    }

    @Test
    void writerRejectsLengthOverMax() {
        XdrWriter w = new XdrWriter();
        assertThrows(XdrException.class, () -> w.writeString("abc", 2));
        assertEquals(0, w.position());
    }

    @Test
    void readerStartsAtBufferPositionAndLeavesItAlone() {
        ByteBuffer b = ByteBuffer.wrap(hex("ffffffff" + "00000007"));
        b.position(4);
        XdrReader r = new XdrReader(b);
        assertEquals(7, r.readInt());
        assertEquals(4, b.position());
    }

    @Test
    void setIntPatchesEarlierBytes() {
        XdrWriter w = new XdrWriter();
        w.writeInt(0);
        w.writeInt(5);
        w.setInt(0, w.position());
        assertArrayEquals(hex("00000008" + "00000005"), w.toByteArray());
    }
}
