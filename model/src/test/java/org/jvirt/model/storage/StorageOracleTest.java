package org.jvirt.model.storage;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Real libvirt's test driver as the oracle: pool-define + pool-dumpxml of every corpus pool input, and vol-create +
 * vol-dumpxml in the default pool of every corpus volume input, against parse + the test driver's defaults + format.
 */
class StorageOracleTest {
    private static final long POOL_CAP = 107374182400L;

    /** Hand-written pools for the edges: defaults, refusals and attribute combinations. */
    private static final List<String> EXTRA_POOLS = List.of(
            "<pool type='fs'><name>e1</name><target><path>/x</path></target></pool>",
            "<pool type='fs'><name>e2</name><source><device path='/dev/sdb'/><format type='xfs'/></source>"
                    + "<target><path>/x/</path><permissions><mode>0</mode><owner>-1</owner><group>42</group>"
                    + "</permissions></target></pool>",
            "<pool type='netfs'><name>e3</name><source><host name='h' port='2049'/><dir path='//a//b/'/>"
                    + "<format type='glusterfs'/><protocol ver='4'/></source><target><path>/m</path></target></pool>",
            "<pool type='scsi'><name>e4</name><source><adapter type='fc_host' managed='yes' parent='p' "
                    + "parent_wwnn='20000000c9831b4b' parent_wwpn='10000000c9831b4b' "
                    + "parent_fabric_wwn='20000000c9831b4b' wwnn='20000000c9831b4b' wwpn='10000000c9831b4b'/>"
                    + "</source><target><path>/x</path></target></pool>",
            "<pool type='scsi'><name>e5</name><source><adapter type='scsi_host'><parentaddr unique_id='1'>"
                    + "<address domain='0x0000' bus='0x00' slot='0x1f' function='0x2'/></parentaddr></adapter>"
                    + "</source><target><path>/x</path></target></pool>",
            "<pool type='scsi'><name>e6</name><source><adapter name='host3'/></source>"
                    + "<target><path>/x</path></target></pool>",
            "<pool type='scsi'><name>e7</name><source><adapter type='fc_host' wwnn='zz' wwpn='10000000c9831b4b'/>"
                    + "</source><target><path>/x</path></target></pool>",
            "<pool type='dir'><name>a/b</name><target><path>/x</path></target></pool>",
            "<pool type='gluster'><name>e8</name><source><host name='h'/></source></pool>",
            "<pool type='iscsi-direct'><name>e9</name><source><host name='h'/><device path='iqn.x'/></source>"
                    + "</pool>",
            "<pool type='rbd'><name>e10</name><source><host name='h'/></source></pool>",
            "<pool type='rbd'><name>e11</name><source><host name='h'/><name>n</name><auth type='ceph' "
                    + "username='u'/></source></pool>",
            "<pool type='rbd'><name>e12</name><source><host name='h'/><name>n</name><auth username='u'>"
                    + "<secret usage='x'/></auth></source></pool>",
            "<pool type='iscsi'><name>e13</name><source><host name='h'/><device path='t'/><auth type='chap' "
                    + "username='u'><secret type='iscsi' usage='libvirtiscsi'/></auth><vendor name='v'/>"
                    + "</source><target><path>/dev/disk/by-path</path></target></pool>",
            "<pool type='disk'><name>e14</name><source><device path='/dev/sdc' part_separator='yes'/>"
                    + "<format type='gpt'/></source><target><path>/dev</path></target></pool>",
            "<pool type='disk'><name>e15</name><source><device path='/dev/sdc' part_separator='maybe'/>"
                    + "</source><target><path>/dev</path></target></pool>",
            "<pool type='logical'><name>e16</name><source><device path='/dev/sdd'/></source></pool>",
            "<pool type='zfs'><name>e17</name><source><name>tank</name></source></pool>",
            "<pool type='dir'><name>e18</name><target><path>/x</path><permissions><owner>4294967296</owner>"
                    + "</permissions></target></pool>",
            "<pool type='dir'><name>e19</name><uuid>  1234567812345678-1234567812345678</uuid>"
                    + "<target><path>/x</path></target><refresh><volume allocation='capacity'/></refresh></pool>",
            "<pool type='dir'><name>e20</name><target><path>/x</path></target><refresh>"
                    + "<volume allocation='bogus'/></refresh></pool>",
            "<pool type='vstorage'><name>e21</name><target><path>/v</path></target></pool>",
            "<pool type='mpath'><name>e22</name><target><path>/dev/mapper</path></target></pool>",
            "<pool type='sheepdog'><name>e23</name><source><host name='h' port='7000'/></source></pool>",
            "<pool type='netfs'><name>r1</name><source><dir path='/a'/></source><target><path>/m</path></target>"
                    + "</pool>",
            "<pool type='netfs'><name>r2</name><source><host name='h'/></source><target><path>/m</path></target>"
                    + "</pool>",
            "<pool type='fs'><name>r3</name><source/><target><path>/m</path></target></pool>",
            "<pool type='rbd'><name>r4</name><source><host name='h'/><name>n</name><auth type='ceph'>"
                    + "<secret usage='x'/></auth></source></pool>",
            "<pool type='rbd'><name>r5</name><source><host name='h'/><name>n</name><auth type='bad' "
                    + "username='u'><secret usage='x'/></auth></source></pool>",
            "<pool type='rbd'><name>r6</name><source><host/><name>n</name></source></pool>",
            "<pool type='disk'><name>r7</name><source><device/></source><target><path>/dev</path></target></pool>",
            "<pool type='netfs'><name>r8</name><source><host name='h'/><dir path='/a'/><protocol ver='4,1'/>"
                    + "</source><target><path>/m</path></target></pool>",
            "<pool type='scsi'><name>r9</name><source/><target><path>/x</path></target></pool>",
            "<pool type='scsi'><name>r10</name><source><adapter type='scsi_host'/></source>"
                    + "<target><path>/x</path></target></pool>",
            "<pool type='scsi'><name>r11</name><source><adapter type='fc_host' wwnn='20000000c9831b4b'/>"
                    + "</source><target><path>/x</path></target></pool>",
            "<pool type='scsi'><name>r12</name><source><adapter wwnn='20000000c9831b4b'/>"
                    + "</source><target><path>/x</path></target></pool>",
            "<pool type='scsi'><name>r13</name><source><adapter type='scsi_host'><parentaddr unique_id='-1'>"
                    + "<address domain='0' bus='0' slot='0' function='0'/></parentaddr></adapter></source>"
                    + "<target><path>/x</path></target></pool>",
            "<pool type='scsi'><name>r14</name><source><adapter type='fc_host' managed='maybe' "
                    + "wwnn='20000000c9831b4b' wwpn='10000000c9831b4b'/></source><target><path>/x</path></target>"
                    + "</pool>",
            "<pool type='dir'><name>r15</name><target><path>/x</path><permissions><owner>abc</owner>"
                    + "</permissions></target></pool>",
            "<pool type='dir'><name>r16</name><target><path>/x</path><permissions><group>-2</group>"
                    + "</permissions></target></pool>",
            "<pool type='dir'><name>r17</name><features><cow state='maybe'/></features>"
                    + "<target><path>/x</path></target></pool>",
            "<pool type='iscsi'><name>r18</name><source><host name='h'/><device path='t'/><auth type='chap' "
                    + "username='u'><secret uuid='nope'/></auth></source><target><path>/x</path></target></pool>",
            "<pool type='iscsi'><name>r19</name><source><host name='h'/><device path='t'/><auth type='chap' "
                    + "username='u'><secret/></auth></source><target><path>/x</path></target></pool>");

