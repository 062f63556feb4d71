package org.jvirt.spi;

import org.jvirt.spi.Refs.DomainRef;

/** Byte streams into a running domain: console, channels, screenshots. Each returns the driver's end of a stream. */
public interface DomainConsoles {
    default StreamChannel openConsole(DomainRef dom, String devName, int flags) {
        throw Unsupported.of("virDomainOpenConsole");
    }

    default StreamChannel openChannel(DomainRef dom, String name, int flags) {
        throw Unsupported.of("virDomainOpenChannel");
    }

    /** {@code virDomainScreenshot}: the MIME type and the image as a stream. */
    record Screenshot(String mimeType, StreamChannel data) {}

    default Screenshot screenshot(DomainRef dom, int screen, int flags) {
        throw Unsupported.of("virDomainScreenshot");
    }
}
