package org.jvirt.model.nwfilter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.VirException;

class NWFilterBindingDefTest {
    @Test
    void bindingRoundTripsWithSortedParameters() {
        String in = "<filterbinding><owner><name>g</name><uuid>11111111-2222-3333-4444-555555555555</uuid></owner>"
                + "<portdev name='vnet0'/><linkdev name='eth0'/><mac address='52:54:0:11:22:33'/>"
                + "<filterref filter='clean-traffic'><parameter name='IP' value='10.0.0.2'/>"
                + "<parameter name='CTRL' value='x'/><parameter name='IP' value='10.0.0.3'/>"
                + "<parameter name='BAD' value='a b'/></filterref></filterbinding>";
        assertEquals("""
                <filterbinding>
                  <owner>
                    <name>g</name>
                    <uuid>11111111-2222-3333-4444-555555555555</uuid>
                  </owner>
                  <portdev name='vnet0'/>
                  <linkdev name='eth0'/>
                  <mac address='52:54:00:11:22:33'/>
                  <filterref filter='clean-traffic'>
                    <parameter name='CTRL' value='x'/>
                    <parameter name='IP' value='10.0.0.2'/>
                    <parameter name='IP' value='10.0.0.3'/>
                  </filterref>
                </filterbinding>
                """, NWFilterBindingDef.format(NWFilterBindingDef.parse(in)));
    }

    @Test
    void missingFilterReference() {
        VirException e = assertThrows(VirException.class, () -> NWFilterBindingDef.parse(
                "<filterbinding><portdev name='v'/><owner><name>g</name>"
                        + "<uuid>11111111-2222-3333-4444-555555555555</uuid></owner>"
                        + "<mac address='52:54:00:11:22:33'/></filterbinding>"));
        assertEquals(ErrorDomain.NWFILTER, e.domain());
        assertEquals("internal error: filter binding has no filter reference", e.getMessage());
    }
}
