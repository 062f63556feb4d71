package org.jvirt.model.checkpoint;

import org.jvirt.model.xml.XmlWriter;

/** Formats a checkpoint exactly as libvirt's virDomainCheckpointDefFormat. */
public final class DomainCheckpointFormatter {
    /** VIR_DOMAIN_CHECKPOINT_FORMAT_NO_DOMAIN: leave out the embedded domain. */
    public static final int FORMAT_NO_DOMAIN = 1 << 1;
    /** VIR_DOMAIN_CHECKPOINT_FORMAT_SIZE: print each bitmap's size. */
    public static final int FORMAT_SIZE = 1 << 2;

    public String format(DomainCheckpointDef def, int flags) {
        XmlWriter w = new XmlWriter();
        w.open("domaincheckpoint");
        w.text("name", def.name());
        w.text("description", def.description());
        if (def.parentName() != null) {
            w.open("parent");
            w.text("name", def.parentName());
            w.close("parent");
        }
        if (def.creationTime() != 0) {
            w.text("creationTime", Long.toString(def.creationTime()));
        }
        if (!def.disks().isEmpty()) {
            w.open("disks");
            for (DomainCheckpointDef.Disk d : def.disks()) {
                if (d.name() == null) {
                    continue;
                }
                String size = d.bitmap() != null && (flags & FORMAT_SIZE) != 0 ? Long.toUnsignedString(d.size())
                        : null;
                w.empty("disk", "name", d.name(), "checkpoint", d.checkpoint(), "bitmap", d.bitmap(), "size", size);
            }
            w.close("disks");
        }
        if ((flags & FORMAT_NO_DOMAIN) == 0 && def.domainXml() != null) {
            w.raw(def.domainXml());
        }
        w.close("domaincheckpoint");
        return w.toString();
    }
}
