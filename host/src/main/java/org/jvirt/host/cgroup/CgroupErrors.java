package org.jvirt.host.cgroup;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

/** libvirt's cgroup error texts (vircgroup*.c), raised in domain VIR_FROM_CGROUP. */
final class CgroupErrors {
    private CgroupErrors() {
    }

    /** virReportSystemError: "DETAIL: strerror(errno)". */
    static VirException system(String detail, IOException e) {
        return VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.CGROUP, detail + ": " + strerror(e));
    }

    static VirException of(int code, String detail) {
        return VirException.of(code, ErrorDomain.CGROUP, detail);
    }

    /** True when the failed call's errno was EINVAL (the kernel refusing a value). */
    static boolean isEinval(IOException e) {
        return "Invalid argument".equals(strerror(e));
    }

    /** True when the failed call's errno was ESRCH (the task exited meanwhile). */
    static boolean isEsrch(IOException e) {
        return "No such process".equals(strerror(e));
    }

    /** The C library's text for the errno behind an IOException, as libvirt appends it. */
    static String strerror(IOException e) {
        return switch (e) {
            case NoSuchFileException x -> "No such file or directory";
            case AccessDeniedException x -> "Permission denied";
            case FileAlreadyExistsException x -> "File exists";
            case DirectoryNotEmptyException x -> "Directory not empty";
            case NotDirectoryException x -> "Not a directory";
            case FileSystemException f when f.getReason() != null -> f.getReason();
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
    }
}
