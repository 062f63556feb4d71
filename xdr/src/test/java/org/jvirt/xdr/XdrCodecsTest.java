package org.jvirt.xdr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodHandles;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class XdrCodecsTest {
    private final XdrCodecs codecs = new XdrCodecs(MethodHandles.lookup());

    // RFC 4506 section 7, "An Example of an XDR Data Description".
    sealed interface FileType permits Text, Data, Exec {
    }

    @XdrCase(0)
    record Text() implements FileType {
    }

    @XdrCase(1)
    record Data(@XdrMax(255) String creator) implements FileType {
    }

    @XdrCase(2)
    record Exec(@XdrMax(255) String interpretor) implements FileType {
    }

    record File(@XdrMax(255) String filename, FileType type, @XdrMax(32) String owner, @XdrMax(65535) byte[] data) {
    }

    // RFC 4506 section 4.19: "struct *stringlist { string item<>; stringlist next; }" (a recursive optional).
    record StringList(String item, @XdrOptional StringList next) {
    }

    record Scalars(int i, @XdrUnsigned int u, long h, @XdrUnsigned long uh, boolean b, float f, double d, byte c,
                   @XdrUnsigned short us, @XdrUnsigned byte uc) {
    }

    record Arrays(@XdrFixed(4) byte[] uuid, @XdrFixed(2) List<@XdrUnsigned Integer> pair,
                  @XdrMax(3) List<@XdrOptional @XdrMax(8) String> names) {
    }

    // The RFC's own byte-by-byte listing of the "sillyprog" file.
    private static final String SILLYPROG = "00000009" + "73696c6c" + "7970726f" + "67000000" + "00000002"
            + "00000004" + "6c697370" + "00000004" + "6a6f686e" + "00000006" + "28717569" + "74290000";

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void encodesTheRfc4506FileExampleByteForByte() {
        File f = new File("sillyprog", new Exec("lisp"), "john", "(quit)".getBytes());
        assertArrayEquals(hex(SILLYPROG), codecs.encode(f));
    }

    @Test
    void decodesTheRfc4506FileExample() {
        File f = codecs.decode(File.class, hex(SILLYPROG));
        assertEquals("sillyprog", f.filename());
        assertEquals(new Exec("lisp"), f.type());
        assertEquals("john", f.owner());
        assertArrayEquals("(quit)".getBytes(), f.data());
    }

    @Test
    void voidArmEncodesOnlyTheDiscriminant() {
        File f = new File("a", new Text(), "", new byte[0]);
        assertArrayEquals(hex("00000001" + "61000000" + "00000000" + "00000000" + "00000000"), codecs.encode(f));
        assertEquals(new Text(), codecs.decode(File.class, codecs.encode(f)).type());
    }

    @Test
    void encodingAnArmAloneWritesItsUnionWithDiscriminant() {
        assertArrayEquals(hex("00000001" + "00000002" + "6869" + "0000"), codecs.encode(new Data("hi")));
    }

    @Test
    void unknownDiscriminantIsRejected() {
        byte[] bad = hex("00000001" + "61000000" + "00000007");
        XdrException e = assertThrows(XdrException.class, () -> codecs.decode(File.class, bad));
        assertTrue(e.getMessage().contains("discriminant 7"), e.getMessage());
    }

    @Test
    void recursiveOptionalIsALinkedList() {
        StringList l = new StringList("a", new StringList("bc", null));
        byte[] expected = hex("00000001" + "61000000" + "00000001" + "00000002" + "62630000" + "00000000");
        assertArrayEquals(expected, codecs.encode(l));
        assertEquals(l, codecs.decode(StringList.class, expected));
    }

    @Test
    void scalarsUseRfcEncodings() {
        Scalars s = new Scalars(-2, 0xFFFFFFFE, -3L, 0xFFFFFFFFFFFFFFFFL, true, 1.0f, 1.0, (byte) -1,
                (short) 0xffff, (byte) 0xff);
        String expected = "fffffffe" + "fffffffe" + "fffffffffffffffd" + "ffffffffffffffff" + "00000001"
                + "3f800000" + "3ff0000000000000" + "ffffffff" + "0000ffff" + "000000ff";
        assertArrayEquals(hex(expected), codecs.encode(s));
        assertEquals(s, codecs.decode(Scalars.class, hex(expected)));
    }

    @Test
    void fixedAndVariableArraysAndOptionalElements() {
        Arrays a = new Arrays(new byte[] {1, 2, 3, 4}, List.of(7, -1), java.util.Arrays.asList("x", null));
        String expected = "01020304" + "00000007" + "ffffffff" + "00000002" + "00000001" + "00000001" + "78000000"
                + "00000000";
        assertArrayEquals(hex(expected), codecs.encode(a));
        Arrays back = codecs.decode(Arrays.class, hex(expected));
        assertArrayEquals(a.uuid(), back.uuid());
        assertEquals(a.pair(), back.pair());
        assertEquals(a.names(), back.names());
    }

    @Test
    void arrayLongerThanItsBoundIsRejectedBothWays() {
        Arrays a = new Arrays(new byte[4], List.of(1, 2), List.of("a", "b", "c", "d"));
        assertThrows(XdrException.class, () -> codecs.encode(a));
        byte[] bad = hex("01020304" + "00000007" + "ffffffff" + "00000004" + "00000000".repeat(4));
        XdrException e = assertThrows(XdrException.class, () -> codecs.decode(Arrays.class, bad));
        assertTrue(e.getMessage().contains("exceeds maximum 3"), e.getMessage());
    }

    @Test
    void fixedSizeMismatchIsRejected() {
        assertThrows(XdrException.class, () -> codecs.encode(new Arrays(new byte[3], List.of(1, 2), List.of())));
        assertThrows(XdrException.class, () -> codecs.encode(new Arrays(new byte[4], List.of(1), List.of())));
    }

    @Test
    void stringOverItsBoundIsRejected() {
        assertThrows(XdrException.class, () -> codecs.encode(new File("x", new Text(), "o".repeat(33), new byte[0])));
        byte[] owner33 = hex("00000001" + "61000000" + "00000000" + "00000021" + "00".repeat(36) + "00000000");
        XdrException e = assertThrows(XdrException.class, () -> codecs.decode(File.class, owner33));
        assertTrue(e.getMessage().startsWith("File.owner: length 33 exceeds maximum 32"), e.getMessage());
    }

    @Test
    void nullInANonOptionalComponentIsRejected() {
        XdrException e = assertThrows(XdrException.class,
                () -> codecs.encode(new File(null, new Text(), "", new byte[0])));
        assertTrue(e.getMessage().startsWith("File.filename"), e.getMessage());
    }

    @Test
    void optionalAbsentDecodesAsNull() {
        assertNull(codecs.decode(StringList.class, hex("00000000" + "00000000")).next());
    }

    @Test
    void trailingBytesAreRejected() {
        assertThrows(XdrException.class, () -> codecs.decode(StringList.class, hex("00000000" + "00000000" + "00")));
    }

    @Test
    void recordsHiddenFromTheLookupAreRefused() {
        // File is package-private: the default XdrCodecs (public lookup) may not open it.
        assertThrows(IllegalArgumentException.class, () -> new XdrCodecs().codec(File.class));
    }

    @Test
    void unsupportedComponentTypesAreRefused() {
        record Bad(Object o) {
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codecs.codec(Bad.class));
        assertTrue(e.getMessage().contains("Bad.o"), e.getMessage());
    }

    @Test
    void codecIsDerivedOncePerClass() {
        assertSame(codecs.codec(File.class), codecs.codec(File.class));
    }

    @Test
    void layoutDescribesComponentsInWireOrder() {
        List<XdrType.Field> fields = XdrType.fieldsOf(Arrays.class);
        assertEquals(List.of("uuid", "pair", "names"), fields.stream().map(XdrType.Field::name).toList());
        assertEquals("opaque[4]", fields.get(0).type().describe());
        assertEquals("unsigned int[2]", fields.get(1).type().describe());
        assertEquals("string<8>*<3>", fields.get(2).type().describe());
        assertEquals("xdr.XdrCodecsTest.StringList*", XdrType.fieldsOf(StringList.class).get(1).type().describe());
    }
}
