package org.jvirt.rpc.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.rpc.protocol.net.NetConstants;
import org.jvirt.rpc.protocol.remote.DomainGetStateArgs;
import org.jvirt.rpc.protocol.remote.DomainGetStateRet;
import org.jvirt.rpc.protocol.remote.NonnullDomain;
import org.jvirt.rpc.protocol.remote.RemoteProcedures;
import org.jvirt.xdr.XdrCodecs;
import org.jvirt.xdr.XdrException;
import org.junit.jupiter.api.Test;

class FramesTest {
    private final XdrCodecs codecs = new XdrCodecs();

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static void assertRpcError(String text, VirException e) {
        assertEquals(ErrorNumber.RPC, e.code());
        assertEquals(ErrorDomain.RPC, e.domain());
        assertEquals(text, e.getMessage());
    }

    @Test
    void rpcDocCallExampleIs38Bytes() {
        // docs/kbase/internals/rpc.rst "Method call": program 8, version 1, procedure 3, 10 bytes of arguments.
        byte[] frame = Frames.encodeRaw(new MessageHeader(8, 1, 3, 0, 1, 0), new byte[10]);
        assertEquals(38, frame.length);
        assertArrayEquals(hex("00000026 00000008 00000001 00000003 00000000 00000001 00000000"),
                java.util.Arrays.copyOf(frame, 28));
        byte[] reply = Frames.encodeRaw(new MessageHeader(8, 1, 3, 1, 1, 0), new byte[4]);
        assertEquals(32, reply.length);
    }

    @Test
    void callFrameRoundTripsWithItsBody() {
        NonnullDomain dom = new NonnullDomain("vm", new byte[16], 1);
        MessageHeader h = MessageHeader.call(RemoteProcedures.DOMAIN_GET_STATE, 7);
        byte[] frame = Frames.encode(h, codecs, new DomainGetStateArgs(dom, 0));
        // 4 (length) + 24 (header) + 28 (name "vm" padded, uuid, id) + 4 (flags) = 60
        assertArrayEquals(hex("0000003c 20008086 00000001 000000d4 00000000 00000007 00000000"),
                java.util.Arrays.copyOf(frame, 28));
        Message m = Frames.decodeFrame(frame);
        assertEquals(h, m.header());
        assertEquals(Optional.of(MessageType.CALL), m.header().messageType());
        assertEquals("vm", m.body(codecs, RemoteProcedures.DOMAIN_GET_STATE.args()).dom().name());
    }

    @Test
    void headerKeepsUnknownTypeAndStatusRaw() {
        Message m = Frames.decodeFrame(Frames.encodeRaw(new MessageHeader(1, 1, 1, 9, 5, 7), new byte[0]));
        assertEquals(9, m.header().type());
        assertEquals(Optional.empty(), m.header().messageType());
        assertEquals(Optional.empty(), m.header().messageStatus());
        assertEquals(5, m.header().serial());
    }

    @Test
    void lengthWordBelowFourIsTooSmall() {
        assertRpcError("packet 3 bytes received from server too small, want 4",
                assertThrows(VirException.class, () -> Frames.bodyLength(3)));
        assertRpcError("packet 0 bytes received from server too small, want 4",
                assertThrows(VirException.class, () -> Frames.bodyLength(0)));
    }

    @Test
    void lengthWordAbove32MiBIsTooLarge() {
        assertEquals(NetConstants.MESSAGE_MAX, Frames.bodyLength(NetConstants.MESSAGE_MAX + 4));
        assertRpcError("packet 33554433 bytes received from server too large, want 33554432",
                assertThrows(VirException.class, () -> Frames.bodyLength(NetConstants.MESSAGE_MAX + 5)));
    }

    @Test
    void negativeLengthWordIsTooLargeAsLibvirtPrintsIt() {
        // The word is unsigned; libvirt subtracts 4 and prints it with %d.
        assertRpcError("packet -5 bytes received from server too large, want 33554432",
                assertThrows(VirException.class, () -> Frames.bodyLength(0xFFFFFFFF)));
        assertRpcError("packet 2147483644 bytes received from server too large, want 33554432",
                assertThrows(VirException.class, () -> Frames.bodyLength(0x80000000)));
    }

    @Test
    void frameShorterThanAHeaderCannotBeDecoded() {
        VirException e = assertThrows(VirException.class, () -> Frames.decodeFrame(hex("00000008 00000001")));
        assertRpcError("Unable to decode message header", e);
        assertInstanceOf(XdrException.class, e.getCause());
    }

    @Test
    void badPayloadIsUnableToDecode() {
        MessageHeader h = MessageHeader.call(RemoteProcedures.DOMAIN_GET_STATE, 1);
        Message m = Frames.decodeFrame(Frames.encodeRaw(h, hex("7fffffff")));
        assertRpcError("Unable to decode message payload",
                assertThrows(VirException.class, () -> m.body(codecs, DomainGetStateArgs.class)));
    }

    @Test
    void oversizeBodyIsUnableToEncode() {
        MessageHeader h = MessageHeader.call(RemoteProcedures.DOMAIN_GET_STATE, 1);
        assertRpcError("Unable to encode message payload",
                assertThrows(VirException.class, () -> Frames.encodeRaw(h, new byte[NetConstants.MESSAGE_MAX])));
        // A string over its declared 4 MiB bound is refused before the frame limit is reached.
        NonnullDomain huge = new NonnullDomain("x".repeat(NetConstants.MESSAGE_STRING_MAX + 1), new byte[16], 1);
        assertRpcError("Unable to encode message payload", assertThrows(VirException.class,
                () -> Frames.encode(h, codecs, new DomainGetStateArgs(huge, 0))));
    }

