package org.jvirt.rpc.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * libvirt's {@code ssh} transport as its remote driver does it: spawn {@code ssh}, which runs a shell command on the
 * remote host that connects its stdin/stdout to the daemon's unix socket ({@code nc -U} or
 * {@code virt-ssh-helper}). The RPC then flows over the child's pipes.
 *
 * @param host the remote host
 * @param port ssh port or null
 * @param user {@code -l} user or null
 * @param keyfile {@code keyfile=} or null
 * @param noVerify {@code no_verify=1}: {@code StrictHostKeyChecking=no}
 * @param noTty {@code no_tty=1}: {@code BatchMode=yes}
 * @param netcat {@code netcat=} binary, null for "nc"
 * @param socket {@code socket=} path on the remote host
 * @param proxy {@code proxy=}: "auto" (virt-ssh-helper when installed, else netcat), "netcat" or "native"
 * @param uri the URI virt-ssh-helper is given in native/auto mode
 */
public record SshTransport(String host, String port, String user, String keyfile, boolean noVerify, boolean noTty,
                           String netcat, String socket, String proxy, String uri) {

    /** The ssh argv, in the order libvirt's {@code virNetSocketNewConnectSSH} builds it. */
    public List<String> command() {
        return command("ssh");
    }

    /** The argv with another ssh binary (a wrapper adding options, in tests). */
    public List<String> command(String sshBinary) {
        List<String> argv = new ArrayList<>();
        argv.add(sshBinary);
        if (port != null) {
            argv.addAll(List.of("-p", port));
        }
        if (user != null) {
            argv.addAll(List.of("-l", user));
        }
        if (keyfile != null) {
            argv.addAll(List.of("-i", keyfile));
        }
        argv.addAll(List.of("-T", "-e", "none"));
        if (noTty) {
            argv.addAll(List.of("-o", "BatchMode=yes"));
        }
        if (noVerify) {
            argv.addAll(List.of("-o", "StrictHostKeyChecking=no"));
        }
        argv.addAll(List.of("--", host, "sh", "-c", remoteCommand()));
        return argv;
    }

    /** The remote shell command (virNetClientSSHHelperCommand): netcat with -q0 when it has it, or the helper. */
    public String remoteCommand() {
        String nc = quote(netcat == null ? "nc" : netcat);
        String ncCmd = "if " + nc + " -q 2>&1 | grep \"requires an argument\" >/dev/null 2>&1; then ARG=-q0;"
                + "else ARG=;fi;exec " + nc + " $ARG -U " + quote(socket);
        String helper = "virt-ssh-helper " + quote(uri == null ? "qemu:///system" : uri);
        String mode = proxy == null ? "auto" : proxy;
        String cmd = switch (mode) {
            case "netcat" -> ncCmd;
            case "native" -> "exec " + helper;
            default -> "which virt-ssh-helper 1>/dev/null 2>&1; if test $? = 0; then exec " + helper + "; else "
                    + ncCmd + "; fi";
        };
        // ssh joins its arguments with spaces and the remote login shell splits them again: quote once more.
        return quote(cmd);
    }

    /** Single-quotes for sh: 'a'\''b'. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** Starts ssh; its stderr goes to ours so that password prompts and host-key questions reach the user. */
    public Connection connect() throws IOException {
        return connect("ssh");
    }

    /** Starts {@code sshBinary} instead of ssh. */
    public Connection connect(String sshBinary) throws IOException {
        Process p = new ProcessBuilder(command(sshBinary)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new ProcessConnection(p, "ssh", host);
    }

    /** The RPC over a child process's stdin/stdout. */
    static final class ProcessConnection implements Connection {
        private final Process process;
        private final String transport;
        private final String peer;

        ProcessConnection(Process process, String transport, String peer) {
            this.process = process;
            this.transport = transport;
            this.peer = peer;
        }

        @Override
        public InputStream input() {
            return process.getInputStream();
        }

        @Override
        public OutputStream output() {
            return process.getOutputStream();
        }

        @Override
        public String transport() {
            return transport;
        }

        @Override
        public String peer() {
            return peer;
        }

        @Override
        public void close() {
            try {
                process.getOutputStream().close();
            } catch (IOException ignored) {
                // The child may already be gone.
            }
            process.destroy();
        }
    }
}
