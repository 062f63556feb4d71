package org.jvirt.remote.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jvirt.api.Connect;
import org.jvirt.api.Domain;
import org.jvirt.api.event.DomainEvent;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.driver.test.TestDriverProvider;
import org.jvirt.spi.DriverProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jvirt's remote driver against libvirt's own libvirtd 9.0 (when installed and we may run it): a private daemon on
 * a temporary socket, with no driver modules so that only the built-in test driver answers.
 */
class RealLibvirtdTest {
    private static final Path LIBVIRTD = Path.of("/usr/sbin/libvirtd");

    @TempDir
    Path dir;

    private Process daemon;
    private Path socket;
    private final List<DriverProvider> local = List.of(new TestDriverProvider());

    @BeforeEach
    void startLibvirtd() throws Exception {
        assumeTrue(Files.isExecutable(LIBVIRTD), "libvirt's libvirtd is not installed");
        assumeTrue("root".equals(System.getProperty("user.name")), "libvirtd needs root here");
        Path conf = dir.resolve("libvirtd.conf");
        Files.writeString(conf, "unix_sock_dir = \"" + dir + "\"\nauth_unix_rw = \"none\"\nauth_unix_ro = \"none\"\n");
        Files.createDirectories(dir.resolve("drivers"));
        ProcessBuilder pb = new ProcessBuilder(LIBVIRTD.toString(), "--config", conf.toString(), "--pid-file",
                dir.resolve("pid").toString(), "--timeout", "60").redirectErrorStream(true)
                .redirectOutput(dir.resolve("log").toFile());
        pb.environment().put("LIBVIRT_DRIVER_DIR", dir.resolve("drivers").toString());
        daemon = pb.start();
        socket = dir.resolve("libvirt-sock");
        for (int i = 0; i < 100 && !Files.exists(socket) && daemon.isAlive(); i++) {
            Thread.sleep(100);
        }
        assumeTrue(Files.exists(socket), "libvirtd did not start: " + Files.readString(dir.resolve("log")));
    }

    @AfterEach
    void stopLibvirtd() throws InterruptedException {
        if (daemon != null) {
            daemon.destroy();
            daemon.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void jvirtClientAgainstLibvirtd() throws InterruptedException {
        try (Connect r = Connect.openAuth("test+unix:///default?socket=" + socket, null, 0,
                List.of(new RemoteDriverProvider()));
             Connect jvirt = Connect.openAuth("test:///default", null, 0, local)) {
            assertEquals("TEST", r.getType());
            assertEquals(jvirt.getCapabilities(), r.getCapabilities());
            assertEquals(jvirt.nodeGetInfo(), r.nodeGetInfo());
            Domain d = r.domainLookupByName("test");
            assertEquals(jvirt.domainLookupByName("test").getXMLDesc(0), d.getXMLDesc(0));
            // libvirt's test driver: one scheduler parameter, through the flag-less procedure.
            assertEquals(org.jvirt.core.param.TypedParams.of(new org.jvirt.core.param.TypedParam.UIntParam("weight",
                    50)), d.getSchedulerParameters());
            assertEquals(2, d.getVcpus().size());
            assertEquals(jvirt.listAllNetworks(0).size(), r.listAllNetworks(0).size());
            VirException e = assertThrows(VirException.class, () -> r.domainLookupByName("nosuch"));
            assertEquals(ErrorNumber.NO_DOMAIN, e.code());
            LinkedBlockingQueue<DomainEvent> events = new LinkedBlockingQueue<>();
            int id = r.domainEventRegisterAny(null, DomainEvent.ID_LIFECYCLE, events::add);
            d.suspend();
            DomainEvent ev = events.poll(5, TimeUnit.SECONDS);
            assertNotNull(ev, "no event from libvirtd");
            assertEquals(3, assertInstanceOf(DomainEvent.Lifecycle.class, ev).event(), "VIR_DOMAIN_EVENT_SUSPENDED");
            d.resume();
            r.domainEventDeregisterAny(id);
            d.snapshotCreateXML("<domainsnapshot><name>p1</name></domainsnapshot>", 0);
            assertEquals("p1", d.snapshotCurrent(0).getName());
        }
    }
}
