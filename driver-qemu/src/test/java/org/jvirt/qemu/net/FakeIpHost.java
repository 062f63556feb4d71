package org.jvirt.qemu.net;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jvirt.host.Command;
import org.jvirt.host.CommandResult;
import org.jvirt.host.RecordingCommandRunner;

/**
 * The responder behind a {@link RecordingCommandRunner} for the {@code ip} commands {@link org.jvirt.host.NetDev}
 * issues: a table of devices (name → MTU) that {@code tuntap add}, {@code link add} and {@code link delete} change
 * and {@code link show dev} reads, answering with iproute2's own texts, so unit tests see devices appear and vanish.
 * A command listed in {@link #failOn} fails as the kernel would refuse it.
 */
final class FakeIpHost implements Function<Command, CommandResult> {
    final Map<String, Integer> devices = new LinkedHashMap<>();
    /** Substring of a command's display text that makes it fail with "RTNETLINK answers: Operation not permitted". */
    String failOn;

    FakeIpHost(String... existing) {
        for (String d : existing) {
            devices.put(d, 1500);
        }
    }

    RecordingCommandRunner runner() {
        return new RecordingCommandRunner(this);
    }

    @Override
    public synchronized CommandResult apply(Command c) {
        List<String> a = c.argv();
        if (failOn != null && c.display().contains(failOn)) {
            return new CommandResult(2, "", "RTNETLINK answers: Operation not permitted\n");
        }
        String s = String.join(" ", a.subList(1, a.size()));
        if (s.startsWith("-o link show dev ")) {
            String name = a.getLast();
            if (!devices.containsKey(name)) {
                return new CommandResult(1, "", "Device \"" + name + "\" does not exist.\n");
            }
            return CommandResult.ok((devices.keySet().stream().toList().indexOf(name) + 2) + ": " + name
                    + ": <BROADCAST,MULTICAST> mtu " + devices.get(name) + " qdisc noop state DOWN mode DEFAULT"
                    + " group default qlen 1000\\    link/ether 00:11:22:33:44:55 brd ff:ff:ff:ff:ff:ff\n");
        }
        if (s.startsWith("tuntap add dev ")) {
            return add(a.get(4));
        }
        if (s.startsWith("link add link ")) {
            if (!devices.containsKey(a.get(4))) {
                return new CommandResult(1, "", "Cannot find device \"" + a.get(4) + "\"\n");
            }
            return add(a.get(6));
        }
        if (s.startsWith("link delete dev ")) {
            return devices.remove(a.get(4)) != null ? CommandResult.ok("")
                    : new CommandResult(1, "", "Cannot find device \"" + a.get(4) + "\"\n");
        }
        if (s.startsWith("link set dev ")) {
            if (!devices.containsKey(a.get(4))) {
                return new CommandResult(1, "", "Cannot find device \"" + a.get(4) + "\"\n");
            }
            if (a.get(5).equals("mtu")) {
                devices.put(a.get(4), Integer.parseInt(a.get(6)));
            }
            return CommandResult.ok("");
        }
        throw new AssertionError("unexpected command: " + c.display());
    }

    private CommandResult add(String name) {
        if (devices.containsKey(name)) {
            return new CommandResult(2, "", "RTNETLINK answers: File exists\n");
        }
        devices.put(name, 1500);
        return CommandResult.ok("");
    }
}
