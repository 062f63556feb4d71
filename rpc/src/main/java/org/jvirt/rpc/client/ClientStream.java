package org.jvirt.rpc.client;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.rpc.stream.StreamEndpoint;
import org.jvirt.rpc.wire.Frames;
import org.jvirt.rpc.wire.Message;
import org.jvirt.rpc.wire.MessageHeader;
import org.jvirt.rpc.wire.MessageStatus;
import org.jvirt.rpc.wire.MessageType;

/**
 * The client's end of a stream ({@code virnetclientstream.c}): {@link #write} sends data packets (status CONTINUE),
 * {@link #read} takes what the server sent (0 at its empty OK packet), {@link #finish} sends OK and waits for the
 * server's confirmation, {@link #abort} sends ERROR. Received data waits in a bounded queue: when the reader of
 * this end falls behind, the connection's reader blocks, and TCP holds the server back.
 */
final class ClientStream implements StreamEndpoint {
    private static final Object EOF = new Object();

    private final RpcClient client;
    private final MessageHeader call;
    private final BlockingQueue<Object> incoming = new ArrayBlockingQueue<>(16);
    private volatile CompletableFuture<Message> confirm;
    private volatile VirException error;
    private volatile boolean finished;
    private byte[] current;
    private int currentPos;
    private boolean eof;

    ClientStream(RpcClient client, MessageHeader call) {
        this.client = client;
        this.call = call;
    }

    /** A packet for this stream from the reader thread. */
    void packet(Message m) throws InterruptedException {
        MessageHeader h = m.header();
        CompletableFuture<Message> c = confirm;
        if (h.status() == MessageStatus.CONTINUE.code() && h.type() == MessageType.STREAM.code()) {
            if (c == null) {
                // libvirtd ends a download with an empty CONTINUE packet (seen on the wire from 9.0.0).
                incoming.put(m.payload().length == 0 ? EOF : m.payload());
            }
            return;
        }
        if (h.status() == MessageStatus.ERROR.code()) {
            VirException e;
            try {
                e = m.error(client.codecs());
            } catch (VirException bad) {
                e = bad;
            }
            error = e;
            if (c != null) {
                c.completeExceptionally(e);
            } else {
                incoming.offer(e);
            }
            client.streamDone(call.serial());
            return;
        }
        if (c != null) {
            c.complete(m);
        } else {
            incoming.put(EOF);
        }
    }

    void closed(VirException cause) {
        if (error == null) {
            error = cause;
        }
        CompletableFuture<Message> c = confirm;
        if (c != null) {
            c.completeExceptionally(cause);
        }
        incoming.offer(cause);
    }

    @Override
    public void write(byte[] data, int offset, int length) {
        if (error != null) {
            throw error;
        }
        if (finished) {
            throw VirException.of(ErrorNumber.RPC, ErrorDomain.RPC, "stream is closed");
        }
        int pos = offset;
        int end = offset + length;
        while (pos < end) {
            int n = Math.min(RpcClient.STREAM_CHUNK, end - pos);
            byte[] chunk = java.util.Arrays.copyOfRange(data, pos, pos + n);
            client.send(Frames.encodeRaw(call.with(MessageType.STREAM, MessageStatus.CONTINUE), chunk));
            pos += n;
        }
    }

    @Override
    public int read(byte[] buf, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        while (current == null || currentPos == current.length) {
            if (eof) {
                return 0;
            }
            Object o;
            try {
                o = incoming.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.RPC, "interrupted");
            }
            if (o == EOF) {
                eof = true;
                return 0;
            }
            if (o instanceof VirException e) {
                throw e;
            }
            current = (byte[]) o;
            currentPos = 0;
        }
        int n = Math.min(length, current.length - currentPos);
        System.arraycopy(current, currentPos, buf, offset, n);
        currentPos += n;
        return n;
    }

    @Override
    public void finish() {
        if (finished) {
            return;
        }
        if (error != null) {
            throw error;
        }
        finished = true;
        Message reply = end(MessageStatus.OK, true);
        if (reply != null && reply.header().status() == MessageStatus.ERROR.code()) {
            throw reply.error(client.codecs());
        }
    }

    @Override
    public void abort() {
        if (finished) {
            return;
        }
        finished = true;
        try {
            end(MessageStatus.ERROR, false);
        } catch (VirException ignored) {
            // Aborting: the connection may be gone already; nothing to report.
        }
    }

    /** Sends the closing packet and waits for the server's confirmation. */
    private Message end(MessageStatus status, boolean strict) {
        CompletableFuture<Message> c = new CompletableFuture<>();
        confirm = c;
        try {
            client.send(Frames.encodeRaw(call.with(MessageType.STREAM, status), new byte[0]));
            return strict ? c.get() : c.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.RPC, "interrupted");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof VirException v ? v : client.cause();
        } catch (TimeoutException e) {
            return null;
        } finally {
            client.streamDone(call.serial());
        }
    }
}
