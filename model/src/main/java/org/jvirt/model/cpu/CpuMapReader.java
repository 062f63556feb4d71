package org.jvirt.model.cpu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.xml.XmlNode;
import org.jvirt.model.xml.XmlParser;

/**
 * Reads libvirt's CPU map from an installed directory at run time, as libvirt's cpu_map.c reads its data dir:
 * {@code index.xml} names, per architecture, the files to include; each holds {@code vendor}, {@code feature} and
 * {@code model} elements. jvirt ships no copy of the map (see docs/cpu-map.md): the directory is the system property
 * {@code jvirt.cpu_map} when set, else /usr/share/jvirt/cpu_map when it exists, else libvirt's own
 * /usr/share/libvirt/cpu_map.
 */
public final class CpuMapReader {
    static final String PROPERTY = "jvirt.cpu_map";
    static final Path JVIRT_DIR = Path.of("/usr/share/jvirt/cpu_map");
    static final Path LIBVIRT_DIR = Path.of("/usr/share/libvirt/cpu_map");

    private final Path dir;
    private final XmlParser parser = new XmlParser();

    public CpuMapReader(Path dir) {
        this.dir = dir;
    }

    /** The reader of the directory this process uses (see the class comment). */
    public static CpuMapReader system() {
        String prop = System.getProperty(PROPERTY);
        if (prop != null && !prop.isEmpty()) {
            return new CpuMapReader(Path.of(prop));
        }
        return new CpuMapReader(Files.isDirectory(JVIRT_DIR) ? JVIRT_DIR : LIBVIRT_DIR);
    }

    public Path dir() {
        return dir;
    }

    /** The x86 map (libvirt's virCPUx86LoadMap). */
    public X86Map x86() {
        X86Builder b = new X86Builder();
        load("x86", b::vendor, b::feature, b::model);
        return new X86Map(b.vendors, b.features, b.models);
    }

    /** The ppc64 map (libvirt's ppc64LoadMap); ppc64 has no feature elements. */
    public Ppc64Map ppc64() {
        List<String> vendors = new ArrayList<>();
        List<Ppc64Map.Model> models = new ArrayList<>();
        load("ppc64", (n, name) -> {
            if (vendors.contains(name)) {
                throw internal("CPU vendor " + name + " already defined");
            }
            vendors.add(name);
        }, null, (n, name) -> {
            if (models.stream().anyMatch(m -> m.name().equals(name))) {
                throw internal("Multiple definitions of CPU model '" + name + "'");
            }
            String vendor = null;
            if (n.child("vendor") != null) {
                vendor = n.child("vendor").attr("name");
                if (vendor == null) {
                    throw internal("Invalid vendor element in CPU model " + name);
                }
                if (!vendors.contains(vendor)) {
                    throw internal("Unknown vendor " + vendor + " referenced by CPU model " + name);
                }
            }
            models.add(new Ppc64Map.Model(name, vendor));
        });
        return new Ppc64Map(vendors, models);
    }

    /** One element handler: the element and its (present) name. */
    @FunctionalInterface
    interface Handler {
        void accept(XmlNode node, String name);
    }

    /** cpuMapLoad: the arch's own elements, then each include in order, vendors, features and models per file. */
    private void load(String arch, Handler vendor, Handler feature, Handler model) {
        Path index = dir.resolve("index.xml");
        XmlNode root = read(index);
        XmlNode archNode = null;
        for (XmlNode a : root.children("arch")) {
            if (arch.equals(a.attr("name"))) {
                archNode = a;
                break;
            }
        }
        if (archNode == null) {
            throw internal("cannot find CPU map for " + arch + " architecture");
        }
        loadElements(index, archNode, vendor, feature, model);
        for (XmlNode inc : archNode.children("include")) {
            String file = inc.attr("filename");
            if (file == null) {
                throw internal("Missing 'filename' in CPU map include");
            }
            Path path = dir.resolve(file);
            loadElements(path, read(path), vendor, feature, model);
        }
    }

