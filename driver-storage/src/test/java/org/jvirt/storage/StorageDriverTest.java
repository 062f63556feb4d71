package org.jvirt.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvirt.api.Records.StorageVolInfo;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.host.ProcessCommandRunner;
import org.jvirt.spi.Refs.StoragePoolRef;
import org.jvirt.spi.Refs.StorageVolRef;
import org.jvirt.spi.StreamChannel;

/** The storage driver on a scratch root: real files, real qemu-img; no daemon. */
class StorageDriverTest {
    @TempDir
    Path root;

    private StorageDriver driver;
    private Path dir;

    @BeforeEach
    void start() {
        driver = new StorageDriver(StorageConfig.system(root));
        driver.initialize();
        dir = root.resolve("pools/p1");
    }

    private String poolXml(String name, Path target, String perms) {
        return "<pool type='dir'><name>" + name + "</name><target><path>" + target + "</path>" + perms
                + "</target></pool>";
    }

    private StoragePoolRef activePool() {
        StoragePoolRef p = driver.pools.defineXML(poolXml("p1", dir, ""), 0);
        driver.pools.build(p, 0);
        driver.pools.create(p, 0);
        return p;
    }

    private static String vol(String name, long capacity, Long allocation, String format) {
        return "<volume><name>" + name + "</name><capacity>" + capacity + "</capacity>"
                + (allocation == null ? "" : "<allocation>" + allocation + "</allocation>")
                + (format == null ? "" : "<target><format type='" + format + "'/></target>") + "</volume>";
    }

    private static VirException error(int code, org.junit.jupiter.api.function.Executable call) {
        VirException e = assertThrows(VirException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }

    @Test
    void poolLifecycleWritesConfigStatusAndAutostart() throws Exception {
        StoragePoolRef p = driver.pools.defineXML(poolXml("p1", dir,
                "<permissions><mode>0750</mode></permissions>"), 0);
        assertTrue(Files.exists(root.resolve("etc/jvirt/storage/p1.xml")));
        assertFalse(driver.pools.isActive(p));
        assertTrue(driver.pools.isPersistent(p));
        VirException e = error(ErrorNumber.OPERATION_INVALID, () -> driver.vols.listAll(p, 0));
        assertEquals("Requested operation is not valid: storage pool 'p1' is not active", e.getMessage());
        e = error(ErrorNumber.SYSTEM_ERROR, () -> driver.pools.create(p, 0));
        assertTrue(e.getMessage().contains("cannot open directory '" + dir + "'"), e.getMessage());

        driver.pools.build(p, 0);
        assertEquals("rwxr-x---", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir)));
        driver.pools.create(p, 0);
        assertTrue(Files.exists(root.resolve("run/jvirt/storage/p1.xml")));
        assertEquals(2, driver.pools.getInfo(p).state());
        assertTrue(driver.pools.getInfo(p).capacity() > 0);
        String xml = driver.pools.getXMLDesc(p, 0);
        assertTrue(xml.contains("<mode>0750</mode>"), xml);
        assertEquals("Requested operation is not valid: storage pool 'p1' is already active",
                error(ErrorNumber.OPERATION_INVALID, () -> driver.pools.build(p, 0)).getMessage());
        assertEquals("Requested operation is not valid: storage pool 'p1' is still active",
                error(ErrorNumber.OPERATION_INVALID, () -> driver.pools.undefine(p)).getMessage());
        assertEquals(List.of(p), driver.pools.listAll(2 | 4 | (1 << 6)));
        assertEquals(List.of(), driver.pools.listAll(1));
        assertEquals(List.of(), driver.pools.listAll(1 << 7));
        assertEquals(p, driver.pools.lookupByTargetPath(dir + "/"));
        assertEquals(p, driver.pools.lookupByUUID(p.uuid()));

        driver.pools.setAutostart(p, true);
        assertTrue(Files.isSymbolicLink(root.resolve("etc/jvirt/storage/autostart/p1.xml")));
        // a transient pool beside it, active in the status dir only
        Path dir2 = root.resolve("pools/p2");
        Files.createDirectories(dir2);
        StoragePoolRef t = driver.pools.createXML(poolXml("p2", dir2, ""), 0);
        assertFalse(driver.pools.isPersistent(t));
        assertEquals("internal error: pool has no config file",
                error(ErrorNumber.INTERNAL_ERROR, () -> driver.pools.setAutostart(t, true)).getMessage());

