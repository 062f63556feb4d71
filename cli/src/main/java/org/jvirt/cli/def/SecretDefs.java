package org.jvirt.cli.def;

import static org.jvirt.cli.def.CmdDef.cmd;
import static org.jvirt.cli.def.OptDef.*;

import java.util.List;

/**
 * Definitions of virsh's "Secret" group (tools/virsh-secret.c):
 * names, options in virsh's order, flags and help texts, as virsh 9.0.0 declares them.
 * Option order matters: positional arguments fill the non-boolean options in this order.
 */
final class SecretDefs {
    private SecretDefs() {}

    static final List<CmdDef> COMMANDS = List.of(
        cmd("secret-define", 0, "define or modify a secret from an XML file", "Define or modify a secret.",
            data("file", REQ | COMPLETER, "file containing secret attributes in XML"),
            bool("validate", "validate the XML against the schema")),
        cmd("secret-dumpxml", 0, "secret attributes in XML",
            "Output attributes of a secret as an XML dump to stdout.",
            data("secret", REQ | COMPLETER, "secret UUID"),
            string("xpath", REQ_OPT | COMPLETER, "xpath expression to filter the XML document"),
            bool("wrap", "wrap xpath results in an common root element")),
        cmd("secret-event", 0, "Secret Events", "List event types, or wait for secret events to occur",
            string("secret", COMPLETER, "filter by secret name or uuid"),
            string("event", COMPLETER, "which event type to wait for"),
            bool("loop", "loop until timeout or interrupt, rather than one-shot"),
            integer("timeout", 0, "timeout seconds"),
            bool("list", "list valid event types"),
            bool("timestamp", "show timestamp for each printed event")),
        cmd("secret-get-value", 0, "Output a secret value", "Output a secret value to stdout.",
            data("secret", REQ | COMPLETER, "secret UUID"),
            bool("plain", "get value without converting to base64")),
        cmd("secret-list", 0, "list secrets", "Returns a list of secrets",
            bool("ephemeral", "list ephemeral secrets"),
            bool("no-ephemeral", "list non-ephemeral secrets"),
            bool("private", "list private secrets"),
            bool("no-private", "list non-private secrets")),
        cmd("secret-set-value", 0, "set a secret value", "Set a secret value.",
            data("secret", REQ | COMPLETER, "secret UUID"),
            string("file", REQ_OPT | COMPLETER, "read secret from file"),
            bool("plain", "read the secret from file without converting from base64"),
            bool("interactive", "read the secret from the terminal"),
            string("base64", COMPLETER, "base64-encoded secret value")),
        cmd("secret-undefine", 0, "undefine a secret", "Undefine a secret.",
            data("secret", REQ | COMPLETER, "secret UUID")));
}
