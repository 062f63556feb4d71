package org.jvirt.driver.test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.spi.ConnectOps;

/** Connection-level answers of the test driver. */
final class TestConnectOps implements ConnectOps {
    /** VIR_DRV_FEATURE_* (libvirt_internal.h) the test driver claims in testConnectSupportsFeature. */
    /** VIR_DRV_FEATURE_* numbers (libvirt's internal enum, which travels on the wire). */
    static final int FEATURE_XML_MIGRATABLE = 8;
    static final int FEATURE_TYPED_PARAM_STRING = 9;
    static final int FEATURE_NETWORK_UPDATE_HAS_CORRECT_ORDER = 16;
    private static final Set<Integer> FEATURES = Set.of(FEATURE_XML_MIGRATABLE, FEATURE_TYPED_PARAM_STRING,
            FEATURE_NETWORK_UPDATE_HAS_CORRECT_ORDER);
    private static final String SYSINFO = """
            <sysinfo type='smbios'>
              <bios>
                <entry name='vendor'>LENOVO</entry>
                <entry name='version'>G4ETA1WW (2.61 )</entry>
                <entry name='date'>05/07/2014</entry>
                <entry name='release'>2.61</entry>
              </bios>
            </sysinfo>
            """;

    private final TestDriver driver;
    private final String uri;

    TestConnectOps(TestDriver driver, String uri) {
        this.driver = driver;
        this.uri = uri;
    }

    @Override
    public List<String> getCPUModelNames(String arch, int flags) {
        return TestCpuModels.modelNames(arch, flags);
    }

    @Override
    public String baselineCPU(List<String> xmlCPUs, int flags) {
        return driver.cpuOps.baselineCPU(xmlCPUs, flags);
    }

    @Override
    public String getType() {
        return "TEST";
    }

    /** The test driver reports hypervisor version 0.0.2. */
    @Override
    public long getVersion() {
        return 2;
    }

    /** As libvirt's virGetHostname: the real host's name. */
    @Override
    public String getHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            return env != null ? env : "localhost";
        }
    }

    @Override
    public String getURI() {
        return uri;
    }

    @Override
    public int getMaxVcpus(String type) {
        return 32;
    }

    @Override
    public String getCapabilities() {
        return TestCapabilities.format(driver.locked(() -> driver.cells));
    }

    @Override
    public String getSysinfo(int flags) {
        Errors.checkFlags(flags, 0, "testConnectGetSysinfo");
        return SYSINFO;
    }

    @Override
    public boolean supportsFeature(int feature) {
        return FEATURES.contains(feature);
    }

    @Override
    public boolean isEncrypted() {
        return false;
    }

    @Override
    public boolean isSecure() {
        return true;
    }

    @Override
    public boolean isAlive() {
        return true;
    }

    /** testConnectFindStoragePoolSources: fixed answers for "logical" and "netfs" (echoing the first host). */
    @Override
    public String findStoragePoolSources(String type, String srcSpec, int flags) {
        Errors.checkFlags(flags, 0, "testConnectFindStoragePoolSources");
        if (!List.of("dir", "fs", "netfs", "logical", "disk", "iscsi", "iscsi-direct", "scsi", "mpath", "rbd",
                "sheepdog", "gluster", "zfs", "vstorage").contains(type)) {
            throw org.jvirt.core.VirException.of(ErrorNumber.NO_SUPPORT, ErrorDomain.TEST,
                    "pool type '" + type + "' does not support source discovery");
        }
        return switch (type) {
            case "logical" -> """
                    <sources>
                      <source>
                        <device path='/dev/sda20'/>
                        <name>testvg1</name>
                        <format type='lvm2'/>
                      </source>
                      <source>
                        <device path='/dev/sda21'/>
                        <name>testvg2</name>
                        <format type='lvm2'/>
                      </source>
                    </sources>
                    """;
            case "netfs" -> {
                String host = srcSpec == null ? null : firstHost(srcSpec);
                if (host == null) {
                    throw Errors.of(ErrorNumber.INVALID_ARG, "hostname must be specified for netfs sources");
                }
                yield """
                        <sources>
                          <source>
                            <host name='%s'/>
                            <dir path='/testshare'/>
                            <format type='nfs'/>
                          </source>
                        </sources>
                        """.formatted(org.jvirt.model.xml.XmlWriter.escape(host));
            }
            default -> throw Errors.internal("unknown storage pool type " + type);
        };
    }

    private static String firstHost(String srcSpec) {
        org.jvirt.model.domain.XmlElem src = new GenericXml().parse(srcSpec, "(storage_source_specification)",
                "source");
        org.jvirt.model.domain.XmlElem host = src.child("host");
        return host == null ? null : host.attr("name");
    }
}
