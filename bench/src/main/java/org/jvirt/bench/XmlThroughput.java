package org.jvirt.bench;

import java.util.concurrent.TimeUnit;
import org.jvirt.model.domain.DomainDefFormatter;
import org.jvirt.model.domain.DomainDefParser;
import org.jvirt.model.domain.ParseOptions;
import org.jvirt.model.network.NetworkDefFormatter;
import org.jvirt.model.network.NetworkDefParser;
import org.jvirt.model.nodedev.NodeDeviceFormatter;
import org.jvirt.model.nodedev.NodeDeviceParser;
import org.jvirt.model.secret.SecretDefFormatter;
import org.jvirt.model.secret.SecretDefParser;
import org.jvirt.model.storage.StoragePoolDef;
import org.jvirt.model.storage.StoragePoolFormatter;
import org.jvirt.model.storage.StoragePoolParser;
import org.jvirt.model.storage.StorageVolFormatter;
import org.jvirt.model.storage.StorageVolParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * XML parse + format throughput per document kind: one realistic document each, parsed and formatted back as a
 * driver does on define + dumpxml. Run with bench/xml-throughput.sh.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class XmlThroughput {
    static final String DOMAIN = """
            <domain type='test'>
              <name>bench</name>
              <uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>
              <memory unit='KiB'>1048576</memory>
              <vcpu placement='static'>2</vcpu>
              <os><type arch='x86_64'>hvm</type><boot dev='hd'/></os>
              <features><acpi/><apic/></features>
              <clock offset='utc'/>
              <devices>
                <disk type='file' device='disk'>
                  <driver name='qemu' type='qcow2'/>
                  <source file='/var/lib/images/bench.qcow2'/>
                  <target dev='vda' bus='virtio'/>
                </disk>
                <interface type='network'>
                  <mac address='52:54:00:12:34:56'/>
                  <source network='default'/>
                  <model type='virtio'/>
                </interface>
                <serial type='pty'><target port='0'/></serial>
                <console type='pty'><target type='serial' port='0'/></console>
                <graphics type='vnc' port='-1' autoport='yes'/>
                <memballoon model='virtio'/>
              </devices>
            </domain>
            """;
    static final String NETWORK = """
            <network>
              <name>default</name>
              <uuid>dd8fe884-6c02-601e-7551-cca97df1c5df</uuid>
              <forward mode='nat'/>
              <bridge name='virbr0' stp='on' delay='0'/>
              <ip address='192.168.122.1' netmask='255.255.255.0'>
                <dhcp>
                  <range start='192.168.122.2' end='192.168.122.254'/>
                  <host mac='52:54:00:00:00:01' name='a' ip='192.168.122.10'/>
                </dhcp>
              </ip>
            </network>
            """;
    static final String POOL = """
            <pool type='dir'>
              <name>default-pool</name>
              <uuid>dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566</uuid>
              <target><path>/var/lib/images</path><permissions><mode>0711</mode></permissions></target>
            </pool>
            """;
    static final String VOL = """
            <volume>
              <name>bench.qcow2</name>
              <capacity unit='G'>10</capacity>
              <allocation>0</allocation>
              <target><format type='qcow2'/></target>
            </volume>
            """;
    static final String SECRET = """
            <secret ephemeral='no' private='yes'>
              <uuid>0a81f5b2-8403-7b23-c8d6-21ccc2f80d6f</uuid>
              <usage type='volume'><volume>/var/lib/images/bench.qcow2</volume></usage>
            </secret>
            """;
    static final String NODEDEV = """
            <device>
              <name>scsi_host1</name>
              <parent>computer</parent>
              <capability type='scsi_host'>
                <host>1</host>
                <capability type='fc_host'>
                  <wwnn>2000000012341234</wwnn>
                  <wwpn>1000000012341234</wwpn>
                </capability>
              </capability>
            </device>
            """;

    private DomainDefParser domainParser;
    private NetworkDefParser networkParser;
    private StoragePoolParser poolParser;
    private StorageVolParser volParser;
    private SecretDefParser secretParser;
    private NodeDeviceParser nodedevParser;
    private StoragePoolDef pool;

    @Setup
    public void setup() {
        domainParser = new DomainDefParser();
        networkParser = new NetworkDefParser();
        poolParser = new StoragePoolParser();
        volParser = new StorageVolParser();
        secretParser = new SecretDefParser();
        nodedevParser = new NodeDeviceParser();
        pool = poolParser.parse(POOL);
    }

    @Benchmark
    public String domain() {
        return DomainDefFormatter.format(domainParser.parse(DOMAIN, ParseOptions.forTestDriver()), 0, -1);
    }

    @Benchmark
    public String network() {
        return NetworkDefFormatter.format(networkParser.parse(NETWORK), 0);
    }

    @Benchmark
    public String storagePool() {
        return new StoragePoolFormatter().format(poolParser.parse(POOL));
    }

    @Benchmark
    public String storageVol() {
        return new StorageVolFormatter().format(pool.type(), volParser.parse(pool, VOL, 0));
    }

    @Benchmark
    public String secret() {
        return SecretDefFormatter.format(secretParser.parse(SECRET), 0);
    }

    @Benchmark
    public String nodeDevice() {
        return new NodeDeviceFormatter().format(nodedevParser.parseExisting(NODEDEV));
    }
}
