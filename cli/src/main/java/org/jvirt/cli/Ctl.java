package org.jvirt.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.jvirt.cli.def.CommandTable;
import org.jvirt.core.VirException;

/**
 * The state one jvirsh run carries from command to command (virsh's vshControl plus virshControl): output streams,
 * the global options, the pending libvirt error and the hypervisor connection.
 */
public final class Ctl {
    private final CommandTable table;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Options options;
    private boolean interactive;
    private boolean readonly;
    private String connectUri;
    private Path cwd;
    private VirException lastError;
    private Session session;

    /** The global options jvirsh was started with. */
    public record Options(String connectUri, boolean quiet, boolean timing, boolean readonly, int debug,
                          String escape, int keepaliveInterval, int keepaliveCount, String logFile) {}

    public Ctl(CommandTable table, InputStream in, PrintStream out, PrintStream err, Options options) {
        this.table = table;
        this.in = in;
        this.out = out;
        this.err = err;
        this.options = options;
        this.readonly = options.readonly();
        this.connectUri = options.connectUri();
        this.cwd = Path.of("").toAbsolutePath();
    }

    public CommandTable table() {
        return table;
    }

    public InputStream in() {
        return in;
    }

    public PrintStream out() {
        return out;
    }

    public Options options() {
        return options;
    }

    public boolean quiet() {
        return options.quiet();
    }

    public boolean interactive() {
        return interactive;
    }

    void interactive(boolean value) {
        interactive = value;
    }

    public boolean readonly() {
        return readonly;
    }

    public String connectUri() {
        return connectUri;
    }

    /**
     * jvirsh's current directory: the JVM cannot change its own, so {@code cd} moves this one and commands resolve
     * file names against it.
     */
    public Path cwd() {
        return cwd;
    }

    public void cwd(Path dir) {
        cwd = dir;
    }

    /** A file name as the user typed it, resolved against {@link #cwd()}. */
    public Path file(String name) {
        return cwd.resolve(name);
    }

    /** virsh's vshPrint: always printed. */
    public void print(String s) {
        out.print(s);
    }

    /** virsh's vshPrint with a format. */
    public void printf(String format, Object... args) {
        out.print(String.format(format, args));
    }

    /** virsh's vshPrintExtra: suppressed by {@code -q}. */
    public void printExtra(String s) {
        if (!options.quiet()) {
            out.print(s);
        }
    }

    /** virsh's vshError: "error: " and the message on stderr, newline-terminated. */
    public void error(String message) {
        out.flush();
        err.print("error: ");
        err.print(message);
        if (message.isEmpty() || message.charAt(message.length() - 1) != '\n') {
            err.print('\n');
        }
        err.flush();
    }

    public void errorf(String format, Object... args) {
        error(String.format(format, args));
    }

    /** Remembers a libvirt error to be reported once the command fails (virsh's last_error). */
    public void setLastError(VirException e) {
        lastError = e;
    }

    public VirException lastError() {
        return lastError;
    }

    /** virsh's vshResetLibvirtError: forget the pending error (e.g. after a lookup fallback). */
    public void resetError() {
        lastError = null;
    }

    /** virsh's vshReportError: prints the pending libvirt error, if any, and clears it. */
    void reportError() {
        if (lastError != null) {
            error(lastError.getMessage());
        }
        lastError = null;
    }

    /** The open session, connecting first if needed (virsh's connection handler); null after reporting failure. */
    public Session session() {
        return session;
    }

    /** The connection of the open session (commands run only once connected). */
    public org.jvirt.api.Connect conn() {
        return session.conn();
    }

    void session(Session s) {
        session = s;
    }

    void setConnect(String uri, boolean ro) {
        connectUri = uri;
        readonly = ro;
    }
}
