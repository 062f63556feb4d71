package org.jvirt.model.secret;

import java.util.List;
import java.util.UUID;

/**
 * A secret's metadata: libvirt's {@code virSecretDef} ({@code <secret>}, formatsecret.rst). The value itself is
 * never part of the XML.
 *
 * @param usageType one of {@link #USAGE_TYPES}; "none" when there is no {@code <usage>}
 * @param usageId the volume path, Ceph/TLS/vTPM name or iSCSI target (null for "none")
 */
public record SecretDef(boolean ephemeral, boolean isPrivate, UUID uuid, boolean uuidSpecified, String description,
                        String usageType, String usageId) {

    /** virSecretUsageType in enum order (VIR_SECRET_USAGE_TYPE_NONE = 0 ...). */
    public static final List<String> USAGE_TYPES = List.of("none", "volume", "ceph", "iscsi", "tls", "vtpm");

    /** The VIR_SECRET_USAGE_TYPE_* number of {@link #usageType}. */
    public int usageTypeNumber() {
        return USAGE_TYPES.indexOf(usageType);
    }

    public SecretDef withUuid(UUID u) {
        return new SecretDef(ephemeral, isPrivate, u, true, description, usageType, usageId);
    }
}
