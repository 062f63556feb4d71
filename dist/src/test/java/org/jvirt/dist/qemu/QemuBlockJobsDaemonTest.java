package org.jvirt.dist.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvirt.dist.DaemonProcess;

/**
 * Block jobs and external snapshots of a real TCG guest through jvirtd with libvirt's own virsh: snapshot-create-as
 * --disk-only, blockcommit --active --pivot (virsh waits on BLOCK_JOB_2 events / job info), blockcopy --pivot through
 * both virDomainBlockRebase(COPY) and virDomainBlockCopy, blockpull, blockresize, blockjob --info.
 */
class QemuBlockJobsDaemonTest {
    private static final Path VIRSH = Path.of("/usr/bin/virsh");
    private static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");
    private static final Path QEMU_IMG = Path.of("/usr/bin/qemu-img");
    private static final Path GUEST = Path.of(System.getProperty("java.io.tmpdir"), "jvirt-test-guest");

    @TempDir
    Path root;

    private DaemonProcess jvirtd;

    private String virsh(String... args) throws Exception {
        return jvirtd.virshOk(jvirtd.uri("qemu", "system"), List.of(args));
    }

    private String virshFails(String... args) throws Exception {
        return jvirtd.virshFails(jvirtd.uri("qemu", "system"), List.of(args));
    }

    /** The source of vda as {@code virsh domblklist} shows it. */
    private String vda() throws Exception {
        for (String line : virsh("domblklist", "vb1").split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 2 && f[0].equals("vda")) {
                return f[1];
            }
        }
        throw new AssertionError("no vda in domblklist");
    }

    @Test
    void virshBlockJobsAndDiskOnlySnapshots() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "unavailable: needs root");
        assumeTrue(Files.isExecutable(VIRSH) && Files.isExecutable(QEMU) && Files.isExecutable(QEMU_IMG),
                "unavailable: virsh, qemu-img or qemu-system-x86_64 missing");
        assumeTrue(Files.exists(GUEST.resolve("vmlinuz")) && Files.exists(GUEST.resolve("initrd.gz")),
                "unavailable: test guest not built (driver-qemu's tests build it into " + GUEST + ")");
        Path disk = root.resolve("disk.qcow2");
        Process img = new ProcessBuilder(QEMU_IMG.toString(), "create", "-q", "-f", "qcow2", disk.toString(), "16M")
                .inheritIO().start();
        assertEquals(0, img.waitFor());
        Path xml = root.resolve("vb1.xml");
        Files.writeString(xml, """
                <domain type='qemu'>
                  <name>vb1</name>
                  <memory unit='MiB'>96</memory>
                  <vcpu>1</vcpu>
                  <os>
                    <type arch='x86_64' machine='pc'>hvm</type>
                    <kernel>%s</kernel>
                    <initrd>%s</initrd>
                    <cmdline>console=ttyS0 panic=-1</cmdline>
                  </os>
                  <devices>
                    <disk type='file' device='disk'>
                      <driver name='qemu' type='qcow2'/>
                      <source file='%s'/>
                      <target dev='vda' bus='virtio'/>
                    </disk>
                    <serial type='pty'><target port='0'/></serial>
                    <memballoon model='none'/>
                  </devices>
                </domain>
                """.formatted(GUEST.resolve("vmlinuz"), GUEST.resolve("initrd.gz"), disk));
        jvirtd = DaemonProcess.jvirtd(root, root).start();
        virsh("define", xml.toString());
        virsh("start", "vb1");
        assertTrue(virsh("blockjob", "vb1", "vda", "--info").contains("No current block job for vda"));

        assertTrue(virsh("snapshot-create-as", "vb1", "s1", "--disk-only", "--atomic")
                .contains("Domain snapshot s1 created"));
        assertEquals(root.resolve("disk.s1").toString(), vda());
        assertTrue(virsh("snapshot-dumpxml", "vb1", "s1").contains("<disk name='vda' snapshot='external' "
                + "type='file'>"));
        String commit = virsh("blockcommit", "vb1", "vda", "--active", "--pivot");
        assertTrue(commit.contains("Successfully pivoted"), commit);
        assertEquals(disk.toString(), vda());

        // a persistent domain's copy needs --transient-job (the old virDomainBlockRebase path cannot say it)
        Path copy1 = root.resolve("copy1.qcow2");
        assertTrue(virshFails("blockcopy", "vb1", "vda", copy1.toString(), "--pivot")
                .contains("error: Requested operation is not valid: domain is not transient"));
        Path copy2 = root.resolve("copy2.qcow2");
        assertTrue(virsh("blockcopy", "vb1", "vda", copy2.toString(), "--pivot", "--transient-job")
                .contains("Successfully pivoted"));
        assertEquals(copy2.toString(), vda());

        Path overlay = root.resolve("overlay.qcow2");
        virsh("snapshot-create-as", "vb1", "s2", "--disk-only", "--no-metadata", "--diskspec",
                "vda,file=" + overlay);
        assertEquals(overlay.toString(), vda());
        assertTrue(virsh("dumpxml", "vb1").contains("<source file='" + copy2 + "'"));
        virsh("blockpull", "vb1", "vda", "--wait");
        assertTrue(!virsh("dumpxml", "vb1").contains("<source file='" + copy2 + "'"), "pulled");

        assertTrue(virsh("blockresize", "vb1", "vda", "32M").contains("Block device 'vda' is resized"));
        assertTrue(virsh("domblkinfo", "vb1", "vda").matches("(?s).*Capacity:\\s+33554432.*"));
        virsh("destroy", "vb1");
        virsh("undefine", "vb1", "--snapshots-metadata");
    }

    @AfterEach
    void stopEverything() throws Exception {
        if (jvirtd != null) {
            jvirtd.close();
        }
    }
}
