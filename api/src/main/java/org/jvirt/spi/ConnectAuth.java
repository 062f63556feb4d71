package org.jvirt.spi;

import java.util.List;

/** libvirt's {@code virConnectAuth}: credential types the caller can answer, and a callback to answer them. */
public record ConnectAuth(List<Integer> credTypes, Callback callback) {
    public static final int CRED_USERNAME = 1;
    public static final int CRED_AUTHNAME = 2;
    public static final int CRED_LANGUAGE = 3;
    public static final int CRED_CNONCE = 4;
    public static final int CRED_PASSPHRASE = 5;
    public static final int CRED_ECHOPROMPT = 6;
    public static final int CRED_NOECHOPROMPT = 7;
    public static final int CRED_REALM = 8;
    public static final int CRED_EXTERNAL = 9;

    /** One question: type, prompt, challenge and default; the callback returns the answers in order. */
    public record Credential(int type, String prompt, String challenge, String defaultResult) {}

    @FunctionalInterface
    public interface Callback {
        List<String> answer(List<Credential> credentials);
    }
}
