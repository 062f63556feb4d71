package org.jvirt.driver.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jvirt.api.Records.NodeInfo;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.XmlElem;
import org.jvirt.model.xml.XmlParser;

/**
 * Fills a {@link TestDriver} from a node document (libvirt's testOpenParse): node info ({@code <cpu>},
 * {@code <memory>}), then domains, networks, interfaces, pools with their volumes, and node devices. Each object
 * may be inline or a {@code file="..."} include, resolved against the node file's directory. Domains may carry the
 * test namespace's {@code <test:runstate>}, {@code <test:transient/>} and {@code <test:hasmanagedsave/>}.
 */
final class NodeFileLoader {
    static final String TEST_NS = "http://libvirt.org/schemas/domain/test/1.0";
    /** The test driver's pool size: 100 GiB, nothing allocated. */
    static final long DEFAULT_POOL_CAPACITY = 100L * 1024 * 1024 * 1024;

    private final TestDriver driver;
    private final Path baseDir;
    private final XmlParser parser = new XmlParser();

    /** {@code baseDir} resolves relative includes; null for the built-in default node. */
    NodeFileLoader(TestDriver driver, Path baseDir) {
        this.driver = driver;
        this.baseDir = baseDir;
    }

    /** test:///default: the built-in node, plus the two NUMA cells testOpenDefault sets up in code. */
    static TestDriver loadDefault() {
        TestDriver d = new TestDriver();
        new NodeFileLoader(d, null).load(DefaultNodeXml.XML, "(test driver)");
        d.cells = List.of(new TestDriver.Cell(0, 2097152, 1048576, 0, 8),
                new TestDriver.Cell(1, 4194304, 2097152, 8, 8));
        return d;
    }

    static TestDriver loadFile(Path file) {
        String xml = readFile(file);
        TestDriver d = new TestDriver();
        try {
            new NodeFileLoader(d, file.getParent()).load(xml, file.toString());
        } catch (RuntimeException e) {
            d.close();
            throw e;
        }
        return d;
    }

    void load(String xml, String url) {
        XmlElem root = xml(xml, url, "node");
        driver.nodeInfo = parseNodeInfo(root, driver.nodeInfo);
        String testPrefix = testPrefix(root, null);
        for (XmlElem n : root.children("domain")) {
            loadDomain(resolve(n, "domain"), testPrefix);
        }
        for (XmlElem n : root.children("network")) {
            TestObjects.Network net = new TestObjects.Network(TestNetworks.parse(GenericXml.toXml(
                    resolve(n, "network"))));
            net.active = true;
            net.persistent = true;
            driver.objects.networks.add(net);
        }
        for (XmlElem n : root.children("interface")) {
            TestObjects.Iface iface = new TestObjects.Iface(TestInterfaces.parse(GenericXml.toXml(
                    resolve(n, "interface"))));
            iface.active = true;
            driver.objects.interfaces.add(iface);
        }
        for (XmlElem n : root.children("pool")) {
            // as in libvirt, the volumes are looked up beside the pool's own XML: for an included pool that is
            // the included file, so volumes written under <pool file='...'> in the node file are not loaded
            XmlElem pe = resolve(n, "pool");
            TestObjects.Pool pool = new TestObjects.Pool(TestStorage.parsePool(GenericXml.toXml(pe)));
            pool.active = true;
            pool.persistent = true;
            pool.capacity = DEFAULT_POOL_CAPACITY;
            for (XmlElem v : pe.children("volume")) {
                TestStorage.addVolume(pool, GenericXml.toXml(resolve(v, "volume")));
            }
            driver.objects.pools.add(pool);
        }
        for (XmlElem n : root.children("device")) {
            driver.objects.nodeDevices.add(new TestObjects.NodeDev(TestNodeDevices.parse(GenericXml.toXml(
                    resolve(n, "device")))));
        }
    }

    /** A malformed node file is reported from the test driver (VIR_FROM_TEST), as libvirt does. */
    private XmlElem xml(String text, String url, String root) {
        parser.parseRoot(text, url, root, org.jvirt.core.ErrorDomain.TEST);
        return GenericXml.readOrdered(text);
    }

    /** The prefix bound to the test namespace on {@code e}, else {@code inherited}. */
    private static String testPrefix(XmlElem e, String inherited) {
        for (XmlElem.Attr a : e.attrs()) {
            if (a.name().startsWith("xmlns:") && TEST_NS.equals(a.value())) {
                return a.name().substring("xmlns:".length());
            }
        }
        return inherited;
    }

