package org.jvirt.qemu.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jvirt.qemu.command.QemuCommandBuilderTest.after;

import java.util.List;
import java.util.Set;

import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.domain.DeviceKind;
import org.jvirt.model.domain.DomainDef;
import org.junit.jupiter.api.Test;

/** virtiofs and virtio-9p filesystems, the TPM backends, and the virtiofsd command line, without the corpus. */
class QemuFilesystemsTest {

    private static final QemuBuildContext LIVE = new QemuBuildContext("/usr/bin/qemu-system-x86_64", 7,
            "/var/lib/jvirt/qemu", "/var/log/jvirt/qemu", Set.of(), QemuConf.defaults(),
            "/var/lib/jvirt/qemu/domain-7-g1/monitor.sock");

    private static final String SHARED_MEMFD = "<memoryBacking><source type='memfd'/><access mode='shared'/>"
            + "</memoryBacking>";

    private static final String VIRTIOFS = """
            <filesystem type='mount' accessmode='passthrough'>
              <driver type='virtiofs' queue='1024'/>
              <binary path='/usr/libexec/virtiofsd' xattr='on'>
                <cache mode='always'/>
                <sandbox mode='chroot'/>
                <lock posix='off' flock='off'/>
                <thread_pool size='16'/>
              </binary>
              <source dir='/srv/a,b'/>
              <target dir='mount_tag'/>
            </filesystem>""";

    private static List<String> argv(String devices, String extra) {
        return QemuCommandBuilder.build(QemuCommandBuilderTest.parse(devices, extra, "pc"), LIVE).argv();
    }

    @Test
    void virtiofsIsAVhostUserChardevInTheDomainDirAndAVhostUserFsDevice() {
        List<String> argv = argv(VIRTIOFS, SHARED_MEMFD);
        assertEquals("socket,id=chr-vu-fs0,path=/var/lib/jvirt/qemu/domain-7-g1/fs0-fs.sock",
                after(argv, "-chardev", "socket,id=chr-vu-fs0"));
        assertEquals("{\"driver\":\"vhost-user-fs-pci\",\"id\":\"fs0\",\"chardev\":\"chr-vu-fs0\","
                + "\"queue-size\":1024,\"tag\":\"mount_tag\",\"bus\":\"pci.0\",\"addr\":\"0x2\"}",
                after(argv, "-device", "{\"driver\":\"vhost-user-fs-pci\""));
        assertTrue(after(argv, "-object", "{\"qom-type\":\"memory-backend-memfd\"").contains("\"share\":true"),
                argv.toString());
    }

    @Test
    void anExternallyRunDaemonIsReachedOnItsOwnSocket() {
        List<String> argv = argv("""
                <filesystem type='mount'><driver type='virtiofs'/><source socket='/run/vfs.sock'/>
                  <target dir='tag'/></filesystem>""", SHARED_MEMFD);
        assertEquals("socket,id=chr-vu-fs0,path=/run/vfs.sock", after(argv, "-chardev", "socket,id=chr-vu"));
    }

    @Test
    void virtiofsNeedsSharedMemoryAsLibvirtValidates() {
        String[] notShared = {"", "<memoryBacking><source type='memfd'/></memoryBacking>",
            "<memoryBacking><access mode='shared'/></memoryBacking><cpu><numa>"
                    + "<cell id='0' cpus='0-1' memory='1048576' unit='KiB' memAccess='private'/></numa></cpu>",
            "<cpu><numa><cell id='0' cpus='0-1' memory='1048576' unit='KiB'/></numa></cpu>"};
        for (String extra : notShared) {
            VirException e = assertThrows(VirException.class, () -> argv(VIRTIOFS, extra), extra);
            assertEquals(ErrorNumber.CONFIG_UNSUPPORTED, e.code());
            assertEquals("unsupported configuration: 'virtiofs' requires shared memory", e.getMessage());
        }
        // a NUMA cell shared by itself is enough
        List<String> numa = argv(VIRTIOFS, "<memoryBacking><source type='memfd'/></memoryBacking><cpu><numa>"
                + "<cell id='0' cpus='0-1' memory='1048576' unit='KiB' memAccess='shared'/></numa></cpu>");
        assertTrue(after(numa, "-object", "{\"qom-type\":\"memory-backend-memfd\"").contains("\"share\":true"),
                numa.toString());
    }

