package org.jvirt.cli.def;

import static org.jvirt.cli.def.CmdDef.cmd;
import static org.jvirt.cli.def.OptDef.*;

import java.util.List;

/**
 * Definitions of virsh's "Domain Events" group (tools/virsh-domain-event.c):
 * names, options in virsh's order, flags and help texts, as virsh 9.0.0 declares them.
 * Option order matters: positional arguments fill the non-boolean options in this order.
 */
final class DomainEventDefs {
    private DomainEventDefs() {}

    static final List<CmdDef> COMMANDS = List.of(
        cmd("event", 0, "Domain Events", "List event types, or wait for domain events to occur",
            string("domain", COMPLETER, "filter by domain name, id or uuid"),
            string("event", COMPLETER, "which event type to wait for"),
            bool("all", "wait for all events instead of just one type"),
            bool("loop", "loop until timeout or interrupt, rather than one-shot"),
            integer("timeout", 0, "timeout seconds"),
            bool("list", "list valid event types"),
            bool("timestamp", "show timestamp for each printed event")));
}