    @Test
    void poolDefineDumpxml() throws Exception {
        Path dir = CorpusSupport.corpora().resolve("storagepoolxml2xmlin");
        VirshOracle.assumeAvailable();
        List<Path> inputs = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            inputs.addAll(s.sorted().toList());
        }
        Path examples = Path.of(System.getProperty("jvirt.shared"), "reference/libvirt-9.0.0/examples/xml");
        for (String e : List.of("storage/pool-dir.xml", "storage/pool-fs.xml", "storage/pool-logical.xml",
                "storage/pool-netfs.xml")) {
            // test/testpool.xml is the test driver's own running default-pool: redefining it cannot be observed
            if (Files.exists(examples.resolve(e))) {
                inputs.add(examples.resolve(e));
            }
        }
        Path extra = Path.of("target", "storage-oracle-inputs").toAbsolutePath();
        Files.createDirectories(extra);
        for (int i = 0; i < EXTRA_POOLS.size(); i++) {
            Path f = extra.resolve("pool-extra-" + i + ".xml");
            Files.writeString(f, EXTRA_POOLS.get(i));
            inputs.add(f);
        }
        StoragePoolParser parser = new StoragePoolParser(false, UUID::randomUUID);
        StoragePoolFormatter formatter = new StoragePoolFormatter();
        List<String> steps = new ArrayList<>();
        List<StoragePoolDef> defs = new ArrayList<>();
        List<String> ourErrors = new ArrayList<>();
        for (Path in : inputs) {
            StoragePoolDef def;
            String err = null;
            try {
                def = parser.parse(Files.readString(in));
            } catch (org.jvirt.core.VirException e) {
                def = null;
                err = e.getMessage();
            }
            defs.add(def);
            ourErrors.add(err);
            String name = def == null ? "none" : def.name();
            steps.add("pool-define " + in + "; pool-dumpxml " + name + "; pool-undefine " + name);
        }
        Map<Integer, String> out = VirshOracle.run(steps);
        Map<Integer, String> errs = VirshOracle.run(steps.stream().map(st -> st.substring(0, st.indexOf(';')))
                .toList(), true);
        int total = 0;
        int ok = 0;
        List<String> report = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            StoragePoolDef def = defs.get(i);
            String expected = VirshOracle.xmlOf(out.getOrDefault(i, ""));
            if (def == null || def.uuid() == null || !expected.startsWith("<pool")) {
                // both refused, or a pool the oracle refused that we accepted
                if (def != null && !expected.startsWith("<pool")) {
                    report.add("ORACLE REFUSED " + inputs.get(i));
                } else if (def == null && expected.startsWith("<pool")) {
                    report.add("WE REFUSED " + inputs.get(i));
                } else if (def == null && !ourErrors.get(i).equals(VirshOracle.lastError(errs.get(i)))) {
                    report.add("ERROR TEXT " + inputs.get(i) + "\n  virsh: " + VirshOracle.lastError(errs.get(i))
                            + "\n  ours:  " + ourErrors.get(i));
                } else {
                    ok++;
                }
                total++;
                continue;
            }
            total++;
            String actual = formatter.format(def.withSizes(POOL_CAP, 0, POOL_CAP));
            if (expected.contains("<uuid>" + def.uuid() + "</uuid>") ? actual.equals(expected)
                    : actual.replaceAll("<uuid>.*</uuid>", "").equals(expected.replaceAll("<uuid>.*</uuid>", ""))) {
                ok++;
            } else {
                report.add("MISMATCH " + inputs.get(i) + "\n" + expected + "---\n" + actual);
            }
        }
        report.add(0, ok + "/" + total + " match");
        CorpusSupport.report("oracle-pool", report);
        System.out.println("oracle pool-define/dumpxml: " + ok + "/" + total);
        assertTrue(ok >= total, String.join("\n", report));
    }

    @Test
    void volCreateDumpxml() throws Exception {
        Path dir = CorpusSupport.corpora().resolve("storagevolxml2xmlin");
        VirshOracle.assumeAvailable();
        List<Path> inputs = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            inputs.addAll(s.sorted().toList());
        }
        Path examples = Path.of(System.getProperty("jvirt.shared"), "reference/libvirt-9.0.0/examples/xml");
        for (String e : List.of("storage/vol-cow.xml", "storage/vol-qcow.xml", "storage/vol-qcow2.xml",
                "storage/vol-raw.xml", "storage/vol-sparse.xml", "storage/vol-vmdk.xml", "test/testvol.xml")) {
            if (Files.exists(examples.resolve(e))) {
                inputs.add(examples.resolve(e));
            }
        }
        StoragePoolDef pool = new StoragePoolParser().parse("<pool type='dir'><name>default-pool</name>"
                + "<uuid>dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566</uuid><target><path>/default-pool</path></target>"
                + "</pool>");
        StorageVolParser parser = new StorageVolParser();
        StorageVolFormatter formatter = new StorageVolFormatter();
        List<String> steps = new ArrayList<>();
        List<StorageVolDef> defs = new ArrayList<>();
        for (Path in : inputs) {
            StorageVolDef def;
            try {
                def = parser.parse(pool, Files.readString(in), 0);
            } catch (RuntimeException e) {
                def = null;
            }
            defs.add(def);
            String name = def == null ? "none" : def.name();
            steps.add("vol-create default-pool " + in + "; vol-dumpxml --pool default-pool " + name
                    + "; vol-delete --pool default-pool " + name);
        }
        Map<Integer, String> out = VirshOracle.run(steps);
        int ok = 0;
        List<String> report = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            StorageVolDef def = defs.get(i);
            String expected = VirshOracle.xmlOf(out.getOrDefault(i, ""));
            boolean oracleOk = expected.startsWith("<volume");
            if (def == null || !oracleOk) {
                if ((def == null) == !oracleOk) {
                    ok++;
                } else {
                    report.add("DISAGREE " + inputs.get(i) + " oracle=" + oracleOk);
                }
                continue;
            }
            String path = "/default-pool/" + def.name();
            String actual = formatter.format(pool.type(), def.withKeyAndPath(path, path));
            if (actual.equals(expected)) {
                ok++;
            } else {
                report.add("MISMATCH " + inputs.get(i) + "\n" + expected + "---\n" + actual);
            }
        }
        report.add(0, ok + "/" + inputs.size() + " match");
        CorpusSupport.report("oracle-vol", report);
        System.out.println("oracle vol-create/dumpxml: " + ok + "/" + inputs.size());
        assertTrue(ok >= inputs.size(), String.join("\n", report));
    }

    @Test
    void errorCodesDomainsAndTexts() throws Exception {
        Path extra = Path.of("target", "storage-oracle-inputs").toAbsolutePath();
        Files.createDirectories(extra);
        List<Path> inputs = new ArrayList<>();
        for (int i = 0; i < EXTRA_POOLS.size(); i++) {
            Path f = extra.resolve("pool-extra-" + i + ".xml");
            Files.writeString(f, EXTRA_POOLS.get(i));
            inputs.add(f);
        }
        List<PyLibvirtOracle.Err> oracle = PyLibvirtOracle.run("pool", inputs);
        StoragePoolParser parser = new StoragePoolParser();
        List<org.jvirt.core.VirException> ours = new ArrayList<>();
        for (Path in : inputs) {
            try {
                parser.parse(Files.readString(in));
                ours.add(null);
            } catch (org.jvirt.core.VirException e) {
                ours.add(e);
            }
        }
        List<String> report = PyLibvirtOracle.compare(inputs, oracle, ours);
        CorpusSupport.report("oracle-pool-errors", report);
        assertTrue(report.isEmpty(), String.join("\n", report));
    }

    /** Volumes libvirt refuses while parsing (created in the test driver's default-pool). */
    private static final List<String> BAD_VOLS = List.of(
            "<volume><capacity>1</capacity></volume>",
            "<volume><name>v1</name></volume>",
            "<volume type='weird'><name>v2</name><capacity>1</capacity></volume>",
            "<volume><name>v3</name><capacity>x</capacity></volume>",
            "<volume><name>v4</name><capacity>1</capacity><allocation>-5</allocation></volume>",
            "<volume><name>v5</name><capacity unit='Q'>1</capacity></volume>",
            "<volume><name>v6</name><capacity unit='E'>16</capacity></volume>",
            "<volume><name>v7</name><capacity>1</capacity><target><format type='none'/></target></volume>",
            "<volume><name>v8</name><capacity>1</capacity><target><format type='qcow9'/></target></volume>",
            "<volume><name>v9</name><capacity>1</capacity><target><compat>1</compat></target></volume>",
            "<volume><name>v10</name><capacity>1</capacity><target><compat>a.b</compat></target></volume>",
            "<volume><name>v11</name><capacity>1</capacity><target><features><bogus/></features></target>"
                    + "</volume>",
            "<volume><name>v12</name><capacity>1</capacity><target><encryption/></target></volume>",
            "<volume><name>v13</name><capacity>1</capacity><target><encryption format='x'/></target></volume>",
            "<volume><name>v14</name><capacity>1</capacity><target><encryption format='luks'><secret "
                    + "uuid='f52a81b2-424e-490c-823d-6bd4235bc572'/></encryption></target></volume>",
            "<volume><name>v15</name><capacity>1</capacity><target><encryption format='luks'><secret "
                    + "type='pass' uuid='f52a81b2-424e-490c-823d-6bd4235bc572'/></encryption></target></volume>",
            "<volume><name>v16</name><capacity>1</capacity><target><encryption format='luks'><cipher "
                    + "size='256'/></encryption></target></volume>",
            "<volume><name>v17</name><capacity>1</capacity><target><encryption format='luks'><cipher "
                    + "name='aes'/></encryption></target></volume>",
            "<volume><name>v18</name><capacity>1</capacity><target><encryption format='luks'><cipher "
                    + "name='aes' size='x'/></encryption></target></volume>",
            "<volume><name>v19</name><capacity>1</capacity><target><encryption format='luks'><ivgen "
                    + "name='plain64'/></encryption></target></volume>",
            "<volume><name>v20</name><capacity>1</capacity><target><encryption format='luks'><cipher name='a' "
                    + "size='1'/><ivgen hash='x'/></encryption></target></volume>",
            "<volume><name>v21</name><capacity>1</capacity><target><encryption format='luks' engine='x'/>"
                    + "</target></volume>",
            "<volume><name>v22</name><capacity>1</capacity><target><permissions><mode>8</mode></permissions>"
                    + "</target></volume>",
            "<volume><name>v23</name><capacity>1</capacity><backingStore><path>/b</path><format type='zz'/>"
                    + "</backingStore></volume>",
            "<volume><name>v24</name><capacity>1</capacity><target><clusterSize unit='k'>-1</clusterSize>"
                    + "</target></volume>");

    @Test
    void volErrorCodesDomainsAndTexts() throws Exception {
        Path extra = Path.of("target", "storage-oracle-inputs").toAbsolutePath();
        Files.createDirectories(extra);
        List<Path> inputs = new ArrayList<>();
        for (int i = 0; i < BAD_VOLS.size(); i++) {
            Path f = extra.resolve("vol-bad-" + i + ".xml");
            Files.writeString(f, BAD_VOLS.get(i));
            inputs.add(f);
        }
        List<PyLibvirtOracle.Err> oracle = PyLibvirtOracle.run("vol", inputs);
        StoragePoolDef pool = new StoragePoolParser().parse("<pool type='dir'><name>default-pool</name>"
                + "<target><path>/default-pool</path></target></pool>");
        StorageVolParser parser = new StorageVolParser();
        List<org.jvirt.core.VirException> ours = new ArrayList<>();
        for (Path in : inputs) {
            try {
                parser.parse(pool, Files.readString(in), 0);
                ours.add(null);
            } catch (org.jvirt.core.VirException e) {
                ours.add(e);
            }
        }
        List<String> report = PyLibvirtOracle.compare(inputs, oracle, ours);
        CorpusSupport.report("oracle-vol-errors", report);
        assertTrue(report.isEmpty(), String.join("\n", report));
    }
}
