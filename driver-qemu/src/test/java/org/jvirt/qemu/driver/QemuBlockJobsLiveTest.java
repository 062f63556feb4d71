package org.jvirt.qemu.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jvirt.api.Connect;
import org.jvirt.api.Domain;
import org.jvirt.api.event.DomainEvent;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.core.param.TypedParam;
import org.jvirt.core.param.TypedParams;
import org.jvirt.qemu.guest.GuestConsole;
import org.jvirt.qemu.guest.TestGuestBuilder;
import org.jvirt.spi.DomainBlockJobs.BlockJobInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Block jobs on a real TCG guest whose disks have backing chains: the guest writes a marker, an active commit
 * (READY, pivot) folds it into the base, a copy is cancelled while throttled and another pivoted, a middle layer is
 * committed and the rest pulled; after each the live XML shows QEMU's chain and the guest still reads its data.
 */
class QemuBlockJobsLiveTest {
    static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");
    static final Path QEMU_IMG = Path.of("/usr/bin/qemu-img");
    static final Path QEMU_IO = Path.of("/usr/bin/qemu-io");

    @TempDir
    Path root;

    static void run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", argv) + ": " + out);
    }

    static String output(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }

    static void qcow2(Path file, Path backing) throws Exception {
        if (backing == null) {
            run(QEMU_IMG.toString(), "create", "-q", "-f", "qcow2", file.toString(), "16M");
        } else {
            run(QEMU_IMG.toString(), "create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", backing.toString(),
                    file.toString());
        }
    }

    static String disk(Path file, String dev) {
        return """
                    <disk type='file' device='disk'>
                      <driver name='qemu' type='qcow2'/>
                      <source file='%s'/>
                      <target dev='%s' bus='virtio'/>
                    </disk>""".formatted(file, dev);
    }

    /** The next BLOCK_JOB / BLOCK_JOB_2 pair with this type and status; fails on a different status first. */
    static void awaitJob(LinkedBlockingQueue<DomainEvent> q, String path, String dev, int type, int status)
            throws Exception {
        boolean byPath = false;
        boolean byTarget = false;
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!(byPath && byTarget) && System.nanoTime() < deadline) {
            DomainEvent e = q.poll(1, TimeUnit.SECONDS);
            if (e instanceof DomainEvent.BlockJob b) {
                assertEquals(type, b.type(), "job type in " + b);
                assertEquals(status, b.status(), "job status in " + b);
                if (b.byTarget()) {
                    assertEquals(dev, b.disk());
                    assertEquals(DomainEvent.ID_BLOCK_JOB_2, b.eventId());
                    byTarget = true;
                } else {
                    assertEquals(path, b.disk());
                    assertEquals(DomainEvent.ID_BLOCK_JOB, b.eventId());
                    byPath = true;
                }
            }
        }
        assertTrue(byPath && byTarget, "no block job events " + type + "/" + status + " (path " + byPath
                + ", target " + byTarget + ")");
    }

    /** The disk element of {@code dev} in a domain XML. */
    static String diskXml(String xml, String dev) {
        for (String part : xml.split("<disk ")) {
            if (part.contains("<target dev='" + dev + "'")) {
                return part.substring(0, part.indexOf("</disk>"));
            }
        }
        throw new AssertionError("no disk " + dev + " in " + xml);
    }

    /** The files of a disk's {@code <source>} and nested {@code <backingStore>}s, top first. */
    static List<String> chain(String diskXml) {
        List<String> out = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<source file='([^']+)'").matcher(diskXml);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    static String read(GuestConsole con, String dev, long sector, int n) throws Exception {
        con.send("echo 3 > /proc/sys/vm/drop_caches; echo READ " + dev + " $(dd if=/dev/" + dev + " bs=512 skip="
                + sector + " count=1 2>/dev/null | head -c " + n + ")");
        return con.awaitPrefix("READ " + dev + " ", Duration.ofSeconds(30)).substring(("READ " + dev + " ").length());
    }

    @Test
    void commitCopyPullAndResizeOfARunningGuest() throws Exception {
        assumeTrue(Files.isExecutable(QEMU), "unavailable: qemu-system-x86_64 not installed");
        assumeTrue(Files.isExecutable(QEMU_IMG) && Files.isExecutable(QEMU_IO), "unavailable: qemu-img/qemu-io");
        TestGuestBuilder.TestGuest g = TestGuestBuilder.assumeGuest();
        Path base = root.resolve("base.qcow2");
        Path top = root.resolve("top.qcow2");
        qcow2(base, null);
        qcow2(top, base);
        // vdb: b3 -> b2 -> b1, with data in the two lower layers
        Path b1 = root.resolve("b1.qcow2");
        Path b2 = root.resolve("b2.qcow2");
        Path b3 = root.resolve("b3.qcow2");
        qcow2(b1, null);
        run(QEMU_IO.toString(), "-f", "qcow2", "-c", "write -P 0x41 1M 64k", b1.toString());
        qcow2(b2, b1);
        run(QEMU_IO.toString(), "-f", "qcow2", "-c", "write -P 0x5a 0 64k", b2.toString());
        qcow2(b3, b2);
        String xml = LiveGuests.guestXml("jv-blockjob", g).replace("<devices>", "<devices>\n" + disk(top, "vda")
                + "\n" + disk(b3, "vdb"));
        QemuDriverProvider p = LiveGuests.provider(root.resolve("state"));
        try (Connect c = LiveGuests.open(p)) {
            LinkedBlockingQueue<DomainEvent> events = new LinkedBlockingQueue<>();
            c.domainEventRegisterAny(null, DomainEvent.ID_BLOCK_JOB, events::add);
            c.domainEventRegisterAny(null, DomainEvent.ID_BLOCK_JOB_2, events::add);
            Domain d = c.domainDefineXML(xml).create();
            Path copy;
            try (GuestConsole con = GuestConsole.openPty(LiveGuests.pty(d))) {
                con.awaitLine("GUEST READY", Duration.ofSeconds(90));
                // the chains as libvirtd 9.0 shows them at start: tops numbered from the last disk, then the
                // backing layers, again from the last disk
                String started = d.getXMLDesc(0);
                assertTrue(diskXml(started, "vda").contains("<source file='" + top + "' index='2'/>\n"
                        + "      <backingStore type='file' index='5'>\n        <format type='qcow2'/>\n"
                        + "        <source file='" + base + "'/>\n        <backingStore/>\n      </backingStore>"),
                        started);
                assertTrue(diskXml(started, "vdb").contains("<source file='" + b3 + "' index='1'/>"), started);
                assertTrue(diskXml(started, "vdb").contains("<backingStore type='file' index='3'>"), started);
                assertTrue(diskXml(started, "vdb").contains("<backingStore type='file' index='4'>"), started);
                con.send("echo JVIRT-A | dd of=/dev/vda bs=512 seek=100 conv=fsync 2>/dev/null; sync; echo WROTE");
                con.awaitLine("WROTE", Duration.ofSeconds(30));

                // errors first, with libvirt's texts
                VirException e = assertThrows(VirException.class, () -> d.blockCommit("vdz", null, null, 0, 0));
                assertEquals(ErrorNumber.INVALID_ARG, e.code());
                assertEquals("invalid argument: disk 'vdz' not found in domain", e.getMessage());
                e = assertThrows(VirException.class, () -> d.blockCommit("vda", null, null, 0, 0));
                assertEquals("invalid argument: commit of 'vda' active layer requires active flag", e.getMessage());
                e = assertThrows(VirException.class, () -> d.blockJobAbort("vda", 0));
                assertEquals("invalid argument: disk vda does not have an active block job", e.getMessage());
                assertNull(d.getBlockJobInfo("vda", 0));

                // active commit: READY, info, pivot; the chain is now the base alone, live and persistent
                d.blockCommit("vda", null, null, 0, QemuBlockJobs.COMMIT_ACTIVE);
                awaitJob(events, top.toString(), "vda", QemuBlockJobs.TYPE_ACTIVE_COMMIT, QemuBlockJobs.READY);
                BlockJobInfo info = d.getBlockJobInfo("vda", 0);
                assertNotNull(info);
                assertEquals(QemuBlockJobs.TYPE_ACTIVE_COMMIT, info.type());
                assertEquals(info.end(), info.cur(), "a ready job reports cur == end: " + info);
                e = assertThrows(VirException.class, () -> d.blockCopy("vda", "<disk type='file'><source file='"
                        + root.resolve("x.qcow2") + "'/></disk>", null, QemuBlockJobs.COPY_TRANSIENT_JOB));
                assertEquals(ErrorNumber.OPERATION_INVALID, e.code());
                assertEquals("Requested operation is not valid: disk 'vda' already in active block job",
                        e.getMessage());
                d.blockJobAbort("vda", QemuBlockJobs.ABORT_PIVOT);
                awaitJob(events, base.toString(), "vda", QemuBlockJobs.TYPE_ACTIVE_COMMIT, QemuBlockJobs.COMPLETED);
                assertNull(d.getBlockJobInfo("vda", 0));
                String live = diskXml(d.getXMLDesc(0), "vda");
                assertEquals(List.of(base.toString()), chain(live), live);
                assertTrue(live.contains("<source file='" + base + "' index='5'/>"), live);
                assertTrue(live.contains("<backingStore/>"), live);
                assertEquals(List.of(base.toString()), chain(diskXml(d.getXMLDesc(2), "vda")));
                assertEquals("JVIRT-A", read(con, "vda", 100, 7));

                // a throttled copy: not ready, its speed set and read back, pivot refused, then cancelled
                Path slow = root.resolve("slow.qcow2");
                String slowXml = "<disk type='file'><driver type='qcow2'/><source file='" + slow + "'/></disk>";
                e = assertThrows(VirException.class, () -> d.blockCopy("vda", slowXml, null, 0));
                assertEquals("Requested operation is not valid: domain is not transient", e.getMessage());
                d.blockCopy("vda", slowXml, TypedParams.of(new TypedParam.ULLongParam("bandwidth", 1024)),
                        QemuBlockJobs.COPY_TRANSIENT_JOB);
                info = d.getBlockJobInfo("vda", 0);
                assertEquals(QemuBlockJobs.TYPE_COPY, info.type());
                assertTrue(info.cur() < info.end(), info.toString());
                e = assertThrows(VirException.class, () -> d.blockJobAbort("vda", QemuBlockJobs.ABORT_PIVOT));
                assertEquals(ErrorNumber.BLOCK_COPY_ACTIVE, e.code());
                assertEquals("block copy still active: block job 'copy-vda-libvirt-5-format' not ready for pivot yet",
                        e.getMessage());
                String mirror = diskXml(d.getXMLDesc(0), "vda");
                assertTrue(mirror.contains("<mirror type='file' file='" + slow + "' format='qcow2' job='copy'>"),
                        mirror);
                assertEquals(1024, d.getBlockJobInfo("vda", QemuBlockJobs.INFO_BANDWIDTH_BYTES).bandwidth());
                d.blockJobSetSpeed("vda", 2, 0);
                assertEquals(2, d.getBlockJobInfo("vda", 0).bandwidth());
                assertEquals(2L << 20, d.getBlockJobInfo("vda", QemuBlockJobs.INFO_BANDWIDTH_BYTES).bandwidth());
                d.blockJobSetSpeed("vda", 0, 0);
                e = assertThrows(VirException.class, () -> d.blockJobSetSpeed("vda", Long.MAX_VALUE, 0));
                assertEquals(ErrorNumber.OVERFLOW, e.code());
                awaitJob(events, base.toString(), "vda", QemuBlockJobs.TYPE_COPY, QemuBlockJobs.READY);
                assertTrue(diskXml(d.getXMLDesc(0), "vda").contains("job='copy' ready='yes'>"));
                d.blockJobAbort("vda", 0);
                awaitJob(events, base.toString(), "vda", QemuBlockJobs.TYPE_COPY, QemuBlockJobs.CANCELED);
                String afterCancel = diskXml(d.getXMLDesc(0), "vda");
                assertEquals(List.of(base.toString()), chain(afterCancel));
                assertTrue(!afterCancel.contains("<mirror"), afterCancel);

                // a full copy, pivoted (async abort, then the event)
                copy = root.resolve("copy.qcow2");
                d.blockCopy("vda", "<disk type='file'><driver type='qcow2'/><source file='" + copy + "'/></disk>",
                        null, QemuBlockJobs.COPY_TRANSIENT_JOB);
                awaitJob(events, base.toString(), "vda", QemuBlockJobs.TYPE_COPY, QemuBlockJobs.READY);
                d.blockJobAbort("vda", QemuBlockJobs.ABORT_PIVOT | QemuBlockJobs.ABORT_ASYNC);
                awaitJob(events, copy.toString(), "vda", QemuBlockJobs.TYPE_COPY, QemuBlockJobs.COMPLETED);
                assertEquals(List.of(copy.toString()), chain(diskXml(d.getXMLDesc(0), "vda")));
                assertEquals("JVIRT-A", read(con, "vda", 100, 7));

                // vdb: commit the middle layer into the bottom, then pull what is left into the top
                assertEquals("ZZZZ", read(con, "vdb", 0, 4));
                assertEquals("AAAA", read(con, "vdb", 2048, 4));
                e = assertThrows(VirException.class, () -> d.blockCommit("vdb", b1.toString(), b2.toString(), 0,
                        QemuBlockJobs.COMMIT_ACTIVE));
                assertEquals("invalid argument: active commit requested but '" + b2 + "' is not active",
                        e.getMessage());
                d.blockCommit("vdb", "vdb[4]", "vdb[3]", 0, 0); // libvirt's index notation: b1, b2
                awaitJob(events, b3.toString(), "vdb", QemuBlockJobs.TYPE_COMMIT, QemuBlockJobs.COMPLETED);
                String vdb = diskXml(d.getXMLDesc(0), "vdb");
                assertEquals(List.of(b3.toString(), b1.toString()), chain(vdb), vdb);
                assertTrue(vdb.contains("<backingStore type='file' index='4'>"), vdb);
                assertTrue(output(QEMU_IMG.toString(), "info", "-U", b3.toString()).contains("backing file: "
                        + b1), "b3 now backed by b1");
                d.blockPull("vdb", 0, 0);
                awaitJob(events, b3.toString(), "vdb", QemuBlockJobs.TYPE_PULL, QemuBlockJobs.COMPLETED);
                assertEquals(List.of(b3.toString()), chain(diskXml(d.getXMLDesc(0), "vdb")));
                assertTrue(!output(QEMU_IMG.toString(), "info", "-U", b3.toString()).contains("backing file"),
                        "b3 stands alone");
                assertEquals("ZZZZ", read(con, "vdb", 0, 4));
                assertEquals("AAAA", read(con, "vdb", 2048, 4));

                // resize: 32 MiB given in KiB, seen by QEMU and the guest
                d.blockResize("vda", 32 * 1024, 0);
                assertTrue(output(QEMU_IMG.toString(), "info", "-U", copy.toString()).contains("virtual size: 32 MiB"));
                con.send("sleep 1; echo SIZE $(cat /sys/block/vda/size)");
                assertEquals("SIZE 65536", con.awaitPrefix("SIZE ", Duration.ofSeconds(30)));
            }
            d.destroy();
            // the persistent definition follows the commit, the pivot and the pull
            String cfg = d.getXMLDesc(0);
            assertEquals(List.of(copy.toString()), chain(diskXml(cfg, "vda")), cfg);
            assertEquals(List.of(b3.toString()), chain(diskXml(cfg, "vdb")), cfg);
        } finally {
            LiveGuests.destroyAll(p);
        }
    }

    /**
     * A copy that runs while the driver restarts (jvirtd exiting or killed): the new driver finds it in the status
     * file, matches it with QEMU's job, reports it, sees it become ready and pivots it.
     */
    @Test
    void aCopyJobSurvivesADriverRestart() throws Exception {
        assumeTrue(Files.isExecutable(QEMU), "unavailable: qemu-system-x86_64 not installed");
        assumeTrue(Files.isExecutable(QEMU_IMG), "unavailable: qemu-img");
        TestGuestBuilder.TestGuest g = TestGuestBuilder.assumeGuest();
        Path base = root.resolve("base.qcow2");
        Path top = root.resolve("top.qcow2");
        qcow2(base, null);
        qcow2(top, base);
        Path copy = root.resolve("copy.qcow2");
        String xml = LiveGuests.guestXml("jv-jobrestart", g).replace("<devices>", "<devices>\n" + disk(top, "vda"));
        Path state = root.resolve("state");
        QemuDriverProvider first = LiveGuests.provider(state);
        try (Connect c = LiveGuests.open(first)) {
            Domain d = c.domainCreateXML(xml, 0);
            // throttled to 1 KiB/s: it cannot finish before the restart
            d.blockCopy("vda", "<disk type='file'><driver type='qcow2'/><source file='" + copy + "'/></disk>",
                    TypedParams.of(new TypedParam.ULLongParam("bandwidth", 1024)), QemuBlockJobs.COPY_TRANSIENT_JOB);
            String status = Files.readString(state.resolve("run/jvirt/qemu/jv-jobrestart.xml"));
            assertTrue(status.contains("<blockjob name='copy-vda-libvirt-1-format' type='copy' state='running' "
                    + "disk='vda'"), status);
        } catch (Throwable t) {
            LiveGuests.destroyAll(first);
            throw t;
        } finally {
            first.stateCleanup();
        }
        QemuDriverProvider second = LiveGuests.provider(state);
        try (Connect c = LiveGuests.open(second)) {
            LinkedBlockingQueue<DomainEvent> events = new LinkedBlockingQueue<>();
            c.domainEventRegisterAny(null, DomainEvent.ID_BLOCK_JOB, events::add);
            c.domainEventRegisterAny(null, DomainEvent.ID_BLOCK_JOB_2, events::add);
            Domain d = c.domainLookupByName("jv-jobrestart");
            BlockJobInfo info = d.getBlockJobInfo("vda", QemuBlockJobs.INFO_BANDWIDTH_BYTES);
            assertNotNull(info, "the job is known again");
            assertEquals(QemuBlockJobs.TYPE_COPY, info.type());
            assertEquals(1024, info.bandwidth());
            String vda = diskXml(d.getXMLDesc(0), "vda");
            assertTrue(vda.contains("<mirror type='file' file='" + copy + "'"), vda);
            d.blockJobSetSpeed("vda", 0, 0);
            // QEMU skips the empty image's clusters whatever the throttle, so the copy may have become ready while
            // no driver watched: the new driver then marked it ready at reconnect (before this client registered)
            if (!vda.contains("ready='yes'")) {
                awaitJob(events, top.toString(), "vda", QemuBlockJobs.TYPE_COPY, QemuBlockJobs.READY);
            }
            assertTrue(diskXml(d.getXMLDesc(0), "vda").contains("job='copy' ready='yes'>"));
            d.blockJobAbort("vda", QemuBlockJobs.ABORT_PIVOT);
            awaitJob(events, copy.toString(), "vda", QemuBlockJobs.TYPE_COPY, QemuBlockJobs.COMPLETED);
            assertEquals(List.of(copy.toString()), chain(diskXml(d.getXMLDesc(0), "vda")), "a full copy");
            assertTrue(!Files.readString(state.resolve("run/jvirt/qemu/jv-jobrestart.xml")).contains("<blockjob"),
                    "a finished job leaves the status file");
        } finally {
            LiveGuests.destroyAll(second);
        }
    }
}