    private void loadDomain(XmlElem el, String inheritedPrefix) {
        String prefix = testPrefix(el, inheritedPrefix);
        int runstate = DomainStates.RUNNING;
        boolean transientDom = false;
        boolean managedSave = false;
        List<XmlElem> kept = new ArrayList<>();
        for (XmlElem e : el.children()) {
            if (prefix == null || !e.name().startsWith(prefix + ":")) {
                kept.add(e);
                continue;
            }
            switch (e.name().substring(prefix.length() + 1)) {
                case "runstate" -> {
                    try {
                        runstate = Integer.parseInt(e.text() == null ? "" : e.text().strip());
                    } catch (NumberFormatException ex) {
                        throw Errors.xml("invalid runstate");
                    }
                    if (runstate < 0 || runstate > DomainStates.PMSUSPENDED) {
                        throw Errors.xml("runstate '" + runstate + "' out of range'");
                    }
                }
                case "transient" -> transientDom = true;
                case "hasmanagedsave" -> managedSave = true;
                default -> { }
            }
        }
        if (transientDom && runstate == DomainStates.SHUTOFF) {
            throw Errors.xml("transient domain cannot have runstate 'shutoff'");
        }
        if (managedSave && runstate != DomainStates.SHUTOFF) {
            throw Errors.xml("domain with managedsave data can only have runstate 'shutoff'");
        }
        List<XmlElem.Attr> attrs = el.attrs().stream()
                .filter(a -> prefix == null || !a.name().equals("xmlns:" + prefix)).toList();
        DomainDef def = driver.domainXml.parse(GenericXml.toXml(el.withChildren(kept).withAttrs(attrs)));
        def = TestDomainStore.generateIfnames(def);
        TestDomainStore.checkDuplicate(driver, def, false);
        TestDomainObj obj = new TestDomainObj(def);
        obj.persistent = !transientDom;
        obj.hasManagedSave = managedSave;
        driver.domains.put(def.uuid(), obj);
        if (runstate != DomainStates.SHUTOFF) {
            TestLifecycle.startState(driver, obj, DomainStates.RUNNING_BOOTED);
        }
        obj.setState(runstate, 0);
    }

    /** An element, or the root of the file its {@code file} attribute names (relative to the node file). */
    private XmlElem resolve(XmlElem n, String root) {
        String file = n.attr("file");
        if (file == null) {
            return n;
        }
        Path p = Path.of(file);
        if (!p.isAbsolute() && baseDir != null) {
            p = baseDir.resolve(p);
        }
        return xml(readFile(p), p.toString(), root);
    }

    /**
     * Reads a node file or an included file. libxml2, which reads them in libvirt, prints its own diagnostics on the
     * process's stderr before libvirt reports the error, so jvirt prints the same lines: an I/O warning for a file
     * it cannot open (after one "Permission denied" line per attempt for an unreadable one), an I/O error for a
     * directory, which then parses as an empty document.
     */
    private static String readFile(Path p) {
        if (Files.isDirectory(p)) {
            System.err.println("I/O error : Is a directory");
            return "";
        }
        try {
            return Files.readString(p);
        } catch (IOException | RuntimeException e) {
            if (e instanceof java.nio.file.AccessDeniedException) {
                System.err.println("I/O error : Permission denied");
                System.err.println("I/O error : Permission denied");
            }
            System.err.println("I/O warning : failed to load external entity \"" + p + "\"");
            throw Errors.xml("failed to parse xml document '" + p + "'");
        }
    }

    private static NodeInfo parseNodeInfo(XmlElem root, NodeInfo d) {
        XmlElem cpu = root.child("cpu");
        int nodes = d.nodes();
        int sockets = d.sockets();
        int cores = d.cores();
        int threads = d.threads();
        int cpus = d.cpus();
        int mhz = d.mhz();
        String model = d.model();
        long memory = d.memory();
        if (cpu != null) {
            nodes = (int) number(cpu.childText("nodes"), nodes, "invalid node cpu nodes value");
            sockets = (int) number(cpu.childText("sockets"), sockets, "invalid node cpu sockets value");
            cores = (int) number(cpu.childText("cores"), cores, "invalid node cpu cores value");
            threads = (int) number(cpu.childText("threads"), threads, "invalid node cpu threads value");
            cpus = nodes * sockets * cores * threads;
            long active = number(cpu.childText("active"), cpus, "invalid node cpu active value");
            if (active < cpus) {
                cpus = (int) active;
            }
            mhz = (int) number(cpu.childText("mhz"), mhz, "invalid node cpu mhz value");
            String m = cpu.childText("model");
            if (m != null) {
                if (m.length() >= 32) {
                    throw Errors.internal("Model " + m + " too big for destination");
                }
                model = m;
            }
        }
        memory = number(root.childText("memory"), memory, "invalid node memory value");
        return new NodeInfo(model, memory, cpus, mhz, nodes, sockets, cores, threads);
    }

    private static long number(String text, long dflt, String error) {
        if (text == null) {
            return dflt;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw Errors.xml(error);
        }
    }
}
