package org.jvirt.qemu.monitor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The named test double at the QMP edge (libvirt's tests/qemumonitortestutils.c): a unix-socket server that plays
 * QEMU's side from a script. It sends the greeting, then for each {@link Step.Expect} reads one command, checks its
 * name (and arguments, when the step has them) and answers with the scripted reply under the command's own id;
 * {@link Step.Event}, {@link Step.Hangup} and {@link Step.Silence} cover the error paths. A mismatch is answered
 * with a GenericError and recorded in {@link #failures()}, which a test asserts empty.
 */
public final class FakeQmpPeer implements AutoCloseable {

    public sealed interface Step {
        /** Read one command named {@code command}; {@code arguments} null means "any". Reply {@code reply}. */
        record Expect(String command, Json.Obj arguments, Json.Obj reply) implements Step {}

        /** Send an event now. */
        record Event(Json.Obj event) implements Step {}

        /** Send a raw line (malformed JSON for parser error paths). */
        record Raw(String line) implements Step {}

        /** Read one command and never answer it. */
        record Silence(String command) implements Step {}

        /** Close the connection. */
        record Hangup() implements Step {}
    }

    public static Json.Obj defaultGreeting() {
        return Json.object("QMP", Json.object("version",
                Json.object("qemu", Json.object("micro", 0, "minor", 2, "major", 7), "package", ""),
                "capabilities", List.of("oob")));
    }

    public static Json.Obj ret(Json value) {
        return Json.object("return", value);
    }

    public static Json.Obj error(String errorClass, String desc) {
        return Json.object("error", Json.object("class", errorClass, "desc", desc));
    }

    public static Json.Obj event(String name, Json.Obj data) {
        return Json.object("event", name, "data", data, "timestamp", Json.object("seconds", 1700000000L,
                "microseconds", 1234));
    }

    /**
     * Steps from a libvirt-style {@code .replies} file: a sequence of JSON objects, each command followed by its
     * reply; ids are ignored (the peer answers with the id it receives). Arguments are checked exactly.
     */
    public static List<Step> fromReplies(String text) {
        List<Json> values = JsonParser.parseSequence(text);
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            Json.Obj o = (Json.Obj) values.get(i);
            if (o.has("event")) {
                steps.add(new Step.Event(o));
                continue;
            }
            if (!o.has("execute") || i + 1 >= values.size()) {
                throw new IllegalArgumentException("entry " + i + " is not a command followed by a reply");
            }
            Json.Obj reply = withoutId((Json.Obj) values.get(++i));
            steps.add(new Step.Expect(o.str("execute"), o.obj("arguments") == null ? Json.object() : o.obj("arguments"),
                    reply));
        }
        return steps;
    }

    /** Formats (command, reply) pairs as a {@code .replies} file, the inverse of {@link #fromReplies}. */
    public static String toReplies(List<Json.Obj[]> exchanges) {
        StringBuilder b = new StringBuilder();
        for (Json.Obj[] e : exchanges) {
            b.append(e[0].write()).append("\n\n").append(e[1].write()).append("\n\n");
        }
        return b.toString();
    }

    private final ServerSocketChannel server;
    private final Path socket;
    private final Json.Obj greeting;
    private final List<Step> steps;
    private final List<Json.Obj> received = Collections.synchronizedList(new ArrayList<>());
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;
    private volatile SocketChannel client;

    private FakeQmpPeer(Path socket, Json.Obj greeting, List<Step> steps) throws IOException {
        this.socket = socket;
        this.greeting = greeting;
        this.steps = List.copyOf(steps);
        Files.deleteIfExists(socket);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        thread = Thread.ofVirtual().name("fake-qmp").start(this::serve);
    }

    public static FakeQmpPeer start(Path socket, List<Step> steps) throws IOException {
        return new FakeQmpPeer(socket, defaultGreeting(), steps);
    }

    public static FakeQmpPeer start(Path socket, Json.Obj greeting, List<Step> steps) throws IOException {
        return new FakeQmpPeer(socket, greeting, steps);
    }

    public Path socket() {
        return socket;
    }

    /** Every command received, in order. */
    public List<Json.Obj> received() {
        return List.copyOf(received);
    }

    /** Script mismatches; empty when the client did exactly what the script expected. */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    /** Waits for the script to finish (the client hung up or the script did). */
    public void awaitDone(Duration d) throws InterruptedException {
        thread.join(d);
    }

    private void serve() {
        try (SocketChannel c = server.accept()) {
            client = c;
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(c),
                    StandardCharsets.UTF_8), 65536);
            send(c, greeting.write());
            int i = 0;
            for (; i < steps.size(); i++) {
                Step s = steps.get(i);
                switch (s) {
                    case Step.Event e -> send(c, e.event().write());
                    case Step.Raw r -> send(c, r.line());
                    case Step.Hangup h -> {
                        return;
                    }
                    case Step.Silence si -> {
                        Json.Obj cmd = read(in);
                        if (cmd == null) {
                            failures.add("client hung up before '" + si.command() + "'");
                            return;
                        }
                        check(cmd, si.command(), null);
                    }
                    case Step.Expect ex -> {
                        Json.Obj cmd = read(in);
                        if (cmd == null) {
                            failures.add("client hung up before '" + ex.command() + "'");
                            return;
                        }
                        Json.Obj reply = check(cmd, ex.command(), ex.arguments()) ? ex.reply()
                                : error("GenericError", "unexpected command " + cmd.str("execute"));
                        send(c, withId(reply, cmd.get("id")).write());
                    }
                }
            }
            // Script done: anything more is unexpected, answered so the client does not hang.
            Json.Obj cmd;
            while ((cmd = read(in)) != null) {
                failures.add("unexpected command after end of script: " + cmd.write());
                send(c, withId(error("CommandNotFound", "The command " + cmd.str("execute") + " has not been found"),
                        cmd.get("id")).write());
            }
        } catch (IOException e) {
            // the client closed while we wrote: the script ends here
        }
    }

    private boolean check(Json.Obj cmd, String name, Json.Obj args) {
        String got = cmd.str("execute");
        if (!name.equals(got)) {
            failures.add("expected '" + name + "', got '" + got + "'");
            return false;
        }
        if (args != null) {
            Json.Obj gotArgs = cmd.obj("arguments") == null ? Json.object() : cmd.obj("arguments");
            if (!gotArgs.equals(args)) {
                failures.add("'" + name + "' arguments: expected " + args.write() + ", got " + gotArgs.write());
                return false;
            }
        }
        return true;
    }

    private Json.Obj read(BufferedReader in) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                return null;
            }
        } while (line.isBlank());
        Json.Obj o = (Json.Obj) JsonParser.parse(line);
        received.add(o);
        return o;
    }

    private static void send(SocketChannel c, String line) throws IOException {
        ByteBuffer b = ByteBuffer.wrap((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            c.write(b);
        }
    }

    private static Json.Obj withId(Json.Obj reply, Json id) {
        Map<String, Json> m = new LinkedHashMap<>(reply.members());
        if (id != null) {
            m.put("id", id);
        }
        return new Json.Obj(m);
    }

    private static Json.Obj withoutId(Json.Obj reply) {
        Map<String, Json> m = new LinkedHashMap<>(reply.members());
        m.remove("id");
        return new Json.Obj(m);
    }

    @Override
    public void close() throws IOException {
        SocketChannel c = client;
        if (c != null) {
            c.close();
        }
        server.close();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(socket);
    }
}
