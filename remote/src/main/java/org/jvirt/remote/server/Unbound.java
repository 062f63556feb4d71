package org.jvirt.remote.server;

import static org.jvirt.rpc.protocol.remote.RemoteProcedures.*;

/**
 * The REMOTE procedures jvirtd answers with VIR_ERR_NO_SUPPORT, listed so that a new procedure can never be
 * forgotten silently: migration (no migration support yet), SASL/polkit authentication (jvirtd offers only
 * REMOTE_AUTH_NONE in AUTH_LIST, so a conforming client never calls them), the legacy pre-callback-id event
 * registration (clients use the callback-id style when CONNECT_SUPPORTS_FEATURE says REMOTE_EVENT_CALLBACK), the
 * file-descriptor procedures, and calls the public API does not offer yet.
 */
final class Unbound {
    private Unbound() {}

    static void install(Bindings b) {
        b.unsupported(AUTH_SASL_INIT, AUTH_SASL_START, AUTH_SASL_STEP, AUTH_POLKIT);
        b.unsupported(CONNECT_DOMAIN_EVENT_REGISTER, CONNECT_DOMAIN_EVENT_DEREGISTER,
                CONNECT_DOMAIN_EVENT_REGISTER_ANY, CONNECT_DOMAIN_EVENT_DEREGISTER_ANY);
        b.unsupported(DOMAIN_MIGRATE_PREPARE, DOMAIN_MIGRATE_PERFORM, DOMAIN_MIGRATE_FINISH,
                DOMAIN_MIGRATE_PREPARE2, DOMAIN_MIGRATE_FINISH2, DOMAIN_MIGRATE_PREPARE_TUNNEL,
                DOMAIN_MIGRATE_BEGIN3, DOMAIN_MIGRATE_PREPARE3, DOMAIN_MIGRATE_PREPARE_TUNNEL3,
                DOMAIN_MIGRATE_PERFORM3, DOMAIN_MIGRATE_FINISH3, DOMAIN_MIGRATE_CONFIRM3,
                DOMAIN_MIGRATE_BEGIN3_PARAMS, DOMAIN_MIGRATE_PREPARE3_PARAMS, DOMAIN_MIGRATE_PREPARE_TUNNEL3_PARAMS,
                DOMAIN_MIGRATE_PERFORM3_PARAMS, DOMAIN_MIGRATE_FINISH3_PARAMS, DOMAIN_MIGRATE_CONFIRM3_PARAMS,
                DOMAIN_MIGRATE_SET_MAX_DOWNTIME, DOMAIN_MIGRATE_GET_MAX_DOWNTIME, DOMAIN_MIGRATE_SET_MAX_SPEED,
                DOMAIN_MIGRATE_GET_MAX_SPEED, DOMAIN_MIGRATE_GET_COMPRESSION_CACHE,
                DOMAIN_MIGRATE_SET_COMPRESSION_CACHE, DOMAIN_MIGRATE_START_POST_COPY);
        b.unsupported(DOMAIN_OPEN_GRAPHICS, DOMAIN_OPEN_GRAPHICS_FD, DOMAIN_CREATE_XML_WITH_FILES,
                DOMAIN_CREATE_WITH_FILES, DOMAIN_FD_ASSOCIATE);
        b.unsupported(CONNECT_SET_IDENTITY, DOMAIN_AUTHORIZED_SSH_KEYS_GET, DOMAIN_AUTHORIZED_SSH_KEYS_SET,
                DOMAIN_START_DIRTY_RATE_CALC, DOMAIN_SET_LAUNCH_SECURITY_STATE, DOMAIN_SAVE_PARAMS,
                DOMAIN_RESTORE_PARAMS, DOMAIN_ABORT_JOB_FLAGS);
    }
}