    @Test
    void readerReturnsFramesThenEmptyAtCleanEnd() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameWriter w = new FrameWriter(out, codecs);
        MessageHeader call = MessageHeader.call(RemoteProcedures.DOMAIN_GET_STATE, 9);
        w.write(call.reply(MessageStatus.OK), new DomainGetStateRet(1, 2));
        w.writeError(call, VirException.of(ErrorNumber.NO_DOMAIN, ErrorDomain.QEMU, "no domain with matching name 'x'"));
        FrameReader r = new FrameReader(new ByteArrayInputStream(out.toByteArray()));
        Message ok = r.read().orElseThrow();
        assertEquals(new DomainGetStateRet(1, 2), ok.body(codecs, DomainGetStateRet.class));
        Message err = r.read().orElseThrow();
        assertEquals(Optional.of(MessageStatus.ERROR), err.header().messageStatus());
        assertEquals(9, err.header().serial());
        VirException e = err.error(codecs);
        assertEquals(ErrorNumber.NO_DOMAIN, e.code());
        assertEquals(ErrorDomain.QEMU, e.domain());
        assertEquals("Domain not found: no domain with matching name 'x'", e.getMessage());
        assertEquals(Optional.empty(), r.read());
    }

    @Test
    void oversizeLengthIsRejectedWithoutReadingFurther() {
        // A stream that claims 2 GiB and then fails if anything reads past the length word.
        InputStream in = new InputStream() {
            private final byte[] word = hex("7fffffff");
            private int pos;

            @Override
            public int read() {
                if (pos >= word.length) {
                    throw new AssertionError("read past an oversize length word");
                }
                return word[pos++] & 0xff;
            }
        };
        assertRpcError("packet 2147483643 bytes received from server too large, want 33554432",
                assertThrows(VirException.class, () -> new FrameReader(in).read()));
    }

    @Test
    void truncatedFrameIsEndOfFile() {
        byte[] frame = Frames.encodeRaw(new MessageHeader(1, 1, 1, 0, 1, 0), new byte[8]);
        for (int cut : List.of(2, 10, frame.length - 1)) {
            byte[] part = java.util.Arrays.copyOf(frame, cut);
            VirException e = assertThrows(VirException.class,
                    () -> new FrameReader(new ByteArrayInputStream(part)).read());
            assertEquals(ErrorNumber.SYSTEM_ERROR, e.code());
            assertEquals(ErrorDomain.RPC, e.domain());
            assertEquals("End of file while reading data: Input/output error", e.getMessage());
        }
    }

    @Test
    void tooManyFdsIsRejected() {
        MessageHeader h = new MessageHeader(1, 1, 1, MessageType.CALL_WITH_FDS.code(), 1, 0);
        Message m = Frames.decodeFrame(Frames.encodeRaw(h, hex("00000021")));
        assertRpcError("Received too many FDs 33, expected 32 maximum", assertThrows(VirException.class, m::fdCount));
        Message ok = Frames.decodeFrame(Frames.encodeRaw(h, hex("00000002 00000001 00000002")));
        assertEquals(2, ok.fdCount());
        assertEquals(new DomainGetStateRet(1, 2), ok.body(codecs, DomainGetStateRet.class));
    }

    @Test
    void wireEnumsMatchTheGeneratedConstants() {
        assertEquals(org.jvirt.rpc.protocol.net.MessageType.STREAM_HOLE, MessageType.STREAM_HOLE.code());
        assertEquals(org.jvirt.rpc.protocol.net.MessageType.CALL_WITH_FDS, MessageType.CALL_WITH_FDS.code());
        assertEquals(org.jvirt.rpc.protocol.net.MessageStatus.CONTINUE, MessageStatus.CONTINUE.code());
        assertEquals(MessageType.values().length, 7);
    }

    @Test
    void programNumbersAreLibvirts() {
        assertEquals(0x20008086, Program.REMOTE.number());
        assertEquals(0x20008087, Program.QEMU.number());
        assertEquals(0x00068000, Program.LXC.number());
        assertEquals(0x6b656570, Program.KEEPALIVE.number());
        assertEquals(0x06900690, Program.ADMIN.number());
        assertEquals(Optional.of(Program.KEEPALIVE), Program.of(0x6b656570));
        assertTrue(Program.REMOTE.matches(MessageHeader.call(RemoteProcedures.CONNECT_OPEN, 1)));
    }

    @Test
    void headerLayoutMatchesTheGeneratedRecord() {
        MessageHeader h = new MessageHeader(0x20008086, 1, 212, 1, 0xFFFFFFFE, 2);
        byte[] viaCodec = codecs.encode(new org.jvirt.rpc.protocol.net.MessageHeader(0x20008086, 1, 212, 1,
                0xFFFFFFFE, 2));
        byte[] frame = Frames.encodeRaw(h, new byte[0]);
        assertArrayEquals(viaCodec, java.util.Arrays.copyOfRange(frame, 4, 28));
    }
}
