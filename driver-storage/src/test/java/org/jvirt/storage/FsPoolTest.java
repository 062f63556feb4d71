package org.jvirt.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.host.Command;
import org.jvirt.host.CommandResult;
import org.jvirt.host.ProcessCommandRunner;
import org.jvirt.spi.Refs.StoragePoolRef;
import org.jvirt.spi.Refs.StorageVolRef;

/** An fs pool on a real loop device: mkfs with libvirt's overwrite rules, mount on start, umount on destroy. */
class FsPoolTest {
    @TempDir
    Path root;

    private final ProcessCommandRunner host = new ProcessCommandRunner();
    private String loop;
    private Path mnt;

    @Test
    void buildMountsVolumesAndUnmounts() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "unavailable: needs root (losetup, mount)");
        assumeTrue(ProcessCommandRunner.findInPath("mkfs.ext4").isPresent()
                && ProcessCommandRunner.findInPath("losetup").isPresent(), "unavailable: mkfs.ext4 or losetup");
        Path img = root.resolve("fs.img");
        try (var raf = new java.io.RandomAccessFile(img.toFile(), "rw")) {
            raf.setLength(64 << 20);
        }
        CommandResult r = host.run(Command.of("losetup", "-f", "--show", img.toString()).allowingFailure());
        assumeTrue(r.succeeded(), "unavailable: no loop device: " + r.stderr());
        loop = r.stdout().strip();
        mnt = root.resolve("mnt");

        StorageDriver driver = new StorageDriver(StorageConfig.system(root.resolve("state")));
        driver.initialize();
        StoragePoolRef p = driver.pools.defineXML("<pool type='fs'><name>f</name><source><device path='" + loop
                + "'/><format type='ext4'/></source><target><path>" + mnt + "</path></target></pool>", 0);
        assertEquals("operation failed: Storage source conflict with pool: 'f'", assertThrows(VirException.class,
                () -> driver.pools.defineXML("<pool type='fs'><name>g</name><source><device path='" + loop
                        + "'/></source><target><path>/elsewhere</path></target></pool>", 0)).getMessage());
        driver.pools.build(p, DirBackend.BUILD_NO_OVERWRITE); // blank device: mkfs runs
        assertEquals("ext4", host.run(Command.of("blkid", "-p", "-o", "value", "-s", "TYPE", loop)).stdout().strip());
        VirException built = assertThrows(VirException.class, () -> driver.pools.build(p,
                DirBackend.BUILD_NO_OVERWRITE));
        assertEquals(ErrorNumber.STORAGE_POOL_BUILT, built.code());
        assertTrue(built.getMessage().endsWith("Device '" + loop + "' already formatted using 'ext4'"),
                built.getMessage());

        driver.pools.create(p, 0);
        assertTrue(driver.fs.isMounted(driver.objects.get("f").def));
        // mounted as libvirt mounts a pool's file system on Linux: no devices, no setuid, no executables
        String line = Files.readAllLines(Path.of("/proc/mounts")).stream()
                .filter(l -> l.split(" ")[1].equals(driver.objects.get("f").def.targetPath())).findFirst().orElseThrow();
        for (String opt : List.of("nodev", "nosuid", "noexec")) {
            assertTrue(List.of(line.split(" ")[3].split(",")).contains(opt), line);
        }
        long capacity = driver.pools.getInfo(p).capacity();
        assertTrue(capacity > 40 << 20 && capacity < 64 << 20, "the file system's size: " + capacity);
        StorageVolRef v = driver.vols.createXML(p, "<volume><name>v.raw</name><capacity>1048576</capacity>"
                + "</volume>", 0);
        assertEquals(1 << 20, driver.vols.getInfo(v).allocation());

        driver.pools.destroy(p);
        assertFalse(driver.fs.isMounted(driver.objects.get("f").def));
        assertFalse(Files.exists(mnt.resolve("v.raw")), "the volume lives in the unmounted file system");
        driver.pools.create(p, 0);
        assertEquals(1 << 20, driver.vols.getInfo(driver.vols.lookupByName(p, "v.raw")).capacity());
        driver.pools.destroy(p);
    }

    @AfterEach
    void release() {
        if (mnt != null) {
            host.run(Command.of("umount", mnt.toString()).allowingFailure());
        }
        if (loop != null) {
            host.run(Command.of("losetup", "-d", loop).allowingFailure());
        }
    }
}
