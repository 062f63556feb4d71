package org.jvirt.model.nwfilter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

class NWFilterDefTest {
    private final NWFilterDefParser parser = new NWFilterDefParser();

    private String roundTrip(String rule) {
        String xml = "<filter name='f'><uuid>5c6d49af-b071-6127-b4ec-6f8ed4b55335</uuid>" + rule + "</filter>";
        String out = NWFilterDefFormatter.format(parser.parse(xml), 0);
        return out.substring(out.indexOf("</uuid>\n") + 8, out.lastIndexOf("</filter>"));
    }

    @Test
    void matchNoSplitsTheElementWhereNegationChanges() {
        assertEquals("""
                  <rule action='drop' direction='in' priority='500'>
                    <tcp match='no' srcipaddr='10.0.0.1'/>
                    <tcp dstportstart='22'/>
                  </rule>
                """, roundTrip("<rule action='drop' direction='in'><tcp match='no' srcipaddr='10.0.0.1' "
                + "dstportstart='22'/></rule>"));
    }

    @Test
    void chainPriorityDefaultsFromTheChainPrefix() {
        String out = NWFilterDefFormatter.format(parser.parse(
                "<filter name='f' chain='ipv4-x'><uuid>5c6d49af-b071-6127-b4ec-6f8ed4b55335</uuid></filter>"), 0);
        assertEquals("<filter name='f' chain='ipv4-x' priority='-700'>\n"
                + "  <uuid>5c6d49af-b071-6127-b4ec-6f8ed4b55335</uuid>\n</filter>\n", out);
    }

    @Test
    void tcpFlagsStatesAndVariablesAreNormalised() {
        assertEquals("""
                  <rule action='accept' direction='out' priority='-100' statematch='false'>
                    <tcp srcipaddr='$IP[@2]' state='NEW,ESTABLISHED' flags='SYN,ACK/ALL'/>
                  </rule>
                """, roundTrip("<rule action='accept' direction='out' priority='-100' statematch='0'>"
                + "<tcp flags='ack,syn/ALL' state='established new' srcipaddr='$IP[@2]'/></rule>"));
    }

    @Test
    void badChainAndPriorityErrors() {
        VirException e = assertThrows(VirException.class, () -> parser.parse("<filter name='f' chain='foo'/>"));
        assertEquals(ErrorNumber.INVALID_ARG, e.code());
        assertEquals("invalid argument: Invalid chain name 'foo'. Please use a chain name called 'root' or any of "
                + "the following prefixes: mac, vlan, stp, arp, rarp, ipv4, ipv6", e.getMessage());
        e = assertThrows(VirException.class, () -> parser.parse("<filter name='f' priority='2000'/>"));
        assertEquals("invalid argument: Priority '2000' is outside valid range of [-1000,1000]", e.getMessage());
        e = assertThrows(VirException.class, () -> parser.parse(
                "<filter name='f'><rule action='drop' direction='in'><ip srcportstart='5'/></rule></filter>"));
        assertEquals("internal error: IP rule with port specification requires protocol specification with "
                + "protocol to be either one of tcp(6), udp(17), dccp(33), or sctp(132)", e.getMessage());
    }
}
