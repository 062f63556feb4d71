package org.jvirt.qemu.driver;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.domain.DeviceKind;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDevice;
import org.jvirt.model.domain.XmlElem;
import org.jvirt.qemu.monitor.Json;
import org.jvirt.qemu.monitor.QmpException;
import org.jvirt.spi.DomainConsoles;
import org.jvirt.spi.Refs.DomainRef;
import org.jvirt.spi.StreamChannel;
import org.jvirt.spi.support.ByteArrayStream;

/**
 * virDomainOpenConsole (qemuDomainOpenConsole): a stream onto the host end of a pty console or serial port, so that
 * {@code virsh console} reaches the guest through jvirtd. One session per domain unless FORCE takes it over.
 */
final class QemuConsoles implements DomainConsoles {
    static final int CONSOLE_FORCE = 1;
    static final int CONSOLE_SAFE = 2;

    private final QemuDriver driver;

    QemuConsoles(QemuDriver driver) {
        this.driver = driver;
    }

    @Override
    public StreamChannel openConsole(DomainRef dom, String devName, int flags) {
        QemuErrors.checkFlags(flags, CONSOLE_FORCE | CONSOLE_SAFE, "qemuDomainOpenConsole");
        QemuDomainObj obj = driver.find(dom);
        DomainDef live;
        synchronized (obj) {
            if (!obj.isActive()) {
                throw QemuErrors.notRunning();
            }
            live = obj.live;
        }
        DomainDevice dev = find(live, devName);
        if (dev == null) {
            throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.QEMU, "cannot find character device "
                    + (devName == null ? "<null>" : devName));
        }
        XmlElem source = dev.xml().child("source");
        if (!"pty".equals(dev.type()) || source == null || source.attr("path") == null) {
            throw VirException.of(ErrorNumber.OPERATION_FAILED, ErrorDomain.QEMU, "character device "
                    + (devName == null ? "<null>" : devName) + " is not using a PTY");
        }
        PtyStream stream;
        synchronized (obj) {
            if (obj.console instanceof PtyStream open && !open.isClosed()) {
                if ((flags & CONSOLE_FORCE) == 0) {
                    throw VirException.of(ErrorNumber.OPERATION_FAILED, ErrorDomain.QEMU,
                            "Active console session exists for this domain");
                }
                open.abort();
            }
            try {
                stream = new PtyStream(Path.of(source.attr("path")));
            } catch (IOException e) {
                throw VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.QEMU, "Unable to open tty "
                        + source.attr("path") + ": " + e.getMessage());
            }
            obj.console = stream;
        }
        return stream;
    }

    /**
     * qemuDomainScreenshot: QEMU's {@code screendump} of the chosen video head into a private file, handed back as
     * a stream (PNG where QEMU can write it, else PPM) and removed.
     */
    @Override
    public Screenshot screenshot(DomainRef dom, int screen, int flags) {
        QemuErrors.checkFlags(flags, 0, "qemuDomainScreenshot");
        QemuDomainObj obj = driver.find(dom);
        DomainDef live;
        synchronized (obj) {
            if (!obj.isActive()) {
                throw QemuErrors.notRunning();
            }
            live = obj.live;
        }
        List<DomainDevice> videos = live.devices(DeviceKind.VIDEO);
        if (videos.isEmpty()) {
            throw QemuErrors.operationInvalid("no screens to take screenshot from");
        }
        if (screen < 0 || screen >= videos.size()) {
            throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.QEMU, "no such screen ID");
        }
        Path file;
        try {
            Files.createDirectories(driver.config.cacheDir());
            file = Files.createTempFile(driver.config.cacheDir(), "qemu.screendump.", null);
        } catch (IOException e) {
            throw VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.QEMU, "g_mkstemp(\""
                    + driver.config.cacheDir() + "/qemu.screendump.XXXXXX\") failed: " + e.getMessage());
        }
        try {
            String mime = "image/png";
            Json.Obj args = Json.object("filename", Json.of(file.toString()), "format", Json.of("png"));
            String alias = screen > 0 ? videos.get(screen).alias() : null;
            if (alias != null) {
                args = Json.object("filename", Json.of(file.toString()), "format", Json.of("png"),
                        "device", Json.of(alias));
            }
            try {
                QemuLifecycle.monitor(obj).execute("screendump", args, QemuProcess.QMP_TIMEOUT);
            } catch (QmpException.CommandFailed e) {
                // A QEMU without PNG support writes PPM, libvirt's older format.
                mime = "image/x-portable-pixmap";
                QemuLifecycle.qmp(obj, "screendump", alias == null ? Json.object("filename", Json.of(
                        file.toString())) : Json.object("filename", Json.of(file.toString()), "device",
                        Json.of(alias)));
            }
            return new Screenshot(mime, new ByteArrayStream(Files.readAllBytes(file), ErrorDomain.QEMU));
        } catch (IOException e) {
            throw VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.QEMU, "unable to open stream: "
                    + e.getMessage());
        } finally {
            QemuProcess.deleteQuietly(file);
        }
    }

    /** By alias (serial0, console0) when named, else the first console, else the first serial port. */
    static DomainDevice find(DomainDef live, String devName) {
        List<DomainDevice> consoles = live.devices(DeviceKind.CONSOLE);
        List<DomainDevice> serials = live.devices(DeviceKind.SERIAL);
        if (devName == null) {
            return !consoles.isEmpty() ? consoles.getFirst() : serials.isEmpty() ? null : serials.getFirst();
        }
        for (DomainDevice d : live.devices()) {
            if (devName.equals(d.alias())) {
                return d;
            }
        }
        for (String[] kind : new String[][] {{"serial", "S"}, {"console", "C"}, {"channel", "H"}}) {
            if (devName.startsWith(kind[0])) {
                try {
                    int i = Integer.parseInt(devName.substring(kind[0].length()));
                    List<DomainDevice> l = switch (kind[1]) {
                        case "S" -> serials;
                        case "C" -> consoles;
                        default -> live.devices(DeviceKind.CHANNEL);
                    };
                    return i >= 0 && i < l.size() ? l.get(i) : null;
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /**
     * The pty as a stream. Reads never block in read(2): a read blocked on a tty can be neither interrupted nor
     * closed away, so recv polls what is available (FIONREAD) and sleeps briefly between polls; QEMU closing its end
     * (the guest stopped) ends the stream.
     */
    static final class PtyStream implements StreamChannel {
        private final FileInputStream in;
        private final FileOutputStream out;
        private volatile boolean closed;

        PtyStream(Path pty) throws IOException {
            this.in = new FileInputStream(pty.toFile());
            this.out = new FileOutputStream(pty.toFile());
        }

        boolean isClosed() {
            return closed;
        }

        @Override
        public void send(byte[] data, int offset, int length) {
            try {
                out.write(data, offset, length);
            } catch (IOException e) {
                throw VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.QEMU, "cannot write to console: "
                        + e.getMessage());
            }
        }

        @Override
        public int recv(byte[] buf, int offset, int length) {
            while (!closed) {
                try {
                    int ready = in.available();
                    if (ready > 0) {
                        return in.read(buf, offset, Math.min(length, ready));
                    }
                } catch (IOException e) {
                    close();
                    return 0;
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 0;
                }
            }
            return 0;
        }

        @Override
        public void finish() {
            close();
        }

        @Override
        public void abort() {
            close();
        }

        private void close() {
            closed = true;
            try (in; out) {
                // both closed
            } catch (IOException e) {
                // nothing to do: the session is over
            }
        }
    }
}
