package org.jvirt.qemu.command;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDefParser;
import org.jvirt.model.domain.ParseOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real QEMU accepts what the builder produces for a start with the newer device kinds (USB storage, an empty
 * drive, a qcow2 image, NVDIMM and virtio-pmem, a CPU topology with dies, the TCG cache size, USB redirection,
 * guestfwd and qemu-vdagent channels, balloon switches, a secondary virtio GPU): QEMU is launched paused (-S) with
 * the start's argv and must still be running after its option parsing and device realisation; it is then killed.
 */
class QemuArgvLiveTest {

    private static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");

    @TempDir
    Path dir;

    @Test
    void qemuAcceptsTheStartArgv() throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(QEMU), "unavailable: qemu-system-x86_64 not installed");
        Path img = dir.resolve("usb.img");
        Files.write(img, new byte[1 << 20]);
        Path qcow = dir.resolve("disk.qcow2");
        Process mk = new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", qcow.toString(), "16M")
                .redirectErrorStream(true).start();
        assumeTrue(mk.waitFor(30, TimeUnit.SECONDS) && mk.exitValue() == 0, "unavailable: qemu-img");
        Path nv = dir.resolve("nvdimm");
        Path pm = dir.resolve("pmem");
        for (Path p : List.of(nv, pm)) {
            try (var f = new java.io.RandomAccessFile(p.toFile(), "rw")) {
                f.setLength(128L << 20);
            }
        }
        DomainDef def = new DomainDefParser().parse("""
                <domain type='qemu'><name>argv</name><uuid>c7a5fdbd-edaf-9455-926a-d65c16db1809</uuid>
                  <maxMemory slots='4' unit='KiB'>2097152</maxMemory>
                  <memory unit='KiB'>393216</memory><vcpu>4</vcpu>
                  <os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/></os>
                  <features><acpi/><tcg><tb-cache unit='MiB'>32</tb-cache></tcg></features>
                  <cpu><topology sockets='1' dies='2' cores='2' threads='1'/>
                    <numa><cell id='0' cpus='0-3' memory='131072' unit='KiB'/></numa></cpu>
                  <devices>
                    <disk type='file' device='disk'><driver name='qemu' type='raw' cache='none'/>
                      <source file='%s'/><target dev='sda' bus='usb' removable='on'/></disk>
                    <disk type='file' device='cdrom'><target dev='hdc' bus='ide'/><readonly/>
                      <address type='drive' controller='0' bus='1' target='0' unit='0'/></disk>
                    <disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='%s'/>
                      <target dev='vda' bus='virtio'/><serial>a b</serial></disk>
                    <controller type='virtio-serial' index='0' ports='8'/>
                    <channel type='unix'><source mode='bind' path='%s'/>
                      <target type='guestfwd' address='10.0.2.1' port='4600'/></channel>
                    <channel type='qemu-vdagent'><target type='virtio' name='com.redhat.spice.0'/>
                      <source><clipboard copypaste='yes'/><mouse mode='client'/></source></channel>
                    <redirdev bus='usb' type='unix'><source mode='bind' path='%s'/></redirdev>
                    <memory model='nvdimm' access='shared'><source><path>%s</path></source>
                      <target><size unit='KiB'>131072</size><node>0</node><label><size unit='KiB'>128</size></label>
                      </target><address type='dimm' slot='0'/></memory>
                    <memory model='virtio-pmem' access='shared'><source><path>%s</path></source>
                      <target><size unit='KiB'>131072</size></target></memory>
                    <video><model type='virtio' heads='1' primary='yes'/></video>
                    <video><model type='virtio' heads='1'/></video>
                    <memballoon model='virtio' autodeflate='on' freePageReporting='on'/>
                  </devices></domain>""".formatted(img, qcow, dir.resolve("fwd.sock"), dir.resolve("redir.sock"), nv,
                pm), ParseOptions.generic());
        QemuBuildContext ctx = new QemuBuildContext(QEMU.toString(), 1, dir.toString(), dir.toString(), Set.of(),
                QemuConf.defaults(), dir.resolve("domain-1-argv/monitor.sock").toString());
        List<String> argv = QemuCommandBuilder.build(def, ctx).argv();
        Path domainDir = Path.of(ctx.domainDir("argv"));
        Files.createDirectories(domainDir);
        Files.write(domainDir.resolve("master-key.aes"), new byte[32]);
        Path log = dir.resolve("qemu.log");
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            boolean exited = p.waitFor(5, TimeUnit.SECONDS);
            String out = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(!exited, "QEMU refused the start argv " + argv + ":\n" + out);
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