        // A new daemon: both pools come back active (status files), p1 autostarts anyway.
        StorageDriver again = new StorageDriver(StorageConfig.system(root));
        again.initialize();
        assertTrue(again.pools.isActive(p));
        assertTrue(again.pools.getAutostart(p));
        assertTrue(again.pools.isActive(t));
        again.pools.destroy(t);
        assertEquals("Storage pool not found: no storage pool with matching name 'p2'",
                error(ErrorNumber.NO_STORAGE_POOL, () -> again.pools.lookupByName("p2")).getMessage());

        // Stopped, p1 autostarts in the next daemon.
        again.pools.destroy(p);
        assertFalse(Files.exists(root.resolve("run/jvirt/storage/p1.xml")));
        StorageDriver third = new StorageDriver(StorageConfig.system(root));
        third.initialize();
        assertTrue(third.pools.isActive(p));
        third.pools.destroy(p);
        third.pools.setAutostart(p, false);
        third.pools.delete(p, 0);
        assertFalse(Files.exists(dir));
        third.pools.undefine(p);
        assertFalse(Files.exists(root.resolve("etc/jvirt/storage/p1.xml")));
        assertEquals(List.of(), third.pools.listAll(0));
    }

    @Test
    void poolEventsReachTheConnectionThatRegisteredThem() throws Exception {
        StorageFacets conn = new StorageFacets(driver);
        java.util.concurrent.LinkedBlockingQueue<String> got = new java.util.concurrent.LinkedBlockingQueue<>();
        int id = conn.events().registerObjectEvent(org.jvirt.spi.EventOps.Family.STORAGE_POOL, null, 0,
                e -> got.add(((org.jvirt.api.event.ObjectEvent.StoragePoolLifecycle) e).pool().name() + " "
                        + ((org.jvirt.api.event.ObjectEvent.StoragePoolLifecycle) e).event()));
        int refreshes = conn.events().registerObjectEvent(org.jvirt.spi.EventOps.Family.STORAGE_POOL, "p1", 1,
                e -> got.add("refresh " + ((org.jvirt.api.event.ObjectEvent.StoragePoolRefresh) e).pool().name()));
        StoragePoolRef p = activePool();
        driver.pools.refresh(p, 0);
        driver.pools.destroy(p);
        driver.pools.delete(p, 0);
        driver.pools.undefine(p);
        List<String> seen = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            seen.add(got.poll(5, java.util.concurrent.TimeUnit.SECONDS));
        }
        assertEquals(List.of("p1 0", "p1 4", "p1 2", "refresh p1", "p1 3", "p1 5", "p1 1"), seen);
        conn.events().deregisterObjectEvent(org.jvirt.spi.EventOps.Family.STORAGE_POOL, refreshes);
        conn.close();
        assertEquals(ErrorNumber.INVALID_ARG, assertThrows(VirException.class, () -> conn.events()
                .deregisterObjectEvent(org.jvirt.spi.EventOps.Family.STORAGE_POOL, id)).code(),
                "closing the connection dropped its callbacks");
    }

    @Test
    void volumesBeingBuiltOrUsedAreProtected() {
        StoragePoolRef p = activePool();
        StorageVolRef v = driver.vols.createXML(p, vol("v.img", 1 << 20, 0L, null), 0);
        PoolObj obj = driver.objects.get("p1");
        // what a create in flight looks like (its file is made without the driver's lock)
        obj.building.add("v.img");
        obj.asyncJobs++;
        obj.volumes.put("v.img", obj.volumes.get("v.img").withSizes(5 << 20, 5 << 20));
        assertEquals(new StorageVolInfo(0, 5 << 20, 5 << 20), driver.vols.getInfo(v), "described by its definition");
        assertEquals("Requested operation is not valid: volume 'v.img' is still being allocated.",
                error(ErrorNumber.OPERATION_INVALID, () -> driver.vols.delete(v, 0)).getMessage());
        assertEquals("Requested operation is not valid: pool 'p1' has asynchronous jobs running.",
                error(ErrorNumber.OPERATION_INVALID, () -> driver.pools.destroy(p)).getMessage());
        error(ErrorNumber.OPERATION_INVALID, () -> driver.pools.refresh(p, 0));
        obj.building.remove("v.img");
        obj.asyncJobs--;
        // what a clone from it or a wipe of it looks like
        obj.inUse.put("v.img", 1);
        assertEquals("Requested operation is not valid: volume 'v.img' is still in use.",
                error(ErrorNumber.OPERATION_INVALID, () -> driver.vols.resize(v, 2 << 20, 0)).getMessage());
        error(ErrorNumber.OPERATION_INVALID, () -> driver.vols.upload(v, 0, 0, 0));
        obj.inUse.clear();
        driver.vols.delete(v, 0);
        driver.pools.destroy(p);
    }

    @Test
    void sessionLayoutFollowsTheUsersXdgDirectories() {
        Path home = root.resolve("home");
        StorageConfig c = StorageConfig.session(home, java.util.Map.of("XDG_RUNTIME_DIR",
                root.resolve("xdg-run").toString()));
        assertFalse(c.privileged());
        assertEquals(home.resolve(".config/jvirt/storage"), c.configDir());
        assertEquals(home.resolve(".config/jvirt/storage/autostart"), c.autostartDir());
        assertEquals(root.resolve("xdg-run/jvirt/storage/run"), c.stateDir());
        StorageDriver session = new StorageDriver(c);
        session.initialize();
        StoragePoolRef p = session.pools.defineXML(poolXml("mine", root.resolve("mine"), ""), 0);
        session.pools.create(p, 1);
        assertTrue(Files.exists(home.resolve(".config/jvirt/storage/mine.xml")));
        assertTrue(Files.exists(root.resolve("xdg-run/jvirt/storage/run/mine.xml")));
        assertEquals(root.resolve("cfg/jvirt/storage"), StorageConfig.session(home, java.util.Map.of(
                "XDG_CONFIG_HOME", root.resolve("cfg").toString())).configDir());
        session.pools.destroy(p);
    }

    @Test
    void capabilitiesAndSourceDiscovery() {
        StorageConnectOps c = new StorageConnectOps();
        String caps = c.getStoragePoolCapabilities(0);
        assertTrue(caps.startsWith("<storagepoolCapabilities>\n  <pool type='dir' supported='yes'>\n"
                + "    <volOptions>\n      <defaultFormat type='raw'/>\n      <enum name='targetFormatType'>\n"
                + "        <value>none</value>"), caps);
        assertTrue(caps.contains("<pool type='fs' supported='yes'>\n    <poolOptions>\n"
                + "      <defaultFormat type='auto'/>"));
        assertTrue(caps.contains("<pool type='logical' supported='no'>\n    <poolOptions>"));
        assertTrue(caps.contains("<pool type='iscsi' supported='no'>\n  </pool>"));
        assertEquals("this function is not supported by the connection driver: pool type 'dir' does not support "
                + "source discovery", error(ErrorNumber.NO_SUPPORT, () -> c.findStoragePoolSources("dir", null, 0))
                .getMessage());
        assertEquals("internal error: unknown storage pool type x",
                error(ErrorNumber.INTERNAL_ERROR, () -> c.findStoragePoolSources("x", null, 0)).getMessage());
    }

    @Test
    void duplicatePoolsAreRefused() {
        StoragePoolRef p = driver.pools.defineXML(poolXml("p1", dir, ""), 0);
        String other = "<pool type='dir'><name>p9</name><uuid>" + p.uuid() + "</uuid><target><path>/x</path>"
                + "</target></pool>";
        assertEquals("operation failed: pool 'p1' is already defined with uuid " + p.uuid(),
                error(ErrorNumber.OPERATION_FAILED, () -> driver.pools.defineXML(other, 0)).getMessage());
        assertTrue(error(ErrorNumber.OPERATION_FAILED, () -> driver.pools.defineXML(poolXml("p1", dir, ""), 0))
                .getMessage().startsWith("operation failed: pool 'p1' already exists with uuid "));
        assertEquals("operation failed: Storage source conflict with pool: 'p1'",
                error(ErrorNumber.OPERATION_FAILED, () -> driver.pools.defineXML(poolXml("p3", dir, ""), 0))
                        .getMessage());
    }

    @Test
    void rawVolumesAreSparseOrPreallocatedAndNamesStayInThePool() throws Exception {
        StoragePoolRef p = activePool();
        StorageVolRef full = driver.vols.createXML(p, vol("full.img", 4 << 20, null, null), 0);
        StorageVolRef sparse = driver.vols.createXML(p, vol("sparse.img", 4 << 20, 0L, "raw"), 0);
        assertEquals(new StorageVolInfo(0, 4 << 20, 4 << 20), driver.vols.getInfo(full));
        assertEquals(new StorageVolInfo(0, 4 << 20, 0), driver.vols.getInfo(sparse));
        assertEquals(dir + "/full.img", full.key());
        assertEquals(full, driver.vols.lookupByPath(dir + "//full.img"));
        assertEquals(full, driver.vols.lookupByKey(dir + "/full.img"));
        assertEquals(List.of("full.img", "sparse.img"), driver.vols.listVolumes(p, 10));
        String xml = driver.vols.getXMLDesc(full, 0);
        assertTrue(xml.contains("<format type='raw'/>") && xml.contains("<mode>0600</mode>")
                && xml.contains("<btime>0</btime>"), xml);

        assertEquals("storage volume 'full.img' exists already", error(ErrorNumber.STORAGE_VOL_EXIST,
                () -> driver.vols.createXML(p, vol("full.img", 1, null, null), 0)).getMessage());
        assertEquals("Requested operation is not valid: volume name '../evil' cannot contain '/'",
                error(ErrorNumber.OPERATION_INVALID, () -> driver.vols.createXML(p, vol("../evil", 1, null, null),
                        0)).getMessage());
        assertFalse(Files.exists(dir.getParent().resolve("evil")));
        assertEquals("Storage volume not found: no storage vol with matching name 'nope'",
                error(ErrorNumber.NO_STORAGE_VOL, () -> driver.vols.lookupByName(p, "nope")).getMessage());
        assertEquals("Storage volume not found: no storage vol with matching key /k",
                error(ErrorNumber.NO_STORAGE_VOL, () -> driver.vols.lookupByKey("/k")).getMessage());

        // resize: libvirt's checks, then truncate/fallocate
        assertEquals("invalid argument: can't shrink capacity below existing allocation",
                error(ErrorNumber.INVALID_ARG, () -> driver.vols.resize(full, 1 << 20, 4)).getMessage());
        assertEquals("invalid argument: Can't shrink capacity below current capacity unless shrink flag "
                + "explicitly specified", error(ErrorNumber.INVALID_ARG, () -> driver.vols.resize(sparse, 1 << 20,
                0)).getMessage());
        driver.vols.resize(sparse, 1 << 20, 4);
        assertEquals(1 << 20, Files.size(dir.resolve("sparse.img")));
        driver.vols.resize(sparse, 1 << 20, 2 | 1); // +1 MiB, allocated
        assertEquals(new StorageVolInfo(0, 2 << 20, 1 << 20), driver.vols.getInfo(sparse));

        // wipe: a sparse file stays all holes; a full one is zeroed in place
        Files.write(dir.resolve("full.img"), new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.WRITE);
        driver.vols.wipe(full, 0, 0);
        assertArrayEquals(new byte[4 << 20], Files.readAllBytes(dir.resolve("full.img")));
        assertEquals(4 << 20, driver.vols.getInfo(full).allocation());

        // clone of raw is a copy
        Files.write(dir.resolve("sparse.img"), "hello".getBytes(), java.nio.file.StandardOpenOption.WRITE);
        StorageVolRef copy = driver.vols.createXMLFrom(p, vol("copy.img", 0, 0L, null), sparse, 0);
        assertEquals(2 << 20, driver.vols.getInfo(copy).capacity());
        assertEquals("hello", new String(Files.readAllBytes(dir.resolve("copy.img")), 0, 5));

        driver.vols.delete(copy, 0);
        assertFalse(Files.exists(dir.resolve("copy.img")));
        assertEquals(List.of("full.img", "sparse.img"), driver.vols.listVolumes(p, 10));
    }

    @Test
    void qcow2ViaQemuImgAndRefreshProbesFormats() throws Exception {
        assumeTrue(ProcessCommandRunner.findInPath("qemu-img").isPresent(), "unavailable: qemu-img missing");
        StoragePoolRef p = activePool();
        StorageVolRef q = driver.vols.createXML(p, vol("q.qcow2", 20 << 20, null, "qcow2"), 0);
        StorageVolInfo info = driver.vols.getInfo(q);
        assertEquals(20 << 20, info.capacity());
        assertTrue(info.allocation() < 1 << 20, info.toString());
        assertTrue(driver.vols.getXMLDesc(q, 0).contains("<format type='qcow2'/>"));
        driver.vols.resize(q, 40 << 20, 0);
        assertEquals(40 << 20, driver.vols.getInfo(q).capacity());
        assertEquals("Operation not supported: preallocate is only supported for raw type volume",
                error(ErrorNumber.OPERATION_UNSUPPORTED, () -> driver.vols.resize(q, 50 << 20, 1)).getMessage());
        StorageVolRef c = driver.vols.createXMLFrom(p, vol("c.raw", 0, null, "raw"), q, 0);
        assertEquals(new StorageVolInfo(0, 40 << 20, driver.vols.getInfo(c).allocation()), driver.vols.getInfo(c));

        // files that appear behind the driver's back are found by refresh, their format probed
        new ProcessCommandRunner().run(org.jvirt.host.Command.of("qemu-img", "create", "-f", "qcow2",
                dir.resolve("outside.qcow2").toString(), "8M"));
        Files.writeString(dir.resolve("notes.txt"), "x");
        Files.writeString(dir.resolve(".hidden"), "x");
        driver.pools.refresh(p, 0);
        assertEquals(List.of("c.raw", "notes.txt", "outside.qcow2", "q.qcow2"),
                driver.vols.listVolumes(p, 10).stream().sorted().toList());
        StorageVolRef o = driver.vols.lookupByName(p, "outside.qcow2");
        assertEquals(8 << 20, driver.vols.getInfo(o).capacity());
        String xml = driver.vols.getXMLDesc(o, 0);
        assertTrue(xml.contains("<format type='qcow2'/>") && xml.contains("<clusterSize unit='B'>65536"), xml);
        assertFalse(xml.contains("<compat>"), xml);
    }

    @Test
    void uploadAndDownloadHonourOffsetAndLength() throws Exception {
        StoragePoolRef p = activePool();
        StorageVolRef v = driver.vols.createXML(p, vol("s.img", 1 << 20, 0L, null), 0);
        byte[] data = new byte[300_000];
        new Random(7).nextBytes(data);
        StreamChannel up = driver.vols.upload(v, 4096, 0, 0);
        for (int off = 0; off < data.length; off += 65536) {
            up.send(data, off, Math.min(65536, data.length - off));
        }
        up.finish();
        StreamChannel down = driver.vols.download(v, 4096, data.length, 0);
        byte[] back = new byte[data.length];
        int n = 0;
        for (int r; (r = down.recv(back, n, back.length - n)) > 0; ) {
            n += r;
        }
        assertEquals(0, down.recv(new byte[10], 0, 10));
        down.finish();
        assertEquals(data.length, n);
        assertArrayEquals(data, back);
        assertEquals(1 << 20, Files.size(dir.resolve("s.img")), "an upload does not truncate");

        StreamChannel bounded = driver.vols.upload(v, 0, 10, 0);
        bounded.send(new byte[20], 0, 20);
        VirException e = error(ErrorNumber.SYSTEM_ERROR, () -> bounded.send(new byte[1], 0, 1));
        assertEquals("cannot write to stream: No space left on device", e.getMessage());
        bounded.abort();
        assertEquals("invalid argument: unsupported flags (0x1) in function storageVolUpload",
                error(ErrorNumber.INVALID_ARG, () -> driver.vols.upload(v, 0, 0, 1)).getMessage());
    }
}
