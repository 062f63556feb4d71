package org.jvirt.qemu.command;

/**
 * The qemu.conf settings that change the command line: chardev_tls, vnc_tls, vnc_sasl, and whether
 * vnc_tls_x509_secret_uuid is set (its encrypted form cannot be reproduced here, so it is declined), and the host
 * audio backend VNC guests without an {@code <audio>} get when vnc_allow_host_audio is set (the QEMU_AUDIO_DRV
 * environment value; null when the setting is off), spice_tls and spice_sasl. Peer verification is on, as in
 * qemu.conf's defaults.
 */
public record QemuConf(boolean chardevTls, boolean vncTls, boolean vncSasl, boolean vncTlsSecret,
                       String vncHostAudio, boolean spiceTls, boolean spiceSasl) {

    public QemuConf(boolean chardevTls, boolean vncTls, boolean vncSasl, boolean vncTlsSecret) {
        this(chardevTls, vncTls, vncSasl, vncTlsSecret, null, false, false);
    }

    /** qemu.conf's default chardev_tls_x509_cert_dir. */
    public static final String CHARDEV_TLS_DIR = "/etc/pki/libvirt-chardev";
    /** qemu.conf's default vnc_tls_x509_cert_dir. */
    public static final String VNC_TLS_DIR = "/etc/pki/libvirt-vnc";
    /** Where a privileged daemon points QEMU's SASL config. */
    public static final String SASL_CONF_PATH = "/root/.sasl2";

    public static QemuConf defaults() {
        return new QemuConf(false, false, false, false);
    }
}
