package org.jvirt.qemu.driver;

import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

/**
 * Keycode translation for send-key (libvirt's virkeycode.c): QEMU takes "qnum" codes, which are XT scancodes with
 * the 0xe0 prefix folded into bit 7. QNUM/RFB pass through; XT and AT set 1 are the same numbers; Linux keycodes
 * 1-83 equal their XT scancodes (the PC keyboard block). Other codes of other sets are refused rather than guessed.
 */
final class KeyCodes {
    static final int LINUX = 0;
    static final int XT = 1;
    static final int ATSET1 = 2;
    static final int QNUM = 9;
    private static final String[] NAMES = {"linux", "xt", "atset1", "atset2", "atset3", "osx", "xt_kbd", "usb",
        "win32", "qnum"};

    private KeyCodes() {}

    static int toQnum(int codeset, int code) {
        switch (codeset) {
            case QNUM, XT, ATSET1 -> {
                return code;
            }
            case LINUX -> {
                if (code >= 1 && code <= 83) {
                    return code;
                }
            }
            default -> {
            }
        }
        String set = codeset >= 0 && codeset < NAMES.length ? NAMES[codeset] : Integer.toString(codeset);
        throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.QEMU, "cannot translate keycode " + code
                + " of " + set + " codeset to qnum keycode");
    }
}
