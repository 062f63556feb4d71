package org.jvirt.core;

/** libvirt's {@code virErrorDomain} values (virterror.h): which part of libvirt raised an error. */
public final class ErrorDomain {
    public static final int NONE = 0;
    public static final int XEN = 1;
    public static final int XEND = 2;
    public static final int XENSTORE = 3;
    public static final int SEXPR = 4;
    public static final int XML = 5;
    public static final int DOM = 6;
    public static final int RPC = 7;
    public static final int PROXY = 8;
    public static final int CONF = 9;
    public static final int QEMU = 10;
    public static final int NET = 11;
    public static final int TEST = 12;
    public static final int REMOTE = 13;
    public static final int OPENVZ = 14;
    public static final int XENXM = 15;
    public static final int STATS_LINUX = 16;
    public static final int LXC = 17;
    public static final int STORAGE = 18;
    public static final int NETWORK = 19;
    public static final int DOMAIN = 20;
    public static final int UML = 21;
    public static final int NODEDEV = 22;
    public static final int XEN_INOTIFY = 23;
    public static final int SECURITY = 24;
    public static final int VBOX = 25;
    public static final int INTERFACE = 26;
    public static final int ONE = 27;
    public static final int ESX = 28;
    public static final int PHYP = 29;
    public static final int SECRET = 30;
    public static final int CPU = 31;
    public static final int XENAPI = 32;
    public static final int NWFILTER = 33;
    public static final int HOOK = 34;
    public static final int DOMAIN_SNAPSHOT = 35;
    public static final int AUDIT = 36;
    public static final int SYSINFO = 37;
    public static final int STREAMS = 38;
    public static final int VMWARE = 39;
    public static final int EVENT = 40;
    public static final int LIBXL = 41;
    public static final int LOCKING = 42;
    public static final int HYPERV = 43;
    public static final int CAPABILITIES = 44;
    public static final int URI = 45;
    public static final int AUTH = 46;
    public static final int DBUS = 47;
    public static final int PARALLELS = 48;
    public static final int DEVICE = 49;
    public static final int SSH = 50;
    public static final int LOCKSPACE = 51;
    public static final int INITCTL = 52;
    public static final int IDENTITY = 53;
    public static final int CGROUP = 54;
    public static final int ACCESS = 55;
    public static final int SYSTEMD = 56;
    public static final int BHYVE = 57;
    public static final int CRYPTO = 58;
    public static final int FIREWALL = 59;
    public static final int POLKIT = 60;
    public static final int THREAD = 61;
    public static final int ADMIN = 62;
    public static final int LOGGING = 63;
    public static final int XENXL = 64;
    public static final int PERF = 65;
    public static final int LIBSSH = 66;
    public static final int RESCTRL = 67;
    public static final int FIREWALLD = 68;
    public static final int DOMAIN_CHECKPOINT = 69;
    public static final int TPM = 70;
    public static final int BPF = 71;
    public static final int CH = 72;

