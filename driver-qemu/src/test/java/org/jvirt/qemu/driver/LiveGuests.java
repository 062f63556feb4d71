package org.jvirt.qemu.driver;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jvirt.api.Domain;

/** Helpers shared by the real-guest tests of this package. */
final class LiveGuests {
    private LiveGuests() {}

    /** The host pty of the running domain's first serial port, as its live XML names it. */
    static Path pty(Domain d) {
        String xml = d.getXMLDesc(0);
        Matcher m = Pattern.compile("<serial type='pty'>\\s*<source path='([^']+)'").matcher(xml);
        assertTrue(m.find(), "live XML names the serial pty: " + xml);
        return Path.of(m.group(1));
    }
}
