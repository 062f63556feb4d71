package org.jvirt.dist.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jvirt.dist.DaemonProcess;
import org.jvirt.dist.DaemonProcess.Result;

/**
 * The storage driver through jvirtd with libvirt's own clients: real virsh runs the dir-pool life of a pool and its
 * volumes (raw and qcow2 via qemu-img, a 64 MiB upload and download, resize, clone, wipe, delete, refresh) against
 * {@code qemu:///...} of jvirtd, and the same script against a real libvirtd 9.0 (unprivileged, as nobody, on
 * {@code qemu:///session}); the outputs must match once paths, owners, UUIDs, timestamps and the file system's
 * free space are masked. python3-libvirt uploads at an offset and downloads a range,
 * and receives the pool's lifecycle events.
 */
class StorageDaemonTest {
    private static final Path VIRSH = Path.of("/usr/bin/virsh");
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path LIBVIRTD = Path.of("/usr/sbin/libvirtd");

    private Path root;
    private final List<AutoCloseable> daemons = new ArrayList<>();

    private static Result run(List<String> argv) throws Exception {
        return DaemonProcess.run(argv, Map.of());
    }

    private String startJvirtd(Path dir) throws Exception {
        DaemonProcess jvirtd = DaemonProcess.jvirtd(dir, dir.resolve("state"));
        daemons.add(jvirtd);
        return jvirtd.start().uri("qemu", "system");
    }

    /** libvirtd 9.0 as nobody, as /work/shared/docs/REAL-LIBVIRT.md runs it; its storage driver serves session. */
    private String startLibvirtd(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("run"));
        Files.createDirectories(dir.resolve("home"));
        Files.writeString(dir.resolve("conf"), """
                listen_tcp = 0
                listen_tls = 0
                unix_sock_dir = "%s"
                unix_sock_rw_perms = "0777"
                auth_unix_rw = "none"
                auth_unix_ro = "none"
                """.formatted(dir.resolve("run")));
        run(List.of("chown", "-R", "nobody:nogroup", dir.toString()));
        ProcessBuilder pb = new ProcessBuilder("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                LIBVIRTD.toString(), "-f", dir.resolve("conf").toString(), "-p", dir.resolve("pid").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile());
        pb.environment().put("HOME", dir.resolve("home").toString());
        pb.environment().put("XDG_RUNTIME_DIR", dir.resolve("home").toString());
        Process p = pb.start();
        daemons.add(() -> {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        });
        DaemonProcess.awaitSocket(p, dir.resolve("run/libvirt-sock"), dir.resolve("log"));
        return "qemu+unix:///session?socket=" + dir.resolve("run/libvirt-sock");
    }

