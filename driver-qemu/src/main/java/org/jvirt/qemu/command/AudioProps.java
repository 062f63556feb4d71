package org.jvirt.qemu.command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jvirt.model.domain.XmlElem;

/**
 * The -audiodev JSON of qemuBuildAudioCommandLine: backend name, top-level backend options, and the "in"/"out"
 * stream objects. Property order is libvirt's (fixed per property, not the XML attribute order). Attributes not
 * listed here are refused rather than dropped.
 */
final class AudioProps {

    private AudioProps() {}

    private enum T { INT, BOOL, STR }

    private record Prop(String xml, String qemu, T type) {}

    private static final List<Prop> COMMON = List.of(new Prop("mixingEngine", "mixing-engine", T.BOOL),
            new Prop("fixedSettings", "fixed-settings", T.BOOL), new Prop("voices", "voices", T.INT),
            new Prop("bufferLength", "buffer-length", T.INT));

    private static final List<Prop> SETTINGS = List.of(new Prop("frequency", "frequency", T.INT),
            new Prop("channels", "channels", T.INT), new Prop("format", "format", T.STR));

    private static final Map<String, List<Prop>> STREAM = Map.of(
            "alsa", List.of(new Prop("dev", "dev", T.STR)),
            "pulseaudio", List.of(new Prop("name", "name", T.STR), new Prop("streamName", "stream-name", T.STR),
                    new Prop("latency", "latency", T.INT)),
            "jack", List.of(new Prop("serverName", "server-name", T.STR),
                    new Prop("clientName", "client-name", T.STR), new Prop("connectPorts", "connect-ports", T.STR),
                    new Prop("exactName", "exact-name", T.BOOL)),
            "coreaudio", List.of(new Prop("bufferCount", "buffer-count", T.INT)));

    private static final Map<String, List<Prop>> TOP = Map.of(
            "pulseaudio", List.of(new Prop("serverName", "server", T.STR)),
            "file", List.of(new Prop("path", "path", T.STR)));

    private static final Map<String, String> DRIVER = Map.of("none", "none", "alsa", "alsa", "coreaudio",
            "coreaudio", "jack", "jack", "oss", "oss", "sdl", "sdl", "spice", "spice", "pulseaudio", "pa",
            "file", "wav");

    static String json(XmlElem x) {
        String type = x.attr("type");
        String drv = DRIVER.get(type);
        if (drv == null) {
            throw QemuCommandBuilder.unsupported("audio " + type);
        }
        Json j = Json.obj().put("id", "audio" + x.attr("id")).put("driver", drv);
        List<Prop> top = new java.util.ArrayList<>(List.of(new Prop("timerPeriod", "timer-period", T.INT)));
        top.addAll(TOP.getOrDefault(type, List.of()));
        check(x, top, Set.of("id", "type"));
        putAll(j, x, top);
        for (XmlElem c : x.children()) {
            if (!c.name().equals("input") && !c.name().equals("output")) {
                throw QemuCommandBuilder.unsupported("audio " + c.name());
            }
        }
        stream(j, x.child("input"), "in", type);
        stream(j, x.child("output"), "out", type);
        return j.toString();
    }

    private static void stream(Json j, XmlElem s, String key, String type) {
        if (s == null) {
            return;
        }
        List<Prop> own = STREAM.getOrDefault(type, List.of());
        List<Prop> all = new java.util.ArrayList<>(COMMON);
        all.addAll(own);
        check(s, all, Set.of());
        Json o = Json.obj();
        putAll(o, s, COMMON);
        XmlElem settings = s.child("settings");
        for (XmlElem c : s.children()) {
            if (!c.name().equals("settings")) {
                throw QemuCommandBuilder.unsupported("audio " + c.name());
            }
        }
        if (settings != null) {
            check(settings, SETTINGS, Set.of());
            putAll(o, settings, SETTINGS);
        }
        putAll(o, s, own);
        j.put(key, new Raw(o.toString()));
    }

    /** An already-serialised JSON value. */
    record Raw(String json) {
        @Override
        public String toString() {
            return json;
        }
    }

    private static void check(XmlElem x, List<Prop> known, Set<String> extra) {
        Map<String, Prop> byName = new LinkedHashMap<>();
        known.forEach(p -> byName.put(p.xml(), p));
        for (XmlElem.Attr a : x.attrs()) {
            if (!byName.containsKey(a.name()) && !extra.contains(a.name())) {
                throw QemuCommandBuilder.unsupported("audio attribute " + a.name());
            }
        }
    }

    private static void putAll(Json j, XmlElem x, List<Prop> props) {
        for (Prop p : props) {
            String v = x.attr(p.xml());
            if (v == null) {
                continue;
            }
            j.put(p.qemu(), switch (p.type()) {
                case INT -> Long.parseLong(v);
                case BOOL -> "yes".equals(v);
                case STR -> v;
            });
        }
    }
}
