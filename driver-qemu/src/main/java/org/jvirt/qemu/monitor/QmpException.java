package org.jvirt.qemu.monitor;

import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

/**
 * Why a QMP command did not return. The variants are the cases a caller treats differently (qemu.qmp's
 * ExecuteError / ExecInterruptedError / timeout); each maps to the VirException libvirt reports for it.
 */
public abstract sealed class QmpException extends RuntimeException
        permits QmpException.CommandFailed, QmpException.Disconnected, QmpException.Timeout,
        QmpException.ProtocolError {
    private static final long serialVersionUID = 1L;

    QmpException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The error libvirt raises in the same situation. */
    public abstract VirException toVirException();

    /** QEMU answered {@code {"error": {"class": ..., "desc": ...}}}. */
    public static final class CommandFailed extends QmpException {
        private static final long serialVersionUID = 1L;
        private final String command;
        private final String errorClass;
        private final String desc;

        public CommandFailed(String command, String errorClass, String desc) {
            super("unable to execute QEMU command '" + command + "': " + desc, null);
            this.command = command;
            this.errorClass = errorClass;
            this.desc = desc;
        }

        public String command() {
            return command;
        }

        /** QAPI's ErrorClass: GenericError, CommandNotFound, DeviceNotActive, DeviceNotFound, KVMMissingCap. */
        public String errorClass() {
            return errorClass;
        }

        public String desc() {
            return desc;
        }

        /** qemuMonitorJSONCheckError: "internal error: unable to execute QEMU command 'X': DESC". */
        @Override
        public VirException toVirException() {
            return VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.QEMU, getMessage());
        }
    }

    /**
     * The connection ended (EOF, I/O error, or our own close) while the command was pending or before it was sent.
     * {@code eof} distinguishes QEMU going away from a local close.
     */
    public static final class Disconnected extends QmpException {
        private static final long serialVersionUID = 1L;
        private final String vmName;
        private final boolean eof;

        public Disconnected(String vmName, boolean eof, Throwable cause) {
            super(eof ? "End of file from qemu monitor (vm='" + vmName + "')" : "QEMU monitor was closed", cause);
            this.vmName = vmName;
            this.eof = eof;
        }

        public String vmName() {
            return vmName;
        }

        public boolean eof() {
            return eof;
        }

        @Override
        public VirException toVirException() {
            return VirException.of(ErrorNumber.OPERATION_FAILED, ErrorDomain.QEMU, getMessage());
        }
    }

    /** No reply within the caller's deadline; a late reply is dropped. */
    public static final class Timeout extends QmpException {
        private static final long serialVersionUID = 1L;

        public Timeout(String command, long millis) {
            super("QEMU command '" + command + "' got no reply within " + millis + " ms", null);
        }

        @Override
        public VirException toVirException() {
            return VirException.of(ErrorNumber.OPERATION_TIMEOUT, ErrorDomain.QEMU, getMessage());
        }
    }

    /** The peer broke the protocol: bad JSON, no greeting, a reply that is not an object. */
    public static final class ProtocolError extends QmpException {
        private static final long serialVersionUID = 1L;

        public ProtocolError(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public VirException toVirException() {
            return VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.QEMU, getMessage());
        }
    }
}
