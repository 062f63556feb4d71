package org.jvirt.driver.test;

import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDefFormatter;
import org.jvirt.model.domain.DomainDefParser;
import org.jvirt.model.domain.ParseOptions;

/** The one seam between the test driver and the domain XML model: parse with the test driver's options, format. */
final class DomainXml {
    private final DomainDefParser parser = new DomainDefParser();
    private final ParseOptions options = ParseOptions.forTestDriver();

    DomainDef parse(String xml) {
        return parser.parse(xml, options);
    }

    /** {@code id} is the running domain's id or -1. Flags are VIR_DOMAIN_XML_*. */
    String format(DomainDef def, int flags, int id) {
        return DomainDefFormatter.format(def, flags, id);
    }
}
