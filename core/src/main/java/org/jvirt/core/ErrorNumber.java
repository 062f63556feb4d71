package org.jvirt.core;

/**
 * libvirt's {@code virErrorNumber} codes (virterror.h), as plain ints so that unknown codes pass through unchanged.
 */
public final class ErrorNumber {
    public static final int OK = 0;
    public static final int INTERNAL_ERROR = 1;
    public static final int NO_MEMORY = 2;
    public static final int NO_SUPPORT = 3;
    public static final int UNKNOWN_HOST = 4;
    public static final int NO_CONNECT = 5;
    public static final int INVALID_CONN = 6;
    public static final int INVALID_DOMAIN = 7;
    public static final int INVALID_ARG = 8;
    public static final int OPERATION_FAILED = 9;
    public static final int GET_FAILED = 10;
    public static final int POST_FAILED = 11;
    public static final int HTTP_ERROR = 12;
    public static final int SEXPR_SERIAL = 13;
    public static final int NO_XEN = 14;
    public static final int XEN_CALL = 15;
    public static final int OS_TYPE = 16;
    public static final int NO_KERNEL = 17;
    public static final int NO_ROOT = 18;
    public static final int NO_SOURCE = 19;
    public static final int NO_TARGET = 20;
    public static final int NO_NAME = 21;
    public static final int NO_OS = 22;
    public static final int NO_DEVICE = 23;
    public static final int NO_XENSTORE = 24;
    public static final int DRIVER_FULL = 25;
    public static final int CALL_FAILED = 26;
    public static final int XML_ERROR = 27;
    public static final int DOM_EXIST = 28;
    public static final int OPERATION_DENIED = 29;
    public static final int OPEN_FAILED = 30;
    public static final int READ_FAILED = 31;
    public static final int PARSE_FAILED = 32;
    public static final int CONF_SYNTAX = 33;
    public static final int WRITE_FAILED = 34;
    public static final int XML_DETAIL = 35;
    public static final int INVALID_NETWORK = 36;
    public static final int NETWORK_EXIST = 37;
    public static final int SYSTEM_ERROR = 38;
    public static final int RPC = 39;
    public static final int GNUTLS_ERROR = 40;
    public static final int WAR_NO_NETWORK = 41;
    public static final int NO_DOMAIN = 42;
    public static final int NO_NETWORK = 43;
    public static final int INVALID_MAC = 44;
    public static final int AUTH_FAILED = 45;
    public static final int INVALID_STORAGE_POOL = 46;
    public static final int INVALID_STORAGE_VOL = 47;
    public static final int WAR_NO_STORAGE = 48;
    public static final int NO_STORAGE_POOL = 49;
    public static final int NO_STORAGE_VOL = 50;
    public static final int WAR_NO_NODE = 51;
    public static final int INVALID_NODE_DEVICE = 52;
    public static final int NO_NODE_DEVICE = 53;
    public static final int NO_SECURITY_MODEL = 54;
    public static final int OPERATION_INVALID = 55;
    public static final int WAR_NO_INTERFACE = 56;
    public static final int NO_INTERFACE = 57;
    public static final int INVALID_INTERFACE = 58;
    public static final int MULTIPLE_INTERFACES = 59;
    public static final int WAR_NO_NWFILTER = 60;
    public static final int INVALID_NWFILTER = 61;
    public static final int NO_NWFILTER = 62;
    public static final int BUILD_FIREWALL = 63;
    public static final int WAR_NO_SECRET = 64;
    public static final int INVALID_SECRET = 65;
    public static final int NO_SECRET = 66;
    public static final int CONFIG_UNSUPPORTED = 67;
    public static final int OPERATION_TIMEOUT = 68;
    public static final int MIGRATE_PERSIST_FAILED = 69;
    public static final int HOOK_SCRIPT_FAILED = 70;
    public static final int INVALID_DOMAIN_SNAPSHOT = 71;
    public static final int NO_DOMAIN_SNAPSHOT = 72;
    public static final int INVALID_STREAM = 73;
    public static final int ARGUMENT_UNSUPPORTED = 74;
    public static final int STORAGE_PROBE_FAILED = 75;
    public static final int STORAGE_POOL_BUILT = 76;
    public static final int SNAPSHOT_REVERT_RISKY = 77;
    public static final int OPERATION_ABORTED = 78;
    public static final int AUTH_CANCELLED = 79;
    public static final int NO_DOMAIN_METADATA = 80;
    public static final int MIGRATE_UNSAFE = 81;
    public static final int OVERFLOW = 82;
    public static final int BLOCK_COPY_ACTIVE = 83;
    public static final int OPERATION_UNSUPPORTED = 84;
    public static final int SSH = 85;
    public static final int AGENT_UNRESPONSIVE = 86;
    public static final int RESOURCE_BUSY = 87;
    public static final int ACCESS_DENIED = 88;
    public static final int DBUS_SERVICE = 89;
    public static final int STORAGE_VOL_EXIST = 90;
    public static final int CPU_INCOMPATIBLE = 91;
    public static final int XML_INVALID_SCHEMA = 92;
    public static final int MIGRATE_FINISH_OK = 93;
    public static final int AUTH_UNAVAILABLE = 94;
    public static final int NO_SERVER = 95;
    public static final int NO_CLIENT = 96;
    public static final int AGENT_UNSYNCED = 97;
    public static final int LIBSSH = 98;
    public static final int DEVICE_MISSING = 99;
    public static final int INVALID_NWFILTER_BINDING = 100;
    public static final int NO_NWFILTER_BINDING = 101;
    public static final int INVALID_DOMAIN_CHECKPOINT = 102;
    public static final int NO_DOMAIN_CHECKPOINT = 103;
    public static final int NO_DOMAIN_BACKUP = 104;
    public static final int INVALID_NETWORK_PORT = 105;
    public static final int NETWORK_PORT_EXIST = 106;
    public static final int NO_NETWORK_PORT = 107;
    public static final int NO_HOSTNAME = 108;
    public static final int CHECKPOINT_INCONSISTENT = 109;
    public static final int MULTIPLE_DOMAINS = 110;