    private static final String[] NAMES = {
        "VIR_FROM_NONE",
        "VIR_FROM_XEN",
        "VIR_FROM_XEND",
        "VIR_FROM_XENSTORE",
        "VIR_FROM_SEXPR",
        "VIR_FROM_XML",
        "VIR_FROM_DOM",
        "VIR_FROM_RPC",
        "VIR_FROM_PROXY",
        "VIR_FROM_CONF",
        "VIR_FROM_QEMU",
        "VIR_FROM_NET",
        "VIR_FROM_TEST",
        "VIR_FROM_REMOTE",
        "VIR_FROM_OPENVZ",
        "VIR_FROM_XENXM",
        "VIR_FROM_STATS_LINUX",
        "VIR_FROM_LXC",
        "VIR_FROM_STORAGE",
        "VIR_FROM_NETWORK",
        "VIR_FROM_DOMAIN",
        "VIR_FROM_UML",
        "VIR_FROM_NODEDEV",
        "VIR_FROM_XEN_INOTIFY",
        "VIR_FROM_SECURITY",
        "VIR_FROM_VBOX",
        "VIR_FROM_INTERFACE",
        "VIR_FROM_ONE",
        "VIR_FROM_ESX",
        "VIR_FROM_PHYP",
        "VIR_FROM_SECRET",
        "VIR_FROM_CPU",
        "VIR_FROM_XENAPI",
        "VIR_FROM_NWFILTER",
        "VIR_FROM_HOOK",
        "VIR_FROM_DOMAIN_SNAPSHOT",
        "VIR_FROM_AUDIT",
        "VIR_FROM_SYSINFO",
        "VIR_FROM_STREAMS",
        "VIR_FROM_VMWARE",
        "VIR_FROM_EVENT",
        "VIR_FROM_LIBXL",
        "VIR_FROM_LOCKING",
        "VIR_FROM_HYPERV",
        "VIR_FROM_CAPABILITIES",
        "VIR_FROM_URI",
        "VIR_FROM_AUTH",
        "VIR_FROM_DBUS",
        "VIR_FROM_PARALLELS",
        "VIR_FROM_DEVICE",
        "VIR_FROM_SSH",
        "VIR_FROM_LOCKSPACE",
        "VIR_FROM_INITCTL",
        "VIR_FROM_IDENTITY",
        "VIR_FROM_CGROUP",
        "VIR_FROM_ACCESS",
        "VIR_FROM_SYSTEMD",
        "VIR_FROM_BHYVE",
        "VIR_FROM_CRYPTO",
        "VIR_FROM_FIREWALL",
        "VIR_FROM_POLKIT",
        "VIR_FROM_THREAD",
        "VIR_FROM_ADMIN",
        "VIR_FROM_LOGGING",
        "VIR_FROM_XENXL",
        "VIR_FROM_PERF",
        "VIR_FROM_LIBSSH",
        "VIR_FROM_RESCTRL",
        "VIR_FROM_FIREWALLD",
        "VIR_FROM_DOMAIN_CHECKPOINT",
        "VIR_FROM_TPM",
        "VIR_FROM_BPF",
        "VIR_FROM_CH",
    };

    private ErrorDomain() {}

    /**
     * The domain libvirt's public API reports its own errors in (NO_SUPPORT, read-only denials) for public function
     * {@code function}: the VIR_FROM_THIS of the libvirt-*.c file that defines it, e.g. virNetworkDestroy and
     * virConnectListAllNetworks come from libvirt-network.c (NETWORK), virNodeGetInfo from libvirt-host.c (DOMAIN).
     */
    public static int ofFunction(String function) {
        String f = function == null ? "" : function;
        if (f.startsWith("virDomainSnapshot") || f.equals("virDomainListAllSnapshots")
                || f.equals("virDomainHasCurrentSnapshot") || f.equals("virDomainRevertToSnapshot")) {
            return DOMAIN_SNAPSHOT;
        }
        if (f.startsWith("virDomainCheckpoint") || f.equals("virDomainListAllCheckpoints")) {
            return DOMAIN_CHECKPOINT;
        }
        if (f.startsWith("virDomain")) {
            return DOMAIN;
        }
        if (f.contains("NWFilter")) {
            return NWFILTER;
        }
        if (f.contains("Network")) {
            return NETWORK;
        }
        if (f.contains("Storage")) {
            return STORAGE;
        }
        if (f.contains("Secret")) {
            return SECRET;
        }
        if (f.contains("Interface")) {
            return INTERFACE;
        }
        if (f.contains("NodeDevice") || f.equals("virNodeNumOfDevices") || f.equals("virNodeListDevices")) {
            return NODEDEV;
        }
        if (f.startsWith("virStream")) {
            return STREAMS;
        }
        return DOMAIN;
    }

    /** The symbolic name libvirt gives {@code domain}, or the number itself for one libvirt 9.0.0 does not define. */
    public static String name(int domain) {
        return domain >= 0 && domain < NAMES.length ? NAMES[domain] : Integer.toString(domain);
    }
}
