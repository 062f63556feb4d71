package org.jvirt.model.domain;

import java.util.ArrayList;
import java.util.List;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

/**
 * Character device sources (virDomainChrSourceDefParseXML / Format / Validate) for serial, parallel, console and
 * channel devices and the chardev backends of smartcards, redirdevs and egd RNGs: modes default to "connect",
 * a UDP source prints bind before connect, TCP always prints its protocol.
 */
final class ChardevSources {
    private ChardevSources() {
    }

    /**
     * Normalises the sources under {@code holder} (the device element, or an RNG's backend) of chardev type
     * {@code type}; {@code needsPath} says a unix source must name a path (redirdev, RNG).
     */
    static XmlElem apply(XmlElem holder, String type, boolean needsPath) {
        if (type == null) {
            return holder;
        }
        if (!type.equals("tcp") && holder.child("protocol") != null) {
            // Only TCP character devices have a wire protocol.
            holder = holder.withoutChildren("protocol");
        }
        List<XmlElem> sources = holder.children("source");
        if (type.equals("udp")) {
            if (sources.size() > 2) {
                throw xmlError("only two source elements are allowed for character device");
            }
        } else if (sources.size() > 1) {
            throw xmlError("only one source element is allowed for character device");
        }
        switch (type) {
            case "tcp" -> {
                XmlElem s = sources.isEmpty() ? XmlElem.of("source") : sources.getFirst();
                s = s.withDefaultAttr("mode", "connect");
                reconnect(s);
                if (s.attr("host") == null) {
                    throw internal("Missing source host attribute for char device");
                }
                if (s.attr("service") == null) {
                    throw internal("Missing source service attribute for char device");
                }
                holder = replaceSources(holder, List.of(s));
                if (holder.child("protocol") == null) {
                    holder = DomainPostParse.insertAfterLast(holder, XmlElem.of("protocol", "type", "raw"),
                            java.util.Set.of("source", "log"));
                }
            }
            case "udp" -> {
                XmlElem bind = null;
                XmlElem connect = null;
                for (XmlElem s : sources) {
                    if ("bind".equals(s.attr("mode"))) {
                        bind = s;
                    } else {
                        connect = s.withDefaultAttr("mode", "connect");
                    }
                }
                if (connect == null || connect.attr("service") == null) {
                    throw internal("Missing source service attribute for char device");
                }
                List<XmlElem> ordered = new ArrayList<>();
                if (bind != null) {
                    ordered.add(bind);
                }
                ordered.add(connect);
                holder = replaceSources(holder, ordered);
            }
            case "unix" -> {
                if (sources.isEmpty()) {
                    if (needsPath) {
                        throw internal("Missing source path attribute for char device");
                    }
                    return holder;
                }
                XmlElem s = sources.getFirst().withDefaultAttr("mode", "connect");
                reconnect(s);
                if (s.attr("path") == null) {
                    if (needsPath) {
                        throw internal("Missing source path attribute for char device");
                    }
                    return holder.withChild("source", null);
                }
                holder = holder.withChild("source", s);
            }
            default -> {
            }
        }
        return holder;
    }

    private static void reconnect(XmlElem s) {
        XmlElem r = s.child("reconnect");
        if (r == null) {
            return;
        }
        if ("yes".equals(r.attr("enabled")) && r.attr("timeout") == null) {
            throw xmlError("Missing required attribute 'timeout' in element 'reconnect'");
        }
        if ("bind".equals(s.attr("mode"))) {
            throw internal("chardev reconnect is possible only for connect mode");
        }
    }

    private static XmlElem replaceSources(XmlElem holder, List<XmlElem> sources) {
        List<XmlElem> out = new ArrayList<>();
        boolean placed = false;
        for (XmlElem c : holder.children()) {
            if (c.name().equals("source")) {
                if (!placed) {
                    out.addAll(sources);
                    placed = true;
                }
            } else {
                out.add(c);
            }
        }
        if (!placed) {
            out.addAll(0, sources);
        }
        return holder.withChildren(out);
    }

    private static VirException xmlError(String detail) {
        return VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.DOMAIN, detail);
    }

    private static VirException internal(String detail) {
        return VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.DOMAIN, detail);
    }
}