    private static final String[] NAMES = {
        "VIR_ERR_OK",
        "VIR_ERR_INTERNAL_ERROR",
        "VIR_ERR_NO_MEMORY",
        "VIR_ERR_NO_SUPPORT",
        "VIR_ERR_UNKNOWN_HOST",
        "VIR_ERR_NO_CONNECT",
        "VIR_ERR_INVALID_CONN",
        "VIR_ERR_INVALID_DOMAIN",
        "VIR_ERR_INVALID_ARG",
        "VIR_ERR_OPERATION_FAILED",
        "VIR_ERR_GET_FAILED",
        "VIR_ERR_POST_FAILED",
        "VIR_ERR_HTTP_ERROR",
        "VIR_ERR_SEXPR_SERIAL",
        "VIR_ERR_NO_XEN",
        "VIR_ERR_XEN_CALL",
        "VIR_ERR_OS_TYPE",
        "VIR_ERR_NO_KERNEL",
        "VIR_ERR_NO_ROOT",
        "VIR_ERR_NO_SOURCE",
        "VIR_ERR_NO_TARGET",
        "VIR_ERR_NO_NAME",
        "VIR_ERR_NO_OS",
        "VIR_ERR_NO_DEVICE",
        "VIR_ERR_NO_XENSTORE",
        "VIR_ERR_DRIVER_FULL",
        "VIR_ERR_CALL_FAILED",
        "VIR_ERR_XML_ERROR",
        "VIR_ERR_DOM_EXIST",
        "VIR_ERR_OPERATION_DENIED",
        "VIR_ERR_OPEN_FAILED",
        "VIR_ERR_READ_FAILED",
        "VIR_ERR_PARSE_FAILED",
        "VIR_ERR_CONF_SYNTAX",
        "VIR_ERR_WRITE_FAILED",
        "VIR_ERR_XML_DETAIL",
        "VIR_ERR_INVALID_NETWORK",
        "VIR_ERR_NETWORK_EXIST",
        "VIR_ERR_SYSTEM_ERROR",
        "VIR_ERR_RPC",
        "VIR_ERR_GNUTLS_ERROR",
        "VIR_WAR_NO_NETWORK",
        "VIR_ERR_NO_DOMAIN",
        "VIR_ERR_NO_NETWORK",
        "VIR_ERR_INVALID_MAC",
        "VIR_ERR_AUTH_FAILED",
        "VIR_ERR_INVALID_STORAGE_POOL",
        "VIR_ERR_INVALID_STORAGE_VOL",
        "VIR_WAR_NO_STORAGE",
        "VIR_ERR_NO_STORAGE_POOL",
        "VIR_ERR_NO_STORAGE_VOL",
        "VIR_WAR_NO_NODE",
        "VIR_ERR_INVALID_NODE_DEVICE",
        "VIR_ERR_NO_NODE_DEVICE",
        "VIR_ERR_NO_SECURITY_MODEL",
        "VIR_ERR_OPERATION_INVALID",
        "VIR_WAR_NO_INTERFACE",
        "VIR_ERR_NO_INTERFACE",
        "VIR_ERR_INVALID_INTERFACE",
        "VIR_ERR_MULTIPLE_INTERFACES",
        "VIR_WAR_NO_NWFILTER",
        "VIR_ERR_INVALID_NWFILTER",
        "VIR_ERR_NO_NWFILTER",
        "VIR_ERR_BUILD_FIREWALL",
        "VIR_WAR_NO_SECRET",
        "VIR_ERR_INVALID_SECRET",
        "VIR_ERR_NO_SECRET",
        "VIR_ERR_CONFIG_UNSUPPORTED",
        "VIR_ERR_OPERATION_TIMEOUT",
        "VIR_ERR_MIGRATE_PERSIST_FAILED",
        "VIR_ERR_HOOK_SCRIPT_FAILED",
        "VIR_ERR_INVALID_DOMAIN_SNAPSHOT",
        "VIR_ERR_NO_DOMAIN_SNAPSHOT",
        "VIR_ERR_INVALID_STREAM",
        "VIR_ERR_ARGUMENT_UNSUPPORTED",
        "VIR_ERR_STORAGE_PROBE_FAILED",
        "VIR_ERR_STORAGE_POOL_BUILT",
        "VIR_ERR_SNAPSHOT_REVERT_RISKY",
        "VIR_ERR_OPERATION_ABORTED",
        "VIR_ERR_AUTH_CANCELLED",
        "VIR_ERR_NO_DOMAIN_METADATA",
        "VIR_ERR_MIGRATE_UNSAFE",
        "VIR_ERR_OVERFLOW",
        "VIR_ERR_BLOCK_COPY_ACTIVE",
        "VIR_ERR_OPERATION_UNSUPPORTED",
        "VIR_ERR_SSH",
        "VIR_ERR_AGENT_UNRESPONSIVE",
        "VIR_ERR_RESOURCE_BUSY",
        "VIR_ERR_ACCESS_DENIED",
        "VIR_ERR_DBUS_SERVICE",
        "VIR_ERR_STORAGE_VOL_EXIST",
        "VIR_ERR_CPU_INCOMPATIBLE",
        "VIR_ERR_XML_INVALID_SCHEMA",
        "VIR_ERR_MIGRATE_FINISH_OK",
        "VIR_ERR_AUTH_UNAVAILABLE",
        "VIR_ERR_NO_SERVER",
        "VIR_ERR_NO_CLIENT",
        "VIR_ERR_AGENT_UNSYNCED",
        "VIR_ERR_LIBSSH",
        "VIR_ERR_DEVICE_MISSING",
        "VIR_ERR_INVALID_NWFILTER_BINDING",
        "VIR_ERR_NO_NWFILTER_BINDING",
        "VIR_ERR_INVALID_DOMAIN_CHECKPOINT",
        "VIR_ERR_NO_DOMAIN_CHECKPOINT",
        "VIR_ERR_NO_DOMAIN_BACKUP",
        "VIR_ERR_INVALID_NETWORK_PORT",
        "VIR_ERR_NETWORK_PORT_EXIST",
        "VIR_ERR_NO_NETWORK_PORT",
        "VIR_ERR_NO_HOSTNAME",
        "VIR_ERR_CHECKPOINT_INCONSISTENT",
        "VIR_ERR_MULTIPLE_DOMAINS",
    };

    private ErrorNumber() {}

    /** The symbolic name libvirt gives {@code code}, or the number itself when libvirt 9.0.0 has no such code. */
    public static String name(int code) {
        return code >= 0 && code < NAMES.length ? NAMES[code] : Integer.toString(code);
    }

    /** One past the highest code libvirt 9.0.0 defines. */
    public static int count() { return NAMES.length; }
}