    private static void loadElements(Path file, XmlNode parent, Handler vendor, Handler feature, Handler model) {
        loadData(file, parent, "vendor", vendor);
        loadData(file, parent, "feature", feature);
        loadData(file, parent, "model", model);
    }

    private static void loadData(Path file, XmlNode parent, String element, Handler handler) {
        List<XmlNode> nodes = parent.children(element);
        if (!nodes.isEmpty() && handler == null) {
            throw internal("Unexpected element '" + element + "' in CPU map '" + file + "'");
        }
        for (XmlNode n : nodes) {
            String name = n.attr("name");
            if (name == null) {
                throw internal("cannot find " + element + " name in CPU map '" + file + "'");
            }
            handler.accept(n, name);
        }
    }

    /**
     * virXMLParseFileCtxt: libxml2 prints its diagnostics on the process's stderr before libvirt reports the error
     * (so jvirt prints the same lines): an I/O warning for a file it cannot open, preceded by one "Permission
     * denied" line per attempt for an unreadable one; an I/O error for a directory, which parses as empty.
     */
    private XmlNode read(Path file) {
        String text;
        try {
            if (Files.isDirectory(file)) {
                System.err.println("I/O error : Is a directory");
                text = "";
            } else {
                text = Files.readString(file, StandardCharsets.UTF_8);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof java.nio.file.AccessDeniedException) {
                System.err.println("I/O error : Permission denied");
                System.err.println("I/O error : Permission denied");
            }
            System.err.println("I/O warning : failed to load external entity \"" + file + "\"");
            throw VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.CPU,
                    "failed to parse xml document '" + file + "'");
        }
        return new XmlNode(parser.parse(text, file.toString(), ErrorDomain.CPU).getDocumentElement());
    }

    static VirException internal(String detail) {
        return VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.CPU, detail);
    }

    /** Collects the x86 map in order, with the checks of libvirt's x86VendorParse, x86FeatureParse, x86ModelParse. */
    private static final class X86Builder {
        final List<X86Map.Vendor> vendors = new ArrayList<>();
        final List<X86Map.Feature> features = new ArrayList<>();
        final List<X86Map.Model> models = new ArrayList<>();

        void vendor(XmlNode n, String name) {
            if (find(vendors, name, X86Map.Vendor::name) != null) {
                throw internal("CPU vendor " + name + " already defined");
            }
            String string = n.attr("string");
            if (string == null) {
                throw internal("Missing vendor string for CPU vendor " + name);
            }
            if (string.length() != 12) {
                throw internal("Invalid CPU vendor string '" + string + "'");
            }
            vendors.add(new X86Map.Vendor(name, vendorData(string)));
        }

        void feature(XmlNode n, String name) {
            if (find(features, name, X86Map.Feature::name) != null) {
                throw internal("CPU feature " + name + " already defined");
            }
            // x86ParseDataItemList: every child but an alias is a cpuid or else an msr item, counted together
            List<XmlNode> items = n.children();
            if (items.isEmpty()) {
                throw internal("no x86 CPU data found");
            }
            X86Data data = X86Data.EMPTY;
            int i = 0;
            for (XmlNode item : items) {
                if (item.name().equals("alias")) {
                    continue;
                }
                data = data.union(item.name().equals("cpuid") ? cpuid(item, "Invalid cpuid[" + i + "]")
                        : msr(item, "Invalid msr[" + i + "]"));
                i++;
            }
            features.add(new X86Map.Feature(name, data, !"no".equals(n.attr("migratable"))));
        }

        void model(XmlNode n, String name) {
            if (find(models, name, X86Map.Model::name) != null) {
                throw internal("Multiple definitions of CPU model '" + name + "'");
            }
            XmlNode decode = n.child("decode");
            if (decode == null) {
                throw internal("missing decode element in CPU model " + name);
            }
            X86Map.Vendor vendor = null;
            X86Data data = X86Data.EMPTY;
            XmlNode ancestorNode = n.child("model");
            if (ancestorNode != null) {
                String ancestorName = ancestorNode.attr("name");
                if (ancestorName == null) {
                    throw internal("Missing ancestor's name in CPU model " + name);
                }
                X86Map.Model ancestor = find(models, ancestorName, X86Map.Model::name);
                if (ancestor == null) {
                    throw internal("Ancestor model " + ancestorName + " not found for CPU model " + name);
                }
                vendor = ancestor.vendor();
                data = ancestor.data();
            }
            XmlNode vendorNode = n.child("vendor");
            if (vendorNode != null) {
                String vendorName = vendorNode.attr("name");
                if (vendorName == null) {
                    throw internal("Invalid vendor element in CPU model " + name);
                }
                vendor = find(vendors, vendorName, X86Map.Vendor::name);
                if (vendor == null) {
                    throw internal("Unknown vendor " + vendorName + " referenced by CPU model " + name);
                }
            }
            List<String> removed = new ArrayList<>();
            for (XmlNode f : n.children("feature")) {
                String fname = f.attr("name");
                if (fname == null) {
                    throw internal("Missing feature name for CPU model " + name);
                }
                X86Map.Feature feature = find(features, fname, X86Map.Feature::name);
                if (feature == null) {
                    throw internal("Feature " + fname + " required by CPU model " + name + " not found");
                }
                if ("yes".equals(f.attr("removed"))) {
                    removed.add(fname);
                } else {
                    data = data.union(feature.data());
                }
            }
            models.add(new X86Map.Model(name, vendor, "on".equals(decode.attr("host")),
                    "on".equals(decode.attr("guest")), data, removed));
        }

        private static X86Data cpuid(XmlNode c, String bad) {
            long eaxIn = hex(c, "eax_in", true, bad);
            long ecxIn = hex(c, "ecx_in", false, bad);
            X86Data data = X86Data.EMPTY;
            String[] regs = {"eax", "ebx", "ecx", "edx"};
            for (int r = 0; r < regs.length; r++) {
                int bits = (int) hex(c, regs[r], false, bad);
                data = data.union(X86Data.of(new X86Data.Word(false, eaxIn, ecxIn, r), bits));
            }
            return data;
        }

        private static X86Data msr(XmlNode m, String bad) {
            long index = hex(m, "index", true, bad);
            int eax = (int) hex(m, "eax", true, bad);
            int edx = (int) hex(m, "edx", true, bad);
            return X86Data.of(new X86Data.Word(true, index, 0, X86Data.EAX), eax)
                    .union(X86Data.of(new X86Data.Word(true, index, 0, X86Data.EDX), edx));
        }

        /** The vendor string as CPUID leaf 0 returns it: four characters each in EBX, EDX, ECX, little-endian. */
        private static X86Data vendorData(String s) {
            byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
            X86Data d = X86Data.EMPTY;
            int[] regs = {X86Data.EBX, X86Data.EDX, X86Data.ECX};
            for (int r = 0; r < 3; r++) {
                int v = (b[r * 4] & 0xff) | (b[r * 4 + 1] & 0xff) << 8 | (b[r * 4 + 2] & 0xff) << 16
                        | (b[r * 4 + 3] & 0xff) << 24;
                d = d.union(X86Data.of(new X86Data.Word(false, 0, 0, regs[r]), v));
            }
            return d;
        }

        /** A 32-bit unsigned attribute in C notation (0x... hexadecimal); absent is 0 unless required. */
        private static long hex(XmlNode n, String attr, boolean required, String error) {
            String v = n.attr(attr);
            if (v == null) {
                if (required) {
                    throw internal(error);
                }
                return 0;
            }
            try {
                long value = v.startsWith("0x") || v.startsWith("0X") ? Long.parseLong(v.substring(2), 16)
                        : Long.parseLong(v);
                if (value < 0 || value > 0xffffffffL) {
                    throw internal(error);
                }
                return value;
            } catch (NumberFormatException e) {
                throw internal(error);
            }
        }

        private static <T> T find(List<T> list, String name, Function<T, String> key) {
            for (T t : list) {
                if (key.apply(t).equals(name)) {
                    return t;
                }
            }
            return null;
        }
    }
}
