package org.jvirt.cli.commands;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jvirt.api.Connect;
import org.jvirt.api.Domain;
import org.jvirt.api.event.DomainEvent;
import org.jvirt.api.event.ObjectEvent;
import org.jvirt.cli.Cmd;
import org.jvirt.cli.Ctl;
import org.jvirt.cli.Handler;
import org.jvirt.cli.Options;
import org.jvirt.core.VirException;

/**
 * The event commands (virsh-domain-event.c and the per-object ones): register, then print events until the first
 * one (or until the timeout with {@code --loop}), and report how many arrived. No event is a failure.
 */
final class EventCommands {
    private static final List<String> DOMAIN_EVENTS = List.of("lifecycle", "reboot", "rtc-change", "watchdog",
            "io-error", "graphics", "io-error-reason", "control-error", "block-job", "disk-change", "tray-change",
            "pm-wakeup", "pm-suspend", "balloon-change", "pm-suspend-disk", "device-removed", "block-job-2", "tunable",
            "agent-lifecycle", "device-added", "migration-iteration", "job-completed", "device-removal-failed",
            "metadata-change", "block-threshold", "memory-failure", "memory-device-size-change");
    private static final String[] DOM_EVENT = {"Defined", "Undefined", "Started", "Suspended", "Resumed", "Stopped",
        "Shutdown", "PMSuspended", "Crashed"};
    private static final String[][] DOM_DETAIL = {
        {"Added", "Updated", "Renamed", "Snapshot"},
        {"Removed", "Renamed"},
        {"Booted", "Migrated", "Restored", "Snapshot", "Event wakeup"},
        {"Paused", "Migrated", "I/O Error", "Watchdog", "Restored", "Snapshot", "API error", "Post-copy",
            "Post-copy Error"},
        {"Unpaused", "Migrated", "Snapshot", "Post-copy", "Post-copy Error"},
        {"Shutdown", "Destroyed", "Crashed", "Migrated", "Saved", "Failed", "Snapshot"},
        {"Finished", "Finished after guest request", "Finished after host request"},
        {"Memory", "Disk"},
        {"Panicked", "Crashloaded"},
    };

    private EventCommands() {}

    static void register(Map<String, Handler> m) {
        m.put("event", EventCommands::domainEvent);
        m.put("net-event", (ctl, cmd) -> objectEvent(ctl, cmd, Kind.NETWORK));
        m.put("pool-event", (ctl, cmd) -> objectEvent(ctl, cmd, Kind.POOL));
        m.put("nodedev-event", (ctl, cmd) -> objectEvent(ctl, cmd, Kind.NODEDEV));
        m.put("secret-event", (ctl, cmd) -> objectEvent(ctl, cmd, Kind.SECRET));
    }

    /** Collects printed event lines from callback threads and tells when to stop. */
    private static final class Waiter {
        private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final boolean loop;
        private final boolean timestamp;
        private int count;

        Waiter(Cmd cmd) {
            loop = cmd.has("loop");
            timestamp = cmd.has("timestamp");
        }

        void emit(String msg) {
            if (timestamp) {
                msg = ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSZ")) + ": " + msg;
            }
            lines.add(msg);
        }

