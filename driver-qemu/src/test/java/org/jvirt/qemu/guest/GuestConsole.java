package org.jvirt.qemu.guest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A guest's serial console as lines: read from a unix socket (QEMU {@code -serial unix:...,server}), a pty, or a
 * file QEMU writes ({@code -serial file:}, a chardev {@code logfile=}). A reader thread collects lines; tests wait
 * for the next line matching a predicate, each wait continuing after the line the previous one matched, so the
 * order of the protocol is checked too.
 */
public final class GuestConsole implements AutoCloseable {
    private static final Duration FILE_POLL = Duration.ofMillis(50);

    private final Object lock = new Object();
    private final List<String> lines = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final OutputStream out;
    private final AutoCloseable resource;
    private final Thread reader;
    private int cursor;
    private boolean closed;
    private IOException failure;

    private GuestConsole(InputStream in, OutputStream out, AutoCloseable resource) {
        this.out = out;
        this.resource = resource;
        this.reader = Thread.ofVirtual().name("guest-console").start(() -> pump(in));
    }

    /** Connects to QEMU's listening console socket, retrying until it appears (QEMU creates it at start). */
    public static GuestConsole connectUnix(Path socket, Duration timeout) throws IOException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
                return new GuestConsole(Channels.newInputStream(ch), Channels.newOutputStream(ch), ch);
            } catch (IOException e) {
                ch.close();
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("console socket " + socket + " not connectable: " + e.getMessage());
                }
                sleep(Duration.ofMillis(20));
            }
        }
    }

    /** Opens a pty (e.g. {@code /dev/pts/5} that QEMU or libvirt reported) for reading and writing. */
    public static GuestConsole openPty(Path pty) throws IOException {
        // Never block in read(2) on a tty: a blocked read can be neither interrupted nor closed away, and would
        // keep eating the guest's output after close. available() (FIONREAD) says what can be read at once; the pump
        // polls on 0 as it does for a file tail. Reads and writes use separate descriptors.
        java.io.FileInputStream raw = new java.io.FileInputStream(pty.toFile());
        java.io.FileOutputStream out = new java.io.FileOutputStream(pty.toFile());
        InputStream in = new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int ready = raw.available();
                return ready <= 0 ? 0 : raw.read(b, off, Math.min(len, ready));
            }

            @Override
            public void close() throws IOException {
                try (raw; out) {
                    // closes both
                }
            }
        };
        return new GuestConsole(in, out, in);
    }

    /** Follows a file that QEMU appends console output to; it may not exist yet. Read-only. */
    public static GuestConsole tailFile(Path file) {
        InputStream in = new InputStream() {
            private RandomAccessFile f;

            @Override
            public int read() throws IOException {
                byte[] b = new byte[1];
                return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (f == null) {
                    if (!Files.exists(file)) {
                        return 0;
                    }
                    f = new RandomAccessFile(file.toFile(), "r");
                }
                return Math.max(0, f.read(b, off, len));
            }

            @Override
            public void close() throws IOException {
                if (f != null) {
                    f.close();
                }
            }
        };
        return new GuestConsole(in, null, in);
    }

    private void pump(InputStream in) {
        byte[] buf = new byte[4096];
        try {
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                if (n == 0) {
                    // Only the file tail returns 0: nothing new yet.
                    if (isClosed()) {
                        break;
                    }
                    sleep(FILE_POLL);
                    continue;
                }
                accept(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            }
        } catch (IOException e) {
            synchronized (lock) {
                if (!closed) {
                    failure = e;
                }
            }
        } finally {
            synchronized (lock) {
                if (!partial.isEmpty()) {
                    lines.add(partial.toString());
                    partial.setLength(0);
                }
                closed = true;
                lock.notifyAll();
            }
        }
    }

    private void accept(String chunk) {
        synchronized (lock) {
            for (int i = 0; i < chunk.length(); i++) {
                char c = chunk.charAt(i);
                if (c == '\n') {
                    lines.add(partial.toString());
                    partial.setLength(0);
                } else if (c != '\r') {
                    partial.append(c);
                }
            }
            lock.notifyAll();
        }
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /**
     * Waits for the next line (after the last one matched) that satisfies {@code match}, and returns it. Throws
     * {@link TimeoutException} with the console's tail when it does not come in time or the console closes.
     */
    public String await(Predicate<String> match, Duration timeout, String what) throws TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                while (cursor < lines.size()) {
                    String l = lines.get(cursor++);
                    if (match.test(l)) {
                        return l;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) {
                    throw new TimeoutException((closed ? "console closed" : "timed out after " + timeout)
                            + " waiting for " + what + (failure != null ? " (" + failure + ")" : "")
                            + "; console tail:\n" + tail(30));
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new TimeoutException("interrupted waiting for " + what);
                }
            }
        }
    }

    /** Waits for the next line equal to {@code line}. */
    public String awaitLine(String line, Duration timeout) throws TimeoutException {
        return await(line::equals, timeout, "'" + line + "'");
    }

    /** Waits for the next line starting with {@code prefix}. */
    public String awaitPrefix(String prefix, Duration timeout) throws TimeoutException {
        return await(l -> l.startsWith(prefix), timeout, "a line starting with '" + prefix + "'");
    }

    /** Every complete line so far. */
    public List<String> lines() {
        synchronized (lock) {
            return List.copyOf(lines);
        }
    }

    /** Lines matched or skipped so far by waits, i.e. those before the cursor, that start with {@code prefix}. */
    public List<String> seen(String prefix) {
        synchronized (lock) {
            return lines.subList(0, cursor).stream().filter(l -> l.startsWith(prefix)).toList();
        }
    }

    public String tail(int n) {
        synchronized (lock) {
            return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()))
                    + (partial.isEmpty() ? "" : "\n" + partial);
        }
    }

    /** Types one line on the console; the guest's console shell evals it. */
    public void send(String line) {
        if (out == null) {
            throw new IllegalStateException("a file console is read-only");
        }
        try {
            synchronized (out) {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        try {
            resource.close();
        } catch (Exception e) {
            // Closing the stream is only to stop the reader; nothing more to do.
        }
        reader.interrupt();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
