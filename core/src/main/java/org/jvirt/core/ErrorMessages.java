package org.jvirt.core;

/**
 * libvirt's standard message prefixes per error code ({@code virErrorMsg} in virerror.c): one text for an error
 * without detail, one with a {@code %s} for the detail. Texts are libvirt's exactly, since scripts match on them.
 */
public final class ErrorMessages {
    private static final String[][] TEXTS = {
        {"no error", null},
        {"internal error", "internal error: %s"}, // VIR_ERR_INTERNAL_ERROR
        {"out of memory", "out of memory: %s"}, // VIR_ERR_NO_MEMORY
        {"this function is not supported by the connection driver", "this function is not supported by the connection driver: %s"}, // VIR_ERR_NO_SUPPORT
        {"unknown host", "unknown host %s"}, // VIR_ERR_UNKNOWN_HOST
        {"no connection driver available", "no connection driver available for %s"}, // VIR_ERR_NO_CONNECT
        {"invalid connection pointer in", "invalid connection pointer in %s"}, // VIR_ERR_INVALID_CONN
        {"invalid domain pointer in", "invalid domain pointer in %s"}, // VIR_ERR_INVALID_DOMAIN
        {"invalid argument", "invalid argument: %s"}, // VIR_ERR_INVALID_ARG
        {"operation failed", "operation failed: %s"}, // VIR_ERR_OPERATION_FAILED
        {"GET operation failed", "GET operation failed: %s"}, // VIR_ERR_GET_FAILED
        {"POST operation failed", "POST operation failed: %s"}, // VIR_ERR_POST_FAILED
        {"got unknown HTTP error code", "got unknown HTTP error code %s"}, // VIR_ERR_HTTP_ERROR
        {"failed to serialize S-Expr", "failed to serialize S-Expr: %s"}, // VIR_ERR_SEXPR_SERIAL
        {"could not use Xen hypervisor entry", "could not use Xen hypervisor entry %s"}, // VIR_ERR_NO_XEN
        {"failed Xen syscall", "failed Xen syscall %s"}, // VIR_ERR_XEN_CALL
        {"unknown OS type", "unknown OS type %s"}, // VIR_ERR_OS_TYPE
        {"missing kernel information", "missing kernel information: %s"}, // VIR_ERR_NO_KERNEL
        {"missing root device information", "missing root device information in %s"}, // VIR_ERR_NO_ROOT
        {"missing source information for device", "missing source information for device %s"}, // VIR_ERR_NO_SOURCE
        {"missing target information for device", "missing target information for device %s"}, // VIR_ERR_NO_TARGET
        {"missing name information", "missing name information in %s"}, // VIR_ERR_NO_NAME
        {"missing operating system information", "missing operating system information for %s"}, // VIR_ERR_NO_OS
        {"missing devices information", "missing devices information for %s"}, // VIR_ERR_NO_DEVICE
        {"could not connect to Xen Store", "could not connect to Xen Store %s"}, // VIR_ERR_NO_XENSTORE
        {"too many drivers registered", "too many drivers registered in %s"}, // VIR_ERR_DRIVER_FULL
        {"library call failed", "library call failed: %s"}, // VIR_ERR_CALL_FAILED
        {"XML description is invalid or not well formed", "XML error: %s"}, // VIR_ERR_XML_ERROR
        {"this domain exists already", "domain %s exists already"}, // VIR_ERR_DOM_EXIST
        {"operation forbidden for read only access", "operation forbidden: %s"}, // VIR_ERR_OPERATION_DENIED
        {"failed to open configuration file", "failed to open configuration file %s"}, // VIR_ERR_OPEN_FAILED
        {"failed to read configuration file", "failed to read configuration file %s"}, // VIR_ERR_READ_FAILED
        {"failed to parse configuration file", "failed to parse configuration file %s"}, // VIR_ERR_PARSE_FAILED
        {"configuration file syntax error", "configuration file syntax error: %s"}, // VIR_ERR_CONF_SYNTAX
        {"failed to write configuration file", "failed to write configuration file: %s"}, // VIR_ERR_WRITE_FAILED
        {"parser error", "%s"}, // VIR_ERR_XML_DETAIL
        {"invalid network pointer in", "invalid network pointer in %s"}, // VIR_ERR_INVALID_NETWORK
        {"this network exists already", "network %s exists already"}, // VIR_ERR_NETWORK_EXIST
        {"system call error", "%s"}, // VIR_ERR_SYSTEM_ERROR
        {"RPC error", "%s"}, // VIR_ERR_RPC
        {"GNUTLS call error", "%s"}, // VIR_ERR_GNUTLS_ERROR
        {"Failed to find the network", "Failed to find the network: %s"}, // VIR_WAR_NO_NETWORK
        {"Domain not found", "Domain not found: %s"}, // VIR_ERR_NO_DOMAIN
        {"Network not found", "Network not found: %s"}, // VIR_ERR_NO_NETWORK
        {"invalid MAC address", "invalid MAC address: %s"}, // VIR_ERR_INVALID_MAC
        {"authentication failed", "authentication failed: %s"}, // VIR_ERR_AUTH_FAILED
        {"invalid storage pool pointer in", "invalid storage pool pointer in %s"}, // VIR_ERR_INVALID_STORAGE_POOL
        {"invalid storage volume pointer in", "invalid storage volume pointer in %s"}, // VIR_ERR_INVALID_STORAGE_VOL
        {"Failed to find a storage driver", "Failed to find a storage driver: %s"}, // VIR_WAR_NO_STORAGE
        {"Storage pool not found", "Storage pool not found: %s"}, // VIR_ERR_NO_STORAGE_POOL
        {"Storage volume not found", "Storage volume not found: %s"}, // VIR_ERR_NO_STORAGE_VOL
        {"Failed to find a node driver", "Failed to find a node driver: %s"}, // VIR_WAR_NO_NODE
        {"invalid node device pointer", "invalid node device pointer in %s"}, // VIR_ERR_INVALID_NODE_DEVICE
        {"Node device not found", "Node device not found: %s"}, // VIR_ERR_NO_NODE_DEVICE
        {"Security model not found", "Security model not found: %s"}, // VIR_ERR_NO_SECURITY_MODEL
        {"Requested operation is not valid", "Requested operation is not valid: %s"}, // VIR_ERR_OPERATION_INVALID
        {"Failed to find the interface", "Failed to find the interface: %s"}, // VIR_WAR_NO_INTERFACE
        {"Interface not found", "Interface not found: %s"}, // VIR_ERR_NO_INTERFACE
        {"invalid interface pointer in", "invalid interface pointer in %s"}, // VIR_ERR_INVALID_INTERFACE
        {"multiple matching interfaces found", "multiple matching interfaces found: %s"}, // VIR_ERR_MULTIPLE_INTERFACES
        {"Failed to start the nwfilter driver", "Failed to start the nwfilter driver: %s"}, // VIR_WAR_NO_NWFILTER
        {"Invalid network filter", "Invalid network filter: %s"}, // VIR_ERR_INVALID_NWFILTER
        {"Network filter not found", "Network filter not found: %s"}, // VIR_ERR_NO_NWFILTER
        {"Error while building firewall", "Error while building firewall: %s"}, // VIR_ERR_BUILD_FIREWALL
        {"Failed to find a secret storage driver", "Failed to find a secret storage driver: %s"}, // VIR_WAR_NO_SECRET
        {"Invalid secret", "Invalid secret: %s"}, // VIR_ERR_INVALID_SECRET
        {"Secret not found", "Secret not found: %s"}, // VIR_ERR_NO_SECRET
        {"unsupported configuration", "unsupported configuration: %s"}, // VIR_ERR_CONFIG_UNSUPPORTED
        {"Timed out during operation", "Timed out during operation: %s"}, // VIR_ERR_OPERATION_TIMEOUT
        {"Failed to make domain persistent after migration", "Failed to make domain persistent after migration: %s"}, // VIR_ERR_MIGRATE_PERSIST_FAILED
        {"Hook script execution failed", "Hook script execution failed: %s"}, // VIR_ERR_HOOK_SCRIPT_FAILED
        {"Invalid domain snapshot", "Invalid domain snapshot: %s"}, // VIR_ERR_INVALID_DOMAIN_SNAPSHOT
        {"Domain snapshot not found", "Domain snapshot not found: %s"}, // VIR_ERR_NO_DOMAIN_SNAPSHOT
        {"invalid stream pointer", "invalid stream pointer in %s"}, // VIR_ERR_INVALID_STREAM
        {"argument unsupported", "argument unsupported: %s"}, // VIR_ERR_ARGUMENT_UNSUPPORTED
        {"Storage pool probe failed", "Storage pool probe failed: %s"}, // VIR_ERR_STORAGE_PROBE_FAILED
        {"Storage pool already built", "Storage pool already built: %s"}, // VIR_ERR_STORAGE_POOL_BUILT
        {"revert requires force", "revert requires force: %s"}, // VIR_ERR_SNAPSHOT_REVERT_RISKY
        {"operation aborted", "operation aborted: %s"}, // VIR_ERR_OPERATION_ABORTED
        {"authentication cancelled", "authentication cancelled: %s"}, // VIR_ERR_AUTH_CANCELLED
        {"metadata not found", "metadata not found: %s"}, // VIR_ERR_NO_DOMAIN_METADATA
        {"Unsafe migration", "Unsafe migration: %s"}, // VIR_ERR_MIGRATE_UNSAFE
        {"numerical overflow", "numerical overflow: %s"}, // VIR_ERR_OVERFLOW
        {"block copy still active", "block copy still active: %s"}, // VIR_ERR_BLOCK_COPY_ACTIVE
        {"Operation not supported", "Operation not supported: %s"}, // VIR_ERR_OPERATION_UNSUPPORTED
        {"SSH transport error", "SSH transport error: %s"}, // VIR_ERR_SSH
        {"Guest agent is not responding", "Guest agent is not responding: %s"}, // VIR_ERR_AGENT_UNRESPONSIVE
        {"resource busy", "resource busy: %s"}, // VIR_ERR_RESOURCE_BUSY
        {"access denied", "access denied: %s"}, // VIR_ERR_ACCESS_DENIED
        {"error from service", "error from service: %s"}, // VIR_ERR_DBUS_SERVICE
        {"this storage volume exists already", "storage volume %s exists already"}, // VIR_ERR_STORAGE_VOL_EXIST
        {"the CPU is incompatible with host CPU", "the CPU is incompatible with host CPU: %s"}, // VIR_ERR_CPU_INCOMPATIBLE
        {"XML document failed to validate against schema", "XML document failed to validate against schema: %s"}, // VIR_ERR_XML_INVALID_SCHEMA
        {"migration successfully aborted", "migration successfully aborted: %s"}, // VIR_ERR_MIGRATE_FINISH_OK
        {"authentication unavailable", "authentication unavailable: %s"}, // VIR_ERR_AUTH_UNAVAILABLE
        {"Server not found", "Server not found: %s"}, // VIR_ERR_NO_SERVER
        {"Client not found", "Client not found: %s"}, // VIR_ERR_NO_CLIENT
        {"guest agent replied with wrong id to guest-sync command", "guest agent replied with wrong id to guest-sync command: %s"}, // VIR_ERR_AGENT_UNSYNCED
        {"libssh transport error", "libssh transport error: %s"}, // VIR_ERR_LIBSSH
        {"device not found", "device not found: %s"}, // VIR_ERR_DEVICE_MISSING
        {"Invalid network filter binding", "Invalid network filter binding: %s"}, // VIR_ERR_INVALID_NWFILTER_BINDING
        {"Network filter binding not found", "Network filter binding not found: %s"}, // VIR_ERR_NO_NWFILTER_BINDING
        {"Invalid domain checkpoint", "Invalid domain checkpoint: %s"}, // VIR_ERR_INVALID_DOMAIN_CHECKPOINT
        {"Domain checkpoint not found", "Domain checkpoint not found: %s"}, // VIR_ERR_NO_DOMAIN_CHECKPOINT
        {"Domain backup job id not found", "Domain backup job id not found: %s"}, // VIR_ERR_NO_DOMAIN_BACKUP
        {"Invalid network port pointer", "Invalid network port pointer: %s"}, // VIR_ERR_INVALID_NETWORK_PORT
        {"this network port exists already", "network port %s exists already"}, // VIR_ERR_NETWORK_PORT_EXIST
        {"network port not found", "network port not found: %s"}, // VIR_ERR_NO_NETWORK_PORT
        {"no hostname found", "no hostname found: %s"}, // VIR_ERR_NO_HOSTNAME
        {"checkpoint inconsistent", "checkpoint inconsistent: %s"}, // VIR_ERR_CHECKPOINT_INCONSISTENT
        {"multiple matching domains found", "multiple matching domains found: %s"}, // VIR_ERR_MULTIPLE_DOMAINS
    };

    private ErrorMessages() {}

    /** The template for {@code code}: with {@code %s} when {@code withDetail}, without otherwise. */
    public static String prefix(int code, boolean withDetail) {
        if (code <= 0 || code >= TEXTS.length) {
            return withDetail ? "%s" : "unknown error";
        }
        return TEXTS[code][withDetail ? 1 : 0];
    }

    /** The whole message libvirt's {@code virReportError} builds for {@code code} and {@code detail}. */
    public static String format(int code, String detail) {
        if (detail == null) {
            return prefix(code, false);
        }
        return prefix(code, true).replace("%s", detail);
    }
}
