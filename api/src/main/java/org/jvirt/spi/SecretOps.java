package org.jvirt.spi;

import java.util.List;
import java.util.UUID;
import org.jvirt.spi.Refs.SecretRef;

/** Secrets: libvirt's {@code virSecretDriver}. */
public interface SecretOps {
    default List<SecretRef> listAll(int flags) { throw Unsupported.of("virConnectListAllSecrets"); }

    default int numOfSecrets() { throw Unsupported.of("virConnectNumOfSecrets"); }

    default List<String> listSecrets(int maxuuids) { throw Unsupported.of("virConnectListSecrets"); }

    default SecretRef lookupByUUID(UUID uuid) { throw Unsupported.of("virSecretLookupByUUID"); }

    default SecretRef lookupByUsage(int usageType, String usageId) {
        throw Unsupported.of("virSecretLookupByUsage");
    }

    default SecretRef defineXML(String xml, int flags) { throw Unsupported.of("virSecretDefineXML"); }

    default String getXMLDesc(SecretRef secret, int flags) { throw Unsupported.of("virSecretGetXMLDesc"); }

    default void setValue(SecretRef secret, byte[] value, int flags) { throw Unsupported.of("virSecretSetValue"); }

    default byte[] getValue(SecretRef secret, int flags) { throw Unsupported.of("virSecretGetValue"); }

    default void undefine(SecretRef secret) { throw Unsupported.of("virSecretUndefine"); }
}
