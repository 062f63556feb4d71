package org.jvirt.cli.commands;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.jvirt.api.Domain;
import org.jvirt.api.Interface;
import org.jvirt.api.NWFilter;
import org.jvirt.api.Network;
import org.jvirt.api.StoragePool;
import org.jvirt.cli.Cmd;
import org.jvirt.cli.Ctl;
import org.jvirt.cli.Handler;

/**
 * The *-edit commands (virsh-edit.c): the object's XML goes to a temporary file, the user's $VISUAL or $EDITOR
 * (vi by default) edits it on the terminal, and a changed document is defined again.
 */
final class EditCommands {
    private EditCommands() {}

    /** How one kind of object is fetched, redefined and named in messages. */
    private record Kind<T>(Function<T, String> xml, java.util.function.BiFunction<Ctl, String, T> define,
                           Function<T, String> name, String notChanged, String edited) {}

    static void register(Map<String, Handler> m) {
        m.put("edit", (ctl, cmd) -> {
            Domain d = Lookup.domain(ctl, cmd);
            return d != null && edit(ctl, cmd, d, new Kind<Domain>(x -> x.getXMLDesc(Domain.XML_SECURE
                    | Domain.XML_INACTIVE), (c, xml) -> c.conn().domainDefineXMLFlags(xml, 0), Domain::getName,
                    "Domain '%s' XML configuration not changed.\n", "Domain '%s' XML configuration edited.\n"));
        });
        m.put("net-edit", (ctl, cmd) -> {
            Network n = Lookup.network(ctl, cmd);
            return n != null && edit(ctl, cmd, n, new Kind<Network>(x -> x.getXMLDesc(1),
                    (c, xml) -> c.conn().networkDefineXML(xml), Network::getName,
                    "Network %s XML configuration not changed.\n", "Network %s XML configuration edited.\n"));
        });
        m.put("pool-edit", (ctl, cmd) -> {
            StoragePool p = Lookup.pool(ctl, cmd, "pool");
            return p != null && edit(ctl, cmd, p, new Kind<StoragePool>(x -> x.getXMLDesc(1),
                    (c, xml) -> c.conn().storagePoolDefineXML(xml, 0), StoragePool::getName,
                    "Pool %s XML configuration not changed.\n", "Pool %s XML configuration edited.\n"));
        });
        m.put("iface-edit", (ctl, cmd) -> {
            Interface i = Lookup.iface(ctl, cmd, "interface");
            return i != null && edit(ctl, cmd, i, new Kind<Interface>(x -> x.getXMLDesc(1),
                    (c, xml) -> c.conn().interfaceDefineXML(xml, 0), Interface::getName,
                    "Interface %s XML configuration not changed.\n", "Interface %s XML configuration edited.\n"));
        });
        m.put("snapshot-edit", (ctl, cmd) -> {
            Domain d = Lookup.domain(ctl, cmd);
            if (d == null) {
                return false;
            }
            String name = org.jvirt.cli.Options.string(ctl, cmd, "snapshotname");
            org.jvirt.api.DomainSnapshot snap = name != null ? d.snapshotLookupByName(name, 0) : d.snapshotCurrent(0);
            return edit(ctl, cmd, snap, new Kind<org.jvirt.api.DomainSnapshot>(x -> x.getXMLDesc(Domain.XML_SECURE),
                    (c, xml) -> d.snapshotCreateXML(xml, 1 | (cmd.has("current") ? 2 : 0)),
                    org.jvirt.api.DomainSnapshot::getName, "Snapshot %s XML configuration not changed.\n",
                    "Snapshot %s edited.\n"));
        });
        m.put("checkpoint-edit", (ctl, cmd) -> {
            Domain d = Lookup.domain(ctl, cmd);
            if (d == null) {
                return false;
            }
            String name = org.jvirt.cli.Options.string(ctl, cmd, "checkpointname");
            if (name == null) {
                ctl.error("--checkpointname is required");
                return false;
            }
            org.jvirt.api.DomainCheckpoint chk = d.checkpointLookupByName(name, 0);
            return edit(ctl, cmd, chk, new Kind<org.jvirt.api.DomainCheckpoint>(x -> x.getXMLDesc(1),
                    (c, xml) -> d.checkpointCreateXML(xml, 1), org.jvirt.api.DomainCheckpoint::getName,
                    "Checkpoint %s XML configuration not changed.\n", "Checkpoint %s edited.\n"));
        });
        m.put("managedsave-edit", (ctl, cmd) -> {
            Domain d = Lookup.domain(ctl, cmd);
            int flags = (cmd.has("running") ? 2 : 0) | (cmd.has("paused") ? 4 : 0);
            return d != null && edit(ctl, cmd, d, new Kind<Domain>(x -> x.managedSaveGetXMLDesc(Domain.XML_SECURE),
                    (c, xml) -> {
                        d.managedSaveDefineXML(xml, flags);
                        return d;
                    }, Domain::getName, "Managed save image of domain '%s' XML configuration not changed.\n",
                    "Managed save image of Domain '%s' XML configuration edited.\n"));
        });
        m.put("save-image-edit", (ctl, cmd) -> {
            String file = org.jvirt.cli.Options.string(ctl, cmd, "file");
            String path = ctl.file(file).toString();
            int flags = (cmd.has("running") ? 2 : 0) | (cmd.has("paused") ? 4 : 0);
            return edit(ctl, cmd, path, new Kind<String>(x -> ctl.conn().domainSaveImageGetXMLDesc(x,
                    Domain.XML_SECURE), (c, xml) -> {
                        c.conn().domainSaveImageDefineXML(path, xml, flags);
                        return file;
                    }, x -> file, "Image %s XML configuration not changed.\n", "State file %s edited.\n"));
        });
        m.put("nwfilter-edit", (ctl, cmd) -> {
            NWFilter f = Lookup.nwfilter(ctl, cmd);
            return f != null && edit(ctl, cmd, f, new Kind<NWFilter>(x -> x.getXMLDesc(0),
                    (c, xml) -> c.conn().nwfilterDefineXML(xml), NWFilter::getName,
                    "Network filter %s XML configuration not changed.\n",
                    "Network filter %s XML configuration edited.\n"));
        });
    }

