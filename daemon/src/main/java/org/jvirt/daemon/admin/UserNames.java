package org.jvirt.daemon.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** uid to user name, as libvirt's virGetUserName (getpwuid_r): here from the passwd file. */
@FunctionalInterface
interface UserNames {
    Optional<String> userName(int uid);

    /** Looks {@code /etc/passwd} up on each call (clients are few; names may change while the daemon runs). */
    static UserNames system() {
        return fromFile(Path.of("/etc/passwd"));
    }

    static UserNames fromFile(Path passwd) {
        return uid -> {
            try (var lines = Files.lines(passwd)) {
                String id = Integer.toString(uid);
                return lines.map(l -> l.split(":", -1)).filter(f -> f.length > 2 && f[2].equals(id))
                        .map(f -> f[0]).findFirst();
            } catch (IOException | RuntimeException e) {
                // An unreadable passwd file only costs the name: the uid is still reported.
                return Optional.empty();
            }
        };
    }
}
