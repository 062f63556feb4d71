package org.jvirt.host;

import java.nio.file.Path;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

/**
 * Keeps user-supplied names (domain, network, pool names used as file names) inside their directory: a name with
 * '/', NUL, a leading '.' (which also covers "." and "..") or an empty name is refused before it reaches the file
 * system. libvirt checks '/' in its parsers ("name %s cannot contain '/'"); this is the last line of defence.
 */
public final class PathGuard {
    private PathGuard() {}

    /** Returns {@code name} when it is a safe single path component, else VIR_ERR_INVALID_ARG. */
    public static String checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.NONE, "name must not be empty");
        }
        if (name.indexOf('/') >= 0) {
            throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.NONE, "name " + name + " cannot contain '/'");
        }
        if (name.indexOf('\0') >= 0) {
            throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.NONE, "name cannot contain NUL");
        }
        if (name.startsWith(".")) {
            throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.NONE,
                    "name " + name + " cannot start with '.'");
        }
        return name;
    }

    /** {@code dir/name + suffix} after checking the name; the result is verified to sit directly in {@code dir}. */
    public static Path resolve(Path dir, String name, String suffix) {
        checkName(name);
        Path p = dir.resolve(name + suffix).normalize();
        if (!dir.normalize().equals(p.getParent())) {
            throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.NONE,
                    "name " + name + " escapes directory " + dir);
        }
        return p;
    }
}
