package org.jvirt.qemu.caps;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jvirt.host.ProcessCommandRunner;

/**
 * Real libvirt 9.0's QEMU driver as an oracle for capabilities XML: {@code virsh -c qemu:///session} run as user
 * nobody with a throwaway HOME, so it starts a private session libvirtd that probes the same QEMU binaries and never
 * touches a system daemon. KVM is not usable by nobody, so the oracle's guests have only {@code <domain
 * type='qemu'/>}. Outputs are cached under target/oracle-cache (keyed by the QEMU binary's mtime). Skips unless root
 * with virsh and setpriv installed.
 */
final class LibvirtQemuOracle {
    private LibvirtQemuOracle() {}

    static Path run(Path qemu) throws IOException, InterruptedException {
        assumeTrue("root".equals(System.getProperty("user.name")), "libvirt oracle needs root (setpriv); skipped");
        assumeTrue(ProcessCommandRunner.findInPath("virsh").isPresent(), "virsh not installed; skipped");
        assumeTrue(ProcessCommandRunner.findInPath("setpriv").isPresent(), "setpriv not installed; skipped");
        long stamp = Files.getLastModifiedTime(qemu).toMillis();
        Path out = Path.of("target", "oracle-cache", "qemu-caps-v2-" + stamp).toAbsolutePath();
        if (Files.exists(out.resolve("done"))) {
            return out;
        }
        Path home = Files.createTempDirectory("jvirt-oracle-");
        Files.createDirectories(out);
        new ProcessBuilder("chmod", "777", home.toString(), out.toString()).start().waitFor();
        String script = "mkdir -p $HOME/run; "
                + "virsh -c qemu:///session capabilities > " + out.resolve("caps.xml") + "; "
                + "virsh -c qemu:///session domcapabilities --virttype qemu > " + out.resolve("domcaps-qemu.xml")
                + "; virsh -c qemu:///session domcapabilities --virttype qemu --machine q35 > "
                + out.resolve("domcaps-qemu-q35.xml") + "; for f in $XDG_CACHE_HOME/libvirt/qemu/cache/capabilities/*.xml; do"
                + " cp $f " + out + "/qemucaps-$(sed -n 's,.*<emulator>.*/\\(.*\\)</emulator>.*,\\1,p' $f).xml;"
                + " done; touch " + out.resolve("done");
        Process p = new ProcessBuilder(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                "env", "HOME=" + home, "XDG_RUNTIME_DIR=" + home.resolve("run"), "XDG_CACHE_HOME=" + home.resolve(
                        "cache"), "XDG_CONFIG_HOME=" + home.resolve("cfg"), "sh", "-c", script))
                .redirectErrorStream(true).redirectOutput(out.resolve("oracle.log").toFile()).start();
        assumeTrue(p.waitFor(240, TimeUnit.SECONDS), "libvirt oracle did not finish in 240 s; skipped");
        assumeTrue(Files.exists(out.resolve("done")), "libvirt oracle failed; see " + out.resolve("oracle.log"));
        return out;
    }
}
