package org.jvirt.cli.commands;

import java.util.Map;
import org.jvirt.cli.Handler;

/** Collects the handlers of every command group implemented on jvirt's API. */
public final class Registry {
    private Registry() {}

    public static void registerAll(Map<String, Handler> m) {
        DomainLifecycleCommands.register(m);
        DomainInfoCommands.register(m);
        HostCommands.register(m);
        NetworkCommands.register(m);
        EventCommands.register(m);
        DomainTuneCommands.register(m);
        DomainMiscCommands.register(m);
        SnapshotCommands.register(m);
        CheckpointCommands.register(m);
        HostObjectCommands.register(m);
        NodeDevCommands.register(m);
        DomainDeviceCommands.register(m);
        DomainGuestCommands.register(m);
        DomainExtraCommands.register(m);
        EditCommands.register(m);
        PoolCommands.register(m);
        VolumeCommands.register(m);
    }
}