        /** Prints events as they come; returns virsh's verdict (true when at least one event arrived). */
        boolean run(Ctl ctl, int timeoutMs) {
            long deadline = timeoutMs > 0 ? System.nanoTime() + timeoutMs * 1_000_000L : Long.MAX_VALUE;
            boolean timedOut = false;
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    timedOut = true;
                    break;
                }
                String line;
                try {
                    line = lines.poll(Math.min(left, 100_000_000L), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    ctl.print("event loop interrupted\n");
                    break;
                }
                if (line != null) {
                    ctl.print(line);
                    count++;
                    if (!loop) {
                        break;
                    }
                }
            }
            if (timedOut) {
                ctl.print("event loop timed out\n");
            }
            ctl.printf("events received: %d\n", count);
            return count > 0;
        }
    }

    /** vshCommandOptTimeoutToMs: 0 when absent. */
    private static int timeout(Ctl ctl, Cmd cmd) {
        Long t = Options.uint(ctl, cmd, "timeout");
        if (t == null) {
            return 0;
        }
        if (t == 0 || t > Integer.MAX_VALUE / 1000) {
            ctl.errorf("Numeric value '%d' for <%s> option is malformed or out of range", t, "timeout");
            throw new Options.BadOption();
        }
        return (int) (t * 1000);
    }

    private static String detail(int event, int detail) {
        if (event < 0 || event >= DOM_DETAIL.length || detail < 0 || detail >= DOM_DETAIL[event].length) {
            return "unknown";
        }
        return DOM_DETAIL[event][detail];
    }

    private static String domainEventText(String name, DomainEvent e) {
        String dom = e.dom().name();
        if (e instanceof DomainEvent.Lifecycle l) {
            String ev = l.event() >= 0 && l.event() < DOM_EVENT.length ? DOM_EVENT[l.event()] : "unknown";
            return String.format("event 'lifecycle' for domain '%s': %s %s\n", dom, ev, detail(l.event(), l.detail()));
        }
        if (e instanceof DomainEvent.Reboot) {
            return String.format("event 'reboot' for domain '%s'\n", dom);
        }
        return String.format("event '%s' for domain '%s'\n", name, dom);
    }

    private static boolean domainEvent(Ctl ctl, Cmd cmd) {
        boolean all = cmd.has("all");
        if (cmd.has("list")) {
            for (String n : DOMAIN_EVENTS) {
                ctl.print(n + "\n");
            }
            return true;
        }
        String eventName = Options.string(ctl, cmd, "event");
        int event = -1;
        if (eventName != null) {
            event = DOMAIN_EVENTS.indexOf(eventName);
            if (event < 0) {
                ctl.errorf("unknown event type %s", eventName);
                return false;
            }
        } else if (!all) {
            ctl.error("one of --list, --all, or --event <type> is required");
            return false;
        }
        Waiter w = new Waiter(cmd);
        int timeout = timeout(ctl, cmd);
        Domain dom = null;
        if (cmd.has("domain")) {
            dom = Lookup.domain(ctl, cmd);
            if (dom == null) {
                return false;
            }
        }
        Connect conn = ctl.conn();
        List<Integer> ids = new ArrayList<>();
        try {
            int n = all ? DOMAIN_EVENTS.size() : 1;
            for (int i = 0; i < n; i++) {
                int id = all ? i : event;
                String name = DOMAIN_EVENTS.get(id);
                try {
                    ids.add(conn.domainEventRegisterAny(dom, id, e -> w.emit(domainEventText(name, e))));
                } catch (VirException e) {
                    if (i == 0) {
                        throw e;
                    }
                }
            }
            return w.run(ctl, timeout);
        } finally {
            for (int id : ids) {
                try {
                    conn.domainEventDeregisterAny(id);
                } catch (VirException e) {
                    // the connection may be gone; nothing left to undo
                }
            }
        }
    }

    private enum Kind { NETWORK, POOL, NODEDEV, SECRET }

    private static List<String> names(Kind k) {
        return switch (k) {
            case NETWORK -> List.of("lifecycle");
            case POOL -> List.of("lifecycle", "refresh");
            case NODEDEV -> List.of("lifecycle", "update");
            case SECRET -> List.of("lifecycle", "value-changed");
        };
    }

    private static String text(ObjectEvent e) {
        return switch (e) {
            case ObjectEvent.NetworkLifecycle n -> String.format("event 'lifecycle' for network %s: %s\n",
                    n.net().name(), pick(new String[] {"Defined", "Undefined", "Started", "Stopped"}, n.event()));
            case ObjectEvent.NetworkMetadataChange n -> String.format("event 'metadata-change' for network %s\n",
                    n.net().name());
            case ObjectEvent.StoragePoolLifecycle p -> String.format("event 'lifecycle' for storage pool %s: %s\n",
                    p.pool().name(), pick(new String[] {"Defined", "Undefined", "Started", "Stopped", "Created",
                        "Deleted"}, p.event()));
            case ObjectEvent.StoragePoolRefresh p -> String.format("event 'refresh' for storage pool %s\n",
                    p.pool().name());
            case ObjectEvent.NodeDeviceLifecycle d -> String.format("event 'lifecycle' for node device %s: %s\n",
                    d.dev().name(), pick(new String[] {"Created", "Deleted", "Defined", "Undefined"}, d.event()));
            case ObjectEvent.NodeDeviceUpdate d -> String.format("event 'update' for node device %s\n", d.dev().name());
            case ObjectEvent.SecretLifecycle s -> String.format("event 'lifecycle' for secret %s: %s\n",
                    s.secret().uuid(), pick(new String[] {"Defined", "Undefined"}, s.event()));
            case ObjectEvent.SecretValueChanged s -> String.format("event 'value-changed' for secret %s\n",
                    s.secret().uuid());
        };
    }

    private static String pick(String[] names, int i) {
        return i >= 0 && i < names.length ? names[i] : "unknown";
    }

    private static boolean objectEvent(Ctl ctl, Cmd cmd, Kind kind) {
        List<String> names = names(kind);
        if (cmd.has("list")) {
            for (String n : names) {
                ctl.print(n + "\n");
            }
            return true;
        }
        String eventName = Options.string(ctl, cmd, "event");
        if (eventName == null) {
            ctl.error("either --list or --event <type> is required");
            return false;
        }
        int event = names.indexOf(eventName);
        if (event < 0) {
            ctl.errorf("unknown event type %s", eventName);
            return false;
        }
        Waiter w = new Waiter(cmd);
        int timeout = timeout(ctl, cmd);
        Connect conn = ctl.conn();
        Consumer<ObjectEvent> cb = e -> w.emit(text(e));
        int id;
        switch (kind) {
            case NETWORK -> {
                var net = cmd.has("network") ? Lookup.network(ctl, cmd) : null;
                if (cmd.has("network") && net == null) {
                    return false;
                }
                id = conn.networkEventRegisterAny(net, event, cb);
            }
            case POOL -> {
                var pool = cmd.has("pool") ? Lookup.pool(ctl, cmd, "pool") : null;
                if (cmd.has("pool") && pool == null) {
                    return false;
                }
                id = conn.storagePoolEventRegisterAny(pool, event, cb);
            }
            case NODEDEV -> {
                var dev = cmd.has("device") ? Lookup.nodeDevice(ctl, cmd, "device") : null;
                if (cmd.has("device") && dev == null) {
                    return false;
                }
                id = conn.nodeDeviceEventRegisterAny(dev, event, cb);
            }
            case SECRET -> {
                var sec = cmd.has("secret") ? Lookup.secret(ctl, cmd) : null;
                if (cmd.has("secret") && sec == null) {
                    return false;
                }
                id = conn.secretEventRegisterAny(sec, event, cb);
            }
            default -> throw new IllegalStateException();
        }
        try {
            return w.run(ctl, timeout);
        } finally {
            try {
                switch (kind) {
                    case NETWORK -> conn.networkEventDeregisterAny(id);
                    case POOL -> conn.storagePoolEventDeregisterAny(id);
                    case NODEDEV -> conn.nodeDeviceEventDeregisterAny(id);
                    case SECRET -> conn.secretEventDeregisterAny(id);
                    default -> { }
                }
            } catch (VirException e) {
                // the connection may be gone; nothing left to undo
            }
        }
    }
}
