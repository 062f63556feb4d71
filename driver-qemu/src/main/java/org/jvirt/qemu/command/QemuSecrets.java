package org.jvirt.qemu.command;

import org.jvirt.model.domain.XmlElem;

/**
 * The values of libvirt secrets a domain refers to ({@code <auth><secret type= usage=|uuid=/>}), handed to QEMU as
 * secret objects encrypted with the domain's master key (qemuBuildSecretInfoProps: AES-256-CBC, base64, a fresh IV
 * each). A build without one declines what needs a secret.
 */
public interface QemuSecrets {

    /** The secret {@code ref} names, encrypted with the master key (keyid masterKey0). */
    Encrypted encrypt(XmlElem ref);

    /** Base64 ciphertext and initialisation vector. */
    record Encrypted(String data, String iv) {}
}
