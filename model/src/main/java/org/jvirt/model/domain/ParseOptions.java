package org.jvirt.model.domain;

import java.security.SecureRandom;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * What the calling driver brings to a parse: its post-parse defaults (libvirt's virDomainDefParserConfig and the
 * driver's post-parse callbacks) and the parse flags.
 *
 * @param defaultArch architecture set on {@code <os><type>} when absent (the test driver's is "i686"); null: none
 * @param virtTypes accepted domain types; empty accepts all of libvirt's types
 * @param inactive VIR_DOMAIN_DEF_PARSE_INACTIVE: ignore live-only data such as {@code id}
 * @param testDriver apply the test driver's post-parse and define-time defaults (disk buses, drive addresses,
 *        implicit controllers, serial/console pairing, graphics listens, video models, interface names)
 * @param random source for generated UUIDs and MAC addresses
 */
public record ParseOptions(String defaultArch, Set<String> virtTypes, boolean inactive, boolean testDriver,
                           RandomGenerator random) {

    public ParseOptions {
        virtTypes = Set.copyOf(virtTypes);
    }

    /** A hypervisor-neutral parse, as libvirt's genericxml2xml test configures it. */
    public static ParseOptions generic() {
        return new ParseOptions("x86_64", Set.of(), false, false, new SecureRandom());
    }

    /** The test driver's configuration (test:///default). */
    public static ParseOptions forTestDriver() {
        return new ParseOptions("i686", Set.of(), true, true, new SecureRandom());
    }

    public ParseOptions withInactive(boolean i) {
        return new ParseOptions(defaultArch, virtTypes, i, testDriver, random);
    }

    public ParseOptions withRandom(RandomGenerator r) {
        return new ParseOptions(defaultArch, virtTypes, inactive, testDriver, r);
    }
}
