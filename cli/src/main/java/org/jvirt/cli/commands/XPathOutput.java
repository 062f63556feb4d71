package org.jvirt.cli.commands;

import java.util.List;
import org.jvirt.cli.Cmd;
import org.jvirt.cli.Ctl;
import org.jvirt.cli.Options;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.w3c.dom.Node;

/** virsh's virshDumpXML: the XML as is, or the nodes an {@code --xpath} selects, optionally {@code --wrap}ped. */
final class XPathOutput {
    private XPathOutput() {}

    static boolean print(Ctl ctl, Cmd cmd, String xml) {
        String xpath = Options.string(ctl, cmd, "xpath");
        boolean wrap = cmd.has("wrap");
        if (xpath == null) {
            ctl.print(xml);
            return true;
        }
        Xml doc = Xml.parse(xml);
        List<Node> nodes = doc.nodeSet(xpath);
        if (nodes == null) {
            ctl.setLastError(VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.XML,
                    "Incorrect xpath '" + xpath + "'"));
            return false;
        }
        if (wrap) {
            ctl.print(Xml.wrap(nodes) + "\n");
        } else {
            for (Node n : nodes) {
                ctl.print(Xml.dump(n) + "\n");
            }
        }
        return true;
    }
}
