package org.jvirt.qemu.monitor;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

/**
 * A client of the QEMU guest agent (libvirt's qemu_agent.c) over the host end of the guest's
 * {@code org.qemu.guest_agent.0} virtio-serial port. The wire is QMP's JSON, one object a line, but without a
 * greeting, ids or events, and the channel may hold stale replies of commands an earlier client gave up on (the
 * port outlives any one connection, and the guest side may restart at any time). So every command is preceded by
 * a resynchronisation: a 0xFF byte (which resets the agent's JSON parser), then {@code guest-sync-delimited} with a
 * fresh id; the agent answers with a 0xFF byte of its own followed by the id, and everything read before that
 * delimiter, or any reply with another id, is discarded. One command runs at a time, as libvirt's agent job does.
 */
public final class QemuAgent implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.jvirt.qemu.monitor");
    /** libvirt's QEMU_AGENT_WAIT_TIME: how long the sync before each command may take, in seconds. */
    public static final Duration SYNC_TIMEOUT = Duration.ofSeconds(5);
    /** VIR_DOMAIN_QEMU_AGENT_COMMAND_BLOCK / _DEFAULT / _NOWAIT (and VIR_DOMAIN_AGENT_RESPONSE_TIMEOUT_*). */
    public static final int TIMEOUT_BLOCK = -2;
    public static final int TIMEOUT_DEFAULT = -1;
    public static final int TIMEOUT_NOWAIT = 0;
    private static final byte DELIMITER = (byte) 0xFF;
    private static final Object DELIMITER_SEEN = new Object();
    private static final Object EOF = new Object();

    private final String vmName;
    private final SocketChannel channel;
    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final ReentrantLock commandLock = new ReentrantLock();
    private final AtomicLong syncId = new AtomicLong(System.currentTimeMillis());
    private final Runnable onEof;
    private final Thread reader;
    private volatile boolean running = true;

    private QemuAgent(String vmName, SocketChannel channel, Runnable onEof) {
        this.vmName = vmName;
        this.channel = channel;
        this.onEof = onEof;
        InputStream in = new BufferedInputStream(Channels.newInputStream(channel), 65536);
        this.reader = Thread.ofVirtual().name("qemu-agent-" + vmName).start(() -> readLoop(in));
    }

    /** Connects to the listening socket QEMU made for the channel; {@code onEof} runs once if the socket closes. */
    public static QemuAgent connect(String vmName, Path socket, Runnable onEof) {
        try {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                ch.close();
                throw e;
            }
            return new QemuAgent(vmName, ch, onEof);
        } catch (IOException e) {
            throw VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.QEMU,
                    "failed to connect to agent socket: " + e.getMessage());
        }
    }

    public boolean isRunning() {
        return running;
    }

    /**
     * The agent timeout in seconds as libvirt takes it (BLOCK, DEFAULT = {@link #SYNC_TIMEOUT}, NOWAIT, or a count
     * of seconds) as a wait; null means no limit.
     */
    public static Duration timeout(int seconds) {
        return switch (seconds) {
            case TIMEOUT_BLOCK -> null;
            case TIMEOUT_DEFAULT -> SYNC_TIMEOUT;
            default -> seconds < 0 ? SYNC_TIMEOUT : Duration.ofSeconds(seconds);
        };
    }

    /** Runs a command and returns its {@code "return"} value; an error reply raises libvirt's internal error. */
    public Json execute(String command, Json.Obj arguments, Duration timeout) {
        Json.Obj req = arguments == null ? Json.object("execute", command)
                : Json.object("execute", command, "arguments", arguments);
        Json.Obj reply = roundTrip(req.write(), timeout, true);
        return checkError(command, reply).get("return");
    }

    /**
     * virDomainQemuAgentCommand: {@code json} goes to the agent as given and the whole reply comes back as text; an
     * error reply is still an error, as in libvirt's qemuAgentArbitraryCommand.
     */
    public String executeRaw(String json, Duration timeout) {
        Json parsed;
        try {
            parsed = JsonParser.parse(json);
        } catch (RuntimeException e) {
            throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.QEMU, "cannot parse json " + json
                    + ": " + e.getMessage());
        }
        if (!(parsed instanceof Json.Obj o)) {
            throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.QEMU,
                    "Parsed JSON reply '" + json + "' isn't an object");
        }
        Json.Obj reply = roundTrip(o.write(), timeout, true);
        checkError(o.str("execute") == null ? "<unknown>" : o.str("execute"), reply);
        return reply.write();
    }

    /**
     * A command that answers nothing when it works (guest-shutdown, guest-suspend-*): it is sent and, for up to
     * {@code errorWait}, an error reply is still taken as its failure.
     */
    public void executeNoReply(String command, Json.Obj arguments, Duration errorWait) {
        Json.Obj req = arguments == null ? Json.object("execute", command)
                : Json.object("execute", command, "arguments", arguments);
        Json.Obj reply = roundTrip(req.write(), errorWait, false);
        if (reply != null) {
            checkError(command, reply);
        }
    }

    private static Json.Obj checkError(String command, Json.Obj reply) {
        Json.Obj err = reply.obj("error");
        if (err != null) {
            String desc = err.str("desc") != null ? err.str("desc") : err.str("class");
            throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.QEMU,
                    "unable to execute QEMU agent command '" + command + "': " + (desc == null ? "unknown error"
                            : desc));
        }
        if (!reply.has("return")) {
            throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.QEMU,
                    "unable to execute QEMU agent command '" + command + "': unknown error");
        }
        return reply;
    }

    /** Sync, send, and read the one reply; null only when {@code replyRequired} is false and none came. */
    private Json.Obj roundTrip(String request, Duration timeout, boolean replyRequired) {
        commandLock.lock();
        try {
            Duration syncWait = timeout != null && timeout.compareTo(SYNC_TIMEOUT) < 0 ? timeout : SYNC_TIMEOUT;
            sync(syncWait);
            write((request + "\n").getBytes(StandardCharsets.UTF_8));
            long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
            while (true) {
                Object o = take(deadline);
                if (o == null) {
                    if (!replyRequired) {
                        return null;
                    }
                    throw notResponding();
                }
                if (o == EOF) {
                    if (!replyRequired) {
                        return null;
                    }
                    throw disappeared();
                }
                if (o instanceof Json.Obj reply) {
                    return reply;
                }
            }
        } finally {
            commandLock.unlock();
        }
    }

    /** guest-sync-delimited with a 0xFF flush first; everything before the agent's own 0xFF is stale. */
    private void sync(Duration wait) {
        if (!running) {
            throw disappeared();
        }
        inbox.clear();
        long id = syncId.incrementAndGet();
        byte[] cmd = Json.object("execute", "guest-sync-delimited", "arguments", Json.object("id", Json.of(id)))
                .write().concat("\n").getBytes(StandardCharsets.UTF_8);
        byte[] buf = new byte[cmd.length + 1];
        buf[0] = DELIMITER;
        System.arraycopy(cmd, 0, buf, 1, cmd.length);
        write(buf);
        long deadline = System.nanoTime() + wait.toNanos();
        boolean delimited = false;
        while (true) {
            Object o = take(deadline);
            if (o == null) {
                throw notResponding();
            }
            if (o == EOF) {
                throw disappeared();
            }
            if (o == DELIMITER_SEEN) {
                delimited = true;
            } else if (delimited && o instanceof Json.Obj reply && reply.get("return") instanceof Json.Num n
                    && n.longValue() == id) {
                return;
            } else {
                LOG.log(System.Logger.Level.DEBUG, "agent of {0}: discarding {1}", vmName, o);
            }
        }
    }

    private Object take(long deadline) {
        try {
            if (deadline == Long.MAX_VALUE) {
                return inbox.take();
            }
            return inbox.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw notResponding();
        }
    }

    private void write(byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                channel.write(b);
            }
        } catch (IOException e) {
            throw VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.QEMU, "Unable to write to agent: "
                    + e.getMessage());
        }
    }

    /** VIR_ERR_AGENT_UNRESPONSIVE, "Guest agent is not responding: Guest agent not available for now". */
    private static VirException notResponding() {
        return VirException.of(ErrorNumber.AGENT_UNRESPONSIVE, ErrorDomain.QEMU,
                "Guest agent not available for now");
    }

    private static VirException disappeared() {
        return VirException.of(ErrorNumber.AGENT_UNSYNCED, ErrorDomain.QEMU,
                "Guest agent disappeared while executing command");
    }

    private void readLoop(InputStream in) {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        try {
            int c;
            while ((c = in.read()) >= 0) {
                if (c == 0xFF) {
                    line.reset();
                    inbox.add(DELIMITER_SEEN);
                } else if (c == '\n') {
                    String s = line.toString(StandardCharsets.UTF_8).strip();
                    line.reset();
                    if (!s.isEmpty()) {
                        inbox.add(parse(s));
                    }
                } else if (line.size() < QmpConnection.MAX_MESSAGE) {
                    line.write(c);
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "agent of {0}: {1}", vmName, e.getMessage());
        }
        boolean wasRunning = running;
        running = false;
        inbox.add(EOF);
        if (wasRunning && onEof != null) {
            onEof.run();
        }
    }

    /** A reply, or the raw text when it is not JSON (then only discarded). */
    private static Object parse(String s) {
        try {
            return JsonParser.parse(s) instanceof Json.Obj o ? o : s;
        } catch (RuntimeException e) {
            return s;
        }
    }

    /** Closes the socket; a command in progress fails. The EOF callback does not run for our own close. */
    @Override
    public void close() {
        running = false;
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing agent socket: {0}", e.getMessage());
        }
        if (reader != Thread.currentThread()) {
            try {
                reader.join(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