    @Test
    void virtiofsRefusesWhatLibvirtRefuses() {
        String[][] cases = {
            {"<readonly/>", "virtiofs does not yet support read-only mode"},
            {" accessmode='mapped'", "virtiofs only supports passthrough accessmode"},
        };
        VirException ro = assertThrows(VirException.class, () -> argv(VIRTIOFS.replace("<source", cases[0][0]
                + "<source"), SHARED_MEMFD));
        assertEquals("unsupported configuration: " + cases[0][1], ro.getMessage());
        VirException mapped = assertThrows(VirException.class, () -> argv(VIRTIOFS.replace(
                " accessmode='passthrough'", cases[1][0]), SHARED_MEMFD));
        assertEquals("unsupported configuration: " + cases[1][1], mapped.getMessage());
    }

    @Test
    void ninePeeTakesModesMultidevsAndReadonly() {
        List<String> argv = argv("""
                <filesystem type='mount' accessmode='mapped' fmode='644' dmode='0750' multidevs='remap'>
                  <source dir='/export'/><target dir='t'/><readonly/></filesystem>""", "");
        assertEquals("local,security_model=mapped,multidevs=remap,fmode=0644,dmode=0750,id=fsdev-fs0,"
                + "path=/export,readonly=on", after(argv, "-fsdev", "local"));
        VirException e = assertThrows(VirException.class, () -> argv("""
                <filesystem type='mount' fmode='644'><source dir='/e'/><target dir='t'/></filesystem>""", ""));
        assertEquals("unsupported configuration: fmode and dmode must be used with accessmode=mapped",
                e.getMessage());
    }

    @Test
    void virtiofsdGetsLibvirtsOptionsOnItsOwnSocket() {
        DomainDef def = QemuCommandBuilderTest.parse(VIRTIOFS, SHARED_MEMFD, "pc");
        assertEquals(List.of("--socket-path=/run/x/fs0-fs.sock", "-o",
                "source=/srv/a,,b,cache=always,sandbox=chroot,xattr,no_flock,no_posix_lock",
                "--thread-pool-size=16"),
                QemuVirtiofsOptions.arguments(def.devices(DeviceKind.FILESYSTEM).getFirst().xml(),
                        "/run/x/fs0-fs.sock"));
        DomainDef plain = QemuCommandBuilderTest.parse("""
                <filesystem type='mount'><driver type='virtiofs'/><source dir='/srv'/><target dir='t'/>
                </filesystem>""", SHARED_MEMFD, "pc");
        assertEquals(List.of("--socket-path=/s", "-o", "source=/srv"), QemuVirtiofsOptions.arguments(
                plain.devices(DeviceKind.FILESYSTEM).getFirst().xml(), "/s"));
    }

    @Test
    void anEmulatorTpmInARealStartUsesTheSwtpmSocketInTheDomainDir() {
        List<String> argv = argv("<tpm model='tpm-crb'><backend type='emulator' version='2.0'/></tpm>", "");
        assertEquals("socket,id=chrtpm,path=/var/lib/jvirt/qemu/domain-7-g1/tpm0-swtpm.sock",
                after(argv, "-chardev", "socket,id=chrtpm"));
        assertEquals("emulator,id=tpm-tpm0,chardev=chrtpm", after(argv, "-tpmdev", "emulator"));
        assertEquals("{\"driver\":\"tpm-crb\",\"tpmdev\":\"tpm-tpm0\",\"id\":\"tpm0\"}",
                after(argv, "-device", "{\"driver\":\"tpm-crb\""));
        // an encrypted state needs a secret; a host TPM needs descriptor passing: both are declined
        for (String tpm : List.of("<tpm><backend type='emulator' version='2.0'><encryption secret="
                + "'32ee7e76-2178-47a1-ab7b-269e6e348015'/></backend></tpm>",
                "<tpm><backend type='passthrough'><device path='/dev/tpm0'/></backend></tpm>")) {
            VirException e = assertThrows(VirException.class, () -> argv(tpm, ""));
            assertEquals(ErrorNumber.CONFIG_UNSUPPORTED, e.code(), tpm);
        }
    }
}