    /** The script: one virsh per step, so each error is reported on its own, as a user would see it. */
    private static List<String> script(Path pool, Path in, Path out) {
        return List.of(
                "pool-define-as p1 dir --target " + pool,
                "pool-build p1",
                "pool-start p1",
                "pool-list --all --details",
                "vol-create-as p1 a.raw 10M",
                "vol-create-as p1 s.raw 64M --allocation 0",
                "vol-create-as p1 b.qcow2 20M --format qcow2",
                "vol-list p1 --details",
                "vol-info a.raw --pool p1",
                "vol-info --bytes s.raw --pool p1",
                "vol-dumpxml a.raw --pool p1",
                "vol-dumpxml b.qcow2 --pool p1",
                "vol-upload s.raw " + in + " --pool p1",
                "vol-download s.raw " + out + " --pool p1",
                "vol-info --bytes s.raw --pool p1",
                "vol-resize b.qcow2 40M --pool p1",
                "vol-info --bytes b.qcow2 --pool p1",
                "vol-resize b.qcow2 10M --pool p1",
                "vol-resize a.raw 5M --shrink --pool p1",
                "vol-resize s.raw 80M --pool p1",
                "vol-resize s.raw 1M --delta --pool p1",
                "vol-resize a.raw 12M --allocate --pool p1",
                "vol-info --bytes --physical a.raw --pool p1",
                "vol-upload s.raw " + in + " --offset 4096 --length 1000 --pool p1",
                "vol-download s.raw " + out + ".part --offset 4096 --length 1000 --pool p1",
                "vol-wipe a.raw --algorithm trim --pool p1",
                "vol-key a.raw --pool p1",
                "vol-path a.raw --pool p1",
                "vol-name " + pool + "/a.raw",
                "vol-pool " + pool + "/a.raw",
                "pool-capabilities",
                "find-storage-pool-sources dir",
                "find-storage-pool-sources fs",
                "find-storage-pool-sources bogus",
                "pool-define-as p1 dir --target " + pool,
                "pool-define-as p9 dir --target " + pool,
                "pool-create-as p2 dir --target " + pool + "2 --build",
                "pool-list --all --transient",
                "pool-list --all --type dir",
                "pool-list --all --type fs",
                "pool-autostart p2",
                "pool-destroy p2",
                "pool-autostart p1",
                "pool-list --all --autostart",
                "pool-autostart p1 --disable",
                "pool-undefine p1",
                "pool-build p1",
                "pool-delete p1",
                "vol-clone b.qcow2 c.qcow2 --pool p1",
                "vol-clone a.raw c.raw --pool p1",
                "vol-info --bytes c.raw --pool p1",
                "vol-wipe a.raw --pool p1",
                "vol-info --bytes a.raw --pool p1",
                "vol-delete c.raw --pool p1",
                "vol-create-as p1 a.raw 1M",
                "vol-create-as p1 x/y 1M",
                "vol-info nope --pool p1",
                "vol-list nopool",
                "pool-refresh p1",
                "vol-list p1 --details",
                "vol-dumpxml c.qcow2 --pool p1",
                "pool-info p1",
                "pool-destroy p1",
                "vol-list p1",
                "pool-start p1",
                "vol-list p1",
                "pool-destroy p1",
                "pool-undefine p1",
                "pool-list --all");
    }

