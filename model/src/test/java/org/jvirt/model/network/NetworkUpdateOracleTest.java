package org.jvirt.model.network;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.jvirt.core.VirException;

/** NetworkUpdate against real libvirt's test driver (net-update on a defined, inactive network). */
class NetworkUpdateOracleTest {
    private static final int FLOOR = 57;

    private static final String BASE = "<network><name>upd%d</name><uuid>0b2c6f5e-1c0a-4a3e-9a59-6b1e1f0c%04d</uuid>"
            + "<forward mode='nat'/><dns><txt name='a' value='b'/><host ip='10.0.0.7'><hostname>h7</hostname></host>"
            + "<srv service='ldap' protocol='tcp' domain='d' target='t' port='389'/></dns>"
            + "<ip address='10.0.0.1' prefix='24'><dhcp><range start='10.0.0.10' end='10.0.0.20'/>"
            + "<host mac='00:11:22:33:44:55' name='h1' ip='10.0.0.5'/></dhcp></ip>"
            + "<ip family='ipv6' address='2001:db8::1' prefix='64'/>"
            + "<portgroup name='p1' default='yes'/></network>";

    /** Each case: steps of "command|section|parentIndex|xml". */
    private static final List<List<String>> CASES = List.of(
            List.of("3|4|-1|<host mac='00:11:22:33:44:66' name='h2' ip='10.0.0.6'/>",
                    "4|4|0|<host name='h3' ip='10.0.0.8'/>",
                    "3|4|-1|<host mac='00:11:22:33:44:55' ip='10.0.0.9'/>",
                    "1|4|-1|<host mac='00:11:22:33:44:55' name='h1b' ip='10.0.0.5'/>",
                    "1|4|-1|<host mac='00:11:22:33:44:99' name='zz' ip='10.0.0.99'/>",
                    "2|4|-1|<host name='h3'/>",
                    "2|4|-1|<host name='nope'/>",
                    "3|4|5|<host name='x' ip='10.0.0.3'/>",
                    "3|4|-1|<range start='10.0.0.30' end='10.0.0.40'/>",
                    "3|4|1|<host name='v6' ip='2001:db8::5'/>",
                    "3|4|-1|<host name='v4' ip='2001:db8::5'/>",
                    "0|4|-1|<host name='x' ip='10.0.0.3'/>"),
            List.of("3|5|-1|<range start='10.0.0.30' end='10.0.0.40'/>",
                    "4|5|-1|<range start='10.0.0.30' end='10.0.0.40'/>",
                    "1|5|-1|<range start='10.0.0.50' end='10.0.0.60'/>",
                    "2|5|-1|<range start='10.0.0.10' end='10.0.0.20'/>",
                    "2|5|-1|<range start='10.0.0.10' end='10.0.0.20'/>",
                    "3|5|1|<range start='2001:db8::10' end='2001:db8::20'/>",
                    "3|5|-1|<range start='10.0.1.30' end='10.0.1.40'/>"),
            List.of("3|7|-1|<interface dev='eth0'/>",
                    "4|7|-1|<interface dev='eth1'/>",
                    "3|7|-1|<interface dev='eth0'/>",
                    "1|7|-1|<interface dev='eth0'/>",
                    "2|7|-1|<interface dev='eth1'/>",
                    "2|7|-1|<interface dev='eth9'/>",
                    "3|7|-1|<interface/>",
                    "3|7|-1|<iface dev='x'/>"),
            List.of("3|9|-1|<portgroup name='p2'/>",
                    "4|9|-1|<portgroup name='p3' default='yes'/>",
                    "1|9|-1|<portgroup name='p1' trustGuestRxFilters='yes'><vlan><tag id='4'/></vlan></portgroup>",
                    "3|9|-1|<portgroup name='p2'/>",
                    "2|9|-1|<portgroup name='p2'/>",
                    "2|9|-1|<portgroup name='p9'/>",
                    "1|9|-1|<portgroup name='p9'/>"),
            List.of("3|10|-1|<host ip='10.0.0.8'><hostname>h8</hostname></host>",
                    "4|10|-1|<host ip='10.0.0.7'><hostname>other</hostname></host>",
                    "2|10|-1|<host><hostname>h7</hostname></host>",
                    "2|10|-1|<host ip='10.9.9.9'/>",
                    "1|10|-1|<host ip='10.0.0.8'><hostname>h8</hostname></host>",
                    "3|10|-1|<host ip='10.0.0.9'/>"),
            List.of("3|11|-1|<txt name='c' value='d'/>",
                    "4|11|-1|<txt name='a' value='z'/>",
                    "2|11|-1|<txt name='a'/>",
                    "2|11|-1|<txt name='a'/>",
                    "1|11|-1|<txt name='c' value='e'/>"),
            List.of("3|12|-1|<srv service='http' protocol='tcp'/>",
                    "3|12|-1|<srv service='ldap' protocol='tcp'/>",
                    "2|12|-1|<srv protocol='tcp'/>",
                    "2|12|-1|<srv service='http'/>",
                    "2|12|-1|<srv service='ldap' protocol='udp'/>"),
            List.of("3|1|-1|<bridge name='x'/>", "3|2|-1|<domain name='x'/>", "3|3|-1|<ip address='1.2.3.4'/>",
                    "3|6|-1|<forward mode='route'/>", "3|8|-1|<pf dev='x'/>", "3|13|-1|<x/>",
                    "3|4|-1|<host mac='00:11:22:33:44:77' name='bad name' ip='10.0.0.77'/>"));

    @Test
    void testDriverAgreesWithOurUpdates() {
        List<String> docs = new ArrayList<>();
        for (int c = 0; c < CASES.size(); c++) {
            docs.add(String.format(BASE, c, c) + "\n@@@\n" + String.join("\n@@@\n", CASES.get(c)));
        }
        List<LibvirtOracle.Result> expected = LibvirtOracle.run("network-update", docs);
        NetworkDefParser parser = new NetworkDefParser();
        int k = 0;
        int ok = 0;
        int total = 0;
        StringBuilder report = new StringBuilder();
        for (int c = 0; c < CASES.size(); c++) {
            NetworkDef def = parser.parse(String.format(BASE, c, c));
            for (String step : CASES.get(c)) {
                String[] f = step.split("\\|", 4);
                String got;
                try {
                    def = NetworkUpdate.applyChecked(parser, def, Integer.parseInt(f[0]), Integer.parseInt(f[1]),
                            Integer.parseInt(f[2]), f[3], NetworkDefFormatter.INACTIVE);
                    got = NetworkDefFormatter.format(def, 0);
                } catch (VirException e) {
                    got = "ERR " + e.code() + " " + e.domain() + " " + e.getMessage();
                }
                LibvirtOracle.Result want = expected.get(k++);
                String wanted = want.xml() != null ? want.xml()
                        : "ERR " + want.code() + " " + want.domain() + " " + want.message();
                total++;
                if (wanted.equals(got)) {
                    ok++;
                } else {
                    report.append("case ").append(c).append(" step ").append(step).append("\n--- libvirt\n")
                            .append(wanted).append("\n--- jvirt\n").append(got).append("\n\n");
                }
            }
        }
        String summary = "network update oracle: " + ok + "/" + total + " agree\n";
        Corpora.report("network-update-oracle.txt", summary + report);
        System.out.print(summary);
        assertTrue(ok >= FLOOR, summary + report);
    }
}
