package org.jvirt.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jvirt.cli.def.CmdDef;
import org.jvirt.cli.def.CommandTable;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.VirException;

/** jvirsh: virsh's command line on jvirt's API. */
public final class Jvirsh {
    private static final System.Logger LOG = System.getLogger(Jvirsh.class.getPackageName());
    static final String VERSION = "9.0.0";

    private final Ctl ctl;
    private final Map<String, Handler> handlers;
    private final Connector connector;

    private Jvirsh(Ctl ctl, Map<String, Handler> handlers, Connector connector) {
        this.ctl = ctl;
        this.handlers = new java.util.HashMap<>(handlers);
        this.connector = connector;
        this.handlers.put("connect", this::connect);
    }

    /** virsh's cmdConnect: drop the current connection and open the named (or current) URI. */
    private boolean connect(Ctl c, Cmd cmd) {
        String name = Options.string(c, cmd, "name");
        return reconnect(name, cmd.has("readonly"), true);
    }

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /**
     * Runs jvirsh as a process would, with the given streams: returns the exit code virsh would return.
     * Everything jvirsh prints goes through {@code out} and {@code err}; nothing here calls System.exit.
     */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        return run(args, in, out, err, Connectors.defaultConnector());
    }

    /** {@link #run(String[], InputStream, PrintStream, PrintStream)} with the given way to open connections. */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Connector connector) {
        try {
            return runChecked(args, in, out, err, connector);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int runChecked(String[] args, InputStream in, PrintStream out, PrintStream err,
                                  Connector connector) {
        CommandTable table = CommandTable.virsh();
        Ctl early = new Ctl(table, in, out, err, new Ctl.Options(null, false, false, false, 0, null, 0, 0, null));
        OptionState st = new OptionState();
        st.uri = System.getenv("VIRSH_DEFAULT_CONNECT_URI");
        int[] exit = {-1};
        int first;
        try {
            first = GlobalOptions.parse(args, f -> st.accept(f, early, table, exit));
        } catch (GlobalOptions.Failure e) {
            early.error(e.getMessage());
            return 1;
        }
        if (exit[0] >= 0) {
            return exit[0];
        }
        Ctl.Options opts = new Ctl.Options(st.uri, st.quiet, st.timing, st.readonly, st.debug, st.escape,
                st.keepaliveInterval, st.keepaliveCount, st.logFile);
        Ctl ctl = new Ctl(table, in, out, err, opts);
        Jvirsh sh = new Jvirsh(ctl, Commands.handlers(), connector);
        Parser parser = new Parser(table, ctl::error);
        List<String> rest = Arrays.asList(args).subList(first, args.length);
        Optional<List<Cmd>> cmds = Optional.of(List.of());
        if (!rest.isEmpty()) {
            cmds = rest.size() == 1 ? parser.parseString(rest.getFirst()) : parser.parseArgv(rest);
            if (cmds.isEmpty()) {
                return 1;
            }
        }
        try {
            // A connection named on the command line must work before anything runs; the default one is
            // opened when the first command needs it (it might be "connect" or "help").
            if (st.uri != null && !sh.reconnect(null, false, false)) {
                ctl.reportError();
                return 1;
            }
            if (!rest.isEmpty()) {
                return sh.runCommands(cmds.get()) ? 0 : 1;
            }
            ctl.interactive(true);
            new Shell(ctl, sh, parser).run();
            return 0;
        } finally {
            sh.disconnect();
        }
    }

    /** Global option values while getopt runs. */
    private static final class OptionState {
        String uri;
        boolean quiet;
        boolean timing;
        boolean readonly;
        int debug = 0;
        String escape = "^]";
        int keepaliveInterval = 5;
        int keepaliveCount = 6;
        String logFile;

        boolean accept(GlobalOptions.Found f, Ctl early, CommandTable table, int[] exit)
                throws GlobalOptions.Failure {
            String v = f.value();
            switch (f.opt()) {
                case 'c' -> uri = v;
                case 'd' -> {
                    Integer d = Numbers.parseInt(v, 10);
                    if (d == null) {
                        throw new GlobalOptions.Failure("option " + (f.isLong() ? "--debug" : "-d")
                                + " takes a numeric argument");
                    }
                    if (d < 0 || d > 4) {
                        early.errorf("ignoring debug level %d out of range [0-4]", d);
                    } else {
                        debug = d;
                    }
                }
                case 'e' -> {
                    if ((v.length() == 2 && v.charAt(0) == '^' && allowedEscape(v.charAt(1)))
                            || (v.length() == 1 && v.charAt(0) != '^')) {
                        escape = v;
                    } else {
                        throw new GlobalOptions.Failure("Invalid string '" + v + "' for escape sequence");
                    }
                }
                case 'h' -> {
                    early.print(Help.usage(table));
                    exit[0] = 0;
                    return false;
                }
                case 'k', 'K' -> {
                    String name = f.opt() == 'k' ? (f.isLong() ? "--keepalive-interval" : "-k")
                            : (f.isLong() ? "--keepalive-count" : "-K");
                    Integer k = Numbers.parseInt(v, 0);
                    if (k == null) {
                        throw new GlobalOptions.Failure("Invalid value for option " + name);
                    }
                    if (k < 0) {
                        throw new GlobalOptions.Failure("option " + name + " requires a positive integer argument");
                    }
                    if (f.opt() == 'k') {
                        keepaliveInterval = k;
                    } else {
                        keepaliveCount = k;
                    }
                }
                case 'l' -> logFile = v;
                case 'q' -> quiet = true;
                case 't' -> timing = true;
                case 'r' -> readonly = true;
                case 'v', 'V' -> {
                    if (f.opt() == 'v' && !"long".equals(v)) {
                        early.print(VERSION + "\n");
                    } else {
                        early.print(longVersion());
                    }
                    exit[0] = 0;
                    return false;
                }
                default -> throw new GlobalOptions.Failure("unknown option");
            }
            return true;
        }
    }

    private static boolean allowedEscape(char c) {
        return c == '@' || (c >= 'A' && c <= 'Z') || (c >= '[' && c <= '_') || (c >= 'a' && c <= 'z');
    }

    private static String longVersion() {
        return """
                Virsh command line tool of libvirt 9.0.0
                See web site at https://libvirt.org/

                Compiled with support for:
                 Hypervisors: QEMU/KVM LXC LibXL OpenVZ VMware VirtualBox ESX Test
                 Networking: Remote Network Bridging Interface udev Nwfilter
                 Storage: Dir Disk Filesystem SCSI Multipath iSCSI iSCSI-direct LVM RBD Gluster ZFS
                 Miscellaneous: Daemon Nodedev AppArmor SELinux Secrets Debug DTrace Readline
                """;
    }

    /**
     * Runs parsed commands in order (virsh's vshCommandRun): each failure is reported and the next command still
     * runs; the result is the last command's; {@code quit}/{@code exit} stop the sequence.
     */
    boolean runCommands(List<Cmd> cmds) {
        boolean ret = true;
        for (Cmd cmd : cmds) {
            long before = System.nanoTime();
            ret = runOne(cmd);
            long after = System.nanoTime();
            if (!ret) {
                ctl.reportError();
            }
            if (cmd.name().equals("quit") || cmd.name().equals("exit")) {
                return ret;
            }
            if (ctl.options().timing()) {
                ctl.printf("\n(Time: %.3f ms)\n\n", (after - before) / 1_000_000.0);
            } else {
                ctl.printExtra("\n");
            }
        }
        return ret;
    }

    private boolean runOne(Cmd cmd) {
        CmdDef def = cmd.def();
        try {
            if (def.needsConnection() && !ensureConnected()) {
                return false;
            }
            Handler h = handlers.get(def.name());
            if (h == null) {
                throw VirException.noSupport(def.name());
            }
            return h.run(ctl, cmd);
        } catch (Options.BadOption e) {
            return false;
        } catch (VirException e) {
            ctl.setLastError(e);
            return false;
        } catch (RuntimeException e) {
            // A bug below the API must not kill the shell: report it the way libvirt reports internal errors.
            LOG.log(System.Logger.Level.DEBUG, "command " + def.name() + " failed", e);
            ctl.setLastError(VirException.internal(ErrorDomain.NONE, String.valueOf(e)));
            return false;
        }
    }

    /** virsh's connection handler: (re)connect when there is no usable connection. */
    private boolean ensureConnected() {
        if (ctl.session() == null && !reconnect(null, false, false)) {
            return false;
        }
        if (ctl.session() == null) {
            ctl.error("no valid connection");
            return false;
        }
        return true;
    }

    /** virsh's virshReconnect: closes the current connection and opens {@code uri} (or the current one). */
    boolean reconnect(String uri, boolean readonly, boolean force) {
        if (!readonly && uri == null) {
            readonly = ctl.readonly();
        }
        disconnect();
        try {
            Session s = connector.open(uri != null ? uri : ctl.connectUri(), readonly);
            ctl.session(s);
        } catch (VirException e) {
            ctl.setLastError(e);
            ctl.error("failed to connect to the hypervisor");
            return false;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "connecting failed", e);
            ctl.setLastError(VirException.internal(ErrorDomain.NONE, String.valueOf(e)));
            ctl.error("failed to connect to the hypervisor");
            return false;
        }
        ctl.setConnect(uri != null ? uri : ctl.connectUri(), readonly);
        return true;
    }

    void disconnect() {
        Session s = ctl.session();
        if (s != null) {
            ctl.session(null);
            try {
                s.close();
            } catch (VirException e) {
                ctl.error("Failed to disconnect from the hypervisor");
            }
        }
    }
}
