package org.jvirt.cli.def;

import static org.jvirt.cli.def.CmdDef.cmd;
import static org.jvirt.cli.def.OptDef.*;

import java.util.List;

/**
 * Definitions of virsh's "Host and Hypervisor" group (tools/virsh-host.c):
 * names, options in virsh's order, flags and help texts, as virsh 9.0.0 declares them.
 * Option order matters: positional arguments fill the non-boolean options in this order.
 */
final class HostDefs {
    private HostDefs() {}

    static final List<CmdDef> COMMANDS = List.of(
        cmd("allocpages", 0, "Manipulate pages pool size", "Allocate or free some pages in the pool for NUMA cell.",
            integer("pagesize", REQ | COMPLETER, "page size (in kibibytes)"),
            integer("pagecount", REQ, "page count"),
            integer("cellno", COMPLETER, "NUMA cell number"),
            bool("add", "instead of setting new pool size add pages to it"),
            bool("all", "set on all NUMA cells")),
        cmd("capabilities", 0, "capabilities", "Returns capabilities of hypervisor/driver."),
        cmd("cpu-baseline", 0, "compute baseline CPU", "Compute baseline CPU for a set of given CPUs.",
            data("file", REQ | COMPLETER, "file containing XML CPU descriptions"),
            bool("features", "Show features that are part of the CPU model type"),
            bool("migratable", "Do not include features that block migration")),
        cmd("cpu-compare", 0, "compare host CPU with a CPU described by an XML file", "compare CPU with host CPU",
            data("file", REQ | COMPLETER, "file containing an XML CPU description"),
            bool("error", "report error if CPUs are incompatible"),
            bool("validate", "validate the XML document against schema")),
        cmd("cpu-models", 0, "CPU models", "Get the CPU models for an arch.",
            data("arch", REQ | COMPLETER, "architecture")),
        cmd("domcapabilities", 0, "domain capabilities",
            "Returns capabilities of emulator with respect to host and libvirt.",
            string("virttype", COMPLETER, "virtualization type (/domain/@type)"),
            string("emulatorbin", 0, "path to emulator binary (/domain/devices/emulator)"),
            string("arch", COMPLETER, "domain architecture (/domain/os/type/@arch)"),
            string("machine", 0, "machine type (/domain/os/type/@machine)")),
        cmd("freecell", 0, "NUMA free memory", "display available free memory for the NUMA cell.",
            integer("cellno", COMPLETER, "NUMA cell number"),
            bool("all", "show free memory for all NUMA cells")),
        cmd("freepages", 0, "NUMA free pages", "display available free pages for the NUMA cell.",
            integer("cellno", COMPLETER, "NUMA cell number"),
            integer("pagesize", COMPLETER, "page size (in kibibytes)"),
            bool("all", "show free pages for all NUMA cells")),
        cmd("hostname", 0, "print the hypervisor hostname", ""),
        cmd("hypervisor-cpu-baseline", 0, "compute baseline CPU usable by a specific hypervisor",
            "Compute baseline CPU for a set of given CPUs. The result will be tailored to the specified hypervisor.",
            string("file", COMPLETER, "file containing XML CPU descriptions"),
            string("virttype", COMPLETER, "virtualization type (/domain/@type)"),
            string("emulator", 0, "path to emulator binary (/domain/devices/emulator)"),
            string("arch", COMPLETER, "CPU architecture (/domain/os/type/@arch)"),
            string("machine", 0, "machine type (/domain/os/type/@machine)"),
            bool("features", "Show features that are part of the CPU model type"),
            bool("migratable", "Do not include features that block migration"),
            string("model", COMPLETER, "Shortcut for calling the command with a single CPU model and no additional features")),
        cmd("hypervisor-cpu-compare", 0, "compare a CPU with the CPU created by a hypervisor on the host",
            "compare CPU with hypervisor CPU",
            data("file", REQ | COMPLETER, "file containing an XML CPU description"),
            string("virttype", COMPLETER, "virtualization type (/domain/@type)"),
            string("emulator", 0, "path to emulator binary (/domain/devices/emulator)"),
            string("arch", COMPLETER, "CPU architecture (/domain/os/type/@arch)"),
            string("machine", 0, "machine type (/domain/os/type/@machine)"),
            bool("error", "report error if CPUs are incompatible"),
            bool("validate", "validate the XML document against schema")),
        cmd("maxvcpus", 0, "connection vcpu maximum",
            "Show maximum number of virtual CPUs for guests on this connection.",
            string("type", COMPLETER, "domain type")),
        cmd("node-memory-tune", 0, "Get or set node memory parameters",
            "Get or set node memory parameters\n    To get the memory parameters, use following command: \n\n    virsh # node-memory-tune",
            integer("shm-pages-to-scan", 0, "number of pages to scan before the shared memory service goes to sleep"),
            integer("shm-sleep-millisecs", 0, "number of millisecs the shared memory service should sleep before next scan"),
            integer("shm-merge-across-nodes", 0, "Specifies if pages from different numa nodes can be merged")),
        cmd("nodecpumap", 0, "node cpu map",
            "Displays the node's total number of CPUs, the number of online CPUs and the list of online CPUs.",
            bool("pretty", "return human readable output")),
        cmd("nodecpustats", 0, "Prints cpu stats of the node.", "Returns cpu stats of the node, in nanoseconds.",
            integer("cpu", COMPLETER, "prints specified cpu statistics only."),
            bool("percent", "prints by percentage during 1 second.")),
        cmd("nodeinfo", 0, "node information", "Returns basic information about the node."),
        cmd("nodememstats", 0, "Prints memory stats of the node.", "Returns memory stats of the node, in kilobytes.",
            integer("cell", 0, "prints specified cell statistics only.")),
        cmd("nodesevinfo", 0, "node SEV information", "Returns basic SEV information about the node."),
        cmd("nodesuspend", 0, "suspend the host node for a given time duration",
            "Suspend the host node for a given time duration and attempt to resume thereafter.",
            data("target", REQ | COMPLETER, "mem(Suspend-to-RAM), disk(Suspend-to-Disk), hybrid(Hybrid-Suspend)"),
            integer("duration", REQ, "Suspend duration in seconds, at least 60")),
        cmd("sysinfo", 0, "print the hypervisor sysinfo",
            "output an XML string for the hypervisor sysinfo, if available"),
        cmd("uri", 0, "print the hypervisor canonical URI", ""),
        cmd("version", 0, "show version", "Display the system version information.",
            bool("daemon", "report daemon version too")));
}