    private static String mask(String out, Path pool) {
        return out.replace(pool.toString(), "POOL")
                .replaceAll("<(atime|mtime|ctime)>[0-9.]+</\\1>", "<$1>T</$1>")
                .replaceAll("<(owner|group)>[0-9]+</\\1>", "<$1>ID</$1>")
                .replaceAll("(Capacity|Allocation|Available):( +)[0-9.]+ [KMGT]?i?B", "$1:$2SIZE")
                // pool-capabilities: which backends exist differs (jvirt has dir and fs); the rest must match
                .replaceAll("supported='(yes|no)'", "supported='?'")
                .replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "U")
                // pool-list --details shows the file system's sizes: not ours to compare
                .replaceAll("(?m)^( p1 +\\S+ +\\S+ +\\S+ +)\\S+ \\S+ +\\S+ \\S+ +\\S+ \\S+ *$", "$1SIZES");
    }

    @Test
    void virshDirPoolAndVolumesMatchRealLibvirt() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "unavailable: needs root (libvirtd as nobody)");
        assumeTrue(Files.isExecutable(VIRSH) && Files.isExecutable(LIBVIRTD), "unavailable: virsh or libvirtd");
        assumeTrue(Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libvirt/connection-driver/"
                + "libvirt_driver_storage.so")), "unavailable: libvirtd's storage driver (libvirt-daemon) missing");
        // unix socket paths are limited to 108 bytes: a short directory, readable by nobody
        root = Files.createTempDirectory(Path.of("/tmp"), "jvirt-storage",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path in = root.resolve("in.bin");
        byte[] data = new byte[64 << 20];
        new Random(42).nextBytes(data);
        Files.write(in, data);

        String juri = startJvirtd(root.resolve("j"));
        String luri = startLibvirtd(root.resolve("l"));
        List<String> jsteps = script(root.resolve("j/pool/p1"), in, root.resolve("j.out"));
        List<String> lsteps = script(root.resolve("l/pool/p1"), in, root.resolve("l.out"));
        StringBuilder diffs = new StringBuilder();
        java.util.Map<String, String> jvirt = new java.util.HashMap<>();
        for (int i = 0; i < jsteps.size(); i++) {
            Result j = run(List.of(VIRSH.toString(), "-q", "-c", juri, jsteps.get(i)));
            Result l = run(List.of(VIRSH.toString(), "-q", "-c", luri, lsteps.get(i)));
            String jm = mask(j.out(), root.resolve("j/pool/p1"));
            String lm = mask(l.out(), root.resolve("l/pool/p1"));
            jvirt.put(script(Path.of("/P"), Path.of("/I"), Path.of("/O")).get(i), j.rc() + " " + jm);
            if (j.rc() != l.rc() || !jm.equals(lm)) {
                diffs.append("step ").append(jsteps.get(i)).append("\n-- libvirtd rc=").append(l.rc()).append(":\n")
                        .append(lm).append("-- jvirtd rc=").append(j.rc()).append(":\n").append(jm).append('\n');
            }
            if (jsteps.get(i).startsWith("vol-download")) {
                byte[] got = Files.readAllBytes(root.resolve(jsteps.get(i).contains(".part") ? "j.out.part" : "j.out"));
                assertArrayEquals(jsteps.get(i).contains(".part") ? java.util.Arrays.copyOfRange(data, 0, 1000) : data,
                        got, "downloaded bytes (jvirtd): " + jsteps.get(i));
            }
        }
        assertEquals("", diffs.toString(), "jvirtd log:\n" + Files.readString(root.resolve("j/jvirtd.log")));
        // the comparison cannot pass by both daemons failing alike: the happy path really happened
        assertTrue(jvirt.get("vol-list p1 --details").matches("(?s)0 .*b\\.qcow2 .*file +40\\.00 MiB.*"),
                jvirt.get("vol-list p1 --details"));
        assertTrue(jvirt.get("vol-dumpxml b.qcow2 --pool p1").contains("<format type='qcow2'/>"));
        assertTrue(jvirt.get("pool-capabilities").contains("<pool type='dir' supported='?'>"));
        assertTrue(jvirt.get("vol-info --bytes s.raw --pool p1").contains("Allocation:     67108864 bytes"),
                jvirt.get("vol-info --bytes s.raw --pool p1"));
    }

    @Test
    void pythonUploadsAtAnOffsetAndDownloadsARange() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "unavailable: python3");
        assumeTrue(run(List.of(PYTHON.toString(), "-c", "import libvirt")).rc() == 0,
                "unavailable: python3-libvirt");
        root = Files.createTempDirectory(Path.of("/tmp"), "jvirt-storage");
        String uri = startJvirtd(root.resolve("j"));
        if (!"root".equals(System.getProperty("user.name"))) {
            uri = uri.replace("/system?", "/session?");
        }
        Path script = root.resolve("client.py");
        Files.writeString(script, """
                import libvirt, sys, threading, time
                libvirt.registerErrorHandler(lambda *args: None, None)
                libvirt.virEventRegisterDefaultImpl()
                threading.Thread(target=lambda: [libvirt.virEventRunDefaultImpl() for _ in iter(int, 1)],
                                 daemon=True).start()
                c = libvirt.open(sys.argv[1])
                events = []
                cb = c.storagePoolEventRegisterAny(None, libvirt.VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE,
                                                   lambda _c, pool, ev, _d, _o: events.append((pool.name(), ev)), None)
                p = c.storagePoolCreateXML("<pool type='dir'><name>py</name><target><path>%s</path></target></pool>",
                                           libvirt.VIR_STORAGE_POOL_CREATE_WITH_BUILD)
                v = p.createXML("<volume><name>v</name><capacity>1048576</capacity><allocation>0</allocation></volume>")
                blob = bytes(range(256)) * 1000
                s = c.newStream(0)
                v.upload(s, 4096, len(blob), 0)
                for i in range(0, len(blob), 65536):
                    s.send(blob[i:i + 65536])
                s.finish()
                s = c.newStream(0)
                v.download(s, 4096 + 10, 1000, 0)
                got = b''
                while True:
                    r = s.recv(4096)
                    if not r:
                        break
                    got += r
                s.finish()
                print(got == blob[10:1010], len(got), v.info()[1])
                try:
                    p.createXML("<volume><name>v</name><capacity>1</capacity></volume>")
                except libvirt.libvirtError as e:
                    print(e.get_error_code(), e.get_error_domain(), e.get_error_message())
                v.delete(0)
                p.destroy()
                t0 = time.time()
                while len(events) < 2 and time.time() - t0 < 10:
                    time.sleep(0.05)
                print(events)
                c.storagePoolEventDeregisterAny(cb)
                """.formatted(root.resolve("pypool")));
        Result r = run(List.of(PYTHON.toString(), script.toString(), uri));
        assertEquals(0, r.rc(), r.out() + Files.readString(root.resolve("j/jvirtd.log")));
        assertEquals("True 1000 1048576\n90 18 storage volume 'v' exists already\n[('py', 2), ('py', 3)]\n",
                r.out());
    }

    @Test
    void virshFsPoolOnALoopDevice() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "unavailable: needs root (losetup, mount)");
        assumeTrue(Files.isExecutable(VIRSH) && Files.isExecutable(Path.of("/usr/sbin/mkfs.ext4")),
                "unavailable: virsh or mkfs.ext4");
        root = Files.createTempDirectory(Path.of("/tmp"), "jvirt-storage");
        Path img = root.resolve("fs.img");
        try (var raf = new java.io.RandomAccessFile(img.toFile(), "rw")) {
            raf.setLength(64 << 20);
        }
        Result lo = run(List.of("losetup", "-f", "--show", img.toString()));
        assumeTrue(lo.rc() == 0, "unavailable: no loop device: " + lo.out());
        loop = lo.out().strip();
        mnt = root.resolve("mnt");
        String uri = startJvirtd(root.resolve("j"));
        java.util.function.Function<String, String> ok = cmd -> {
            try {
                Result r = run(List.of(VIRSH.toString(), "-q", "-c", uri, cmd));
                assertEquals(0, r.rc(), cmd + ": " + r.out());
                return r.out();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        ok.apply("pool-define-as f fs --source-dev " + loop + " --source-format ext4 --target " + mnt);
        ok.apply("pool-build f --overwrite");
        Result again = run(List.of(VIRSH.toString(), "-q", "-c", uri, "pool-build f --no-overwrite"));
        assertEquals("error: Failed to build pool f\nerror: Storage pool already built: Device '" + loop
                + "' already formatted using 'ext4'\n", again.out());
        ok.apply("pool-start f");
        assertTrue(Files.readString(Path.of("/proc/mounts")).contains(" " + mnt + " ext4 "), "mounted");
        ok.apply("vol-create-as f v.qcow2 8M --format qcow2");
        assertTrue(ok.apply("vol-list f").matches("(?s).*lost\\+found.*v\\.qcow2 +" + mnt + "/v\\.qcow2.*"));
        ok.apply("pool-destroy f");
        assertTrue(!Files.readString(Path.of("/proc/mounts")).contains(" " + mnt + " "), "unmounted");
        ok.apply("pool-undefine f");
    }

    private String loop;
    private Path mnt;

    @AfterEach
    void stop() throws Exception {
        if (mnt != null) {
            run(List.of("umount", mnt.toString()));
        }
        if (loop != null) {
            run(List.of("losetup", "-d", loop));
        }
        for (AutoCloseable d : daemons) {
            d.close();
        }
        if (root != null) {
            try (var files = Files.walk(root)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // best effort
            }
        }
    }
}