    private static <T> boolean edit(Ctl ctl, Cmd cmd, T obj, Kind<T> kind) {
        String doc = kind.xml().apply(obj);
        Path tmp;
        try {
            tmp = Files.createTempFile("virsh", ".xml");
            Files.writeString(tmp, doc, StandardCharsets.UTF_8);
        } catch (IOException e) {
            ctl.errorf("failed to create temporary file: %s", e.getMessage());
            return false;
        }
        try {
            if (!runEditor(ctl, tmp)) {
                return false;
            }
            String edited = Files.readString(tmp, StandardCharsets.UTF_8);
            if (edited.equals(doc)) {
                ctl.printExtra(String.format(kind.notChanged(), kind.name().apply(obj)));
                return true;
            }
            if (!kind.xml().apply(obj).equals(doc)) {
                ctl.error("ERROR: the XML configuration was changed by another user");
                return false;
            }
            T redefined = kind.define().apply(ctl, edited);
            ctl.printExtra(String.format(kind.edited(), kind.name().apply(redefined)));
            return true;
        } catch (IOException e) {
            ctl.errorf("%s: failed to read temporary file: %s", tmp, e.getMessage());
            return false;
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                // a leftover temporary file is harmless
            }
        }
    }

    /** vshEditFile: "$EDITOR file" through the shell, on the process's own terminal. */
    private static boolean runEditor(Ctl ctl, Path file) {
        String editor = System.getenv("VISUAL");
        if (editor == null || editor.isEmpty()) {
            editor = System.getenv("EDITOR");
        }
        if (editor == null || editor.isEmpty()) {
            editor = "vi";
        }
        String command = editor + " " + org.jvirt.cli.Escapes.shell(file.toString());
        try {
            Process p = new ProcessBuilder("sh", "-c", command).inheritIO().start();
            int rc = p.waitFor();
            if (rc != 0) {
                ctl.errorf("Child process (%s) unexpected exit status %d", command, rc);
                return false;
            }
            return true;
        } catch (IOException e) {
            ctl.errorf("Cannot run %s: %s", command, e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
