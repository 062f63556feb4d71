package org.jvirt.host;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

/** The real {@link CommandRunner}: a child process whose stdout and stderr are read on virtual threads. */
public final class ProcessCommandRunner implements CommandRunner {
    private static final System.Logger LOG = System.getLogger("org.jvirt.host");

    @Override
    public CommandResult run(Command cmd) {
        String program = cmd.argv().getFirst();
        if (findInPath(program).isEmpty()) {
            // virCommandRunAsync: virReportSystemError(ENOENT, "Cannot find '%s' in path")
            throw VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.NONE,
                    "Cannot find '" + program + "' in path: No such file or directory");
        }
        LOG.log(System.Logger.Level.DEBUG, "run: {0}", cmd.display());
        ProcessBuilder pb = new ProcessBuilder(cmd.argv());
        pb.environment().putAll(cmd.env());
        if (cmd.stdin() == null) {
            pb.redirectInput(new File("/dev/null"));
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.NONE,
                    "cannot execute binary " + program + ": " + e.getMessage());
        }
        try (var readers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<byte[]> out = readers.submit(() -> drain(p.getInputStream()));
            Future<byte[]> err = readers.submit(() -> drain(p.getErrorStream()));
            if (cmd.stdin() != null) {
                readers.submit(() -> {
                    try (OutputStream os = p.getOutputStream()) {
                        os.write(cmd.stdin());
                    }
                    return null;
                });
            }
            if (!p.waitFor(cmd.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor();
                throw VirException.of(ErrorNumber.OPERATION_TIMEOUT, ErrorDomain.NONE,
                        "Child process (" + cmd.display() + ") did not exit within " + cmd.timeout().toMillis()
                                + " ms");
            }
            CommandResult result = new CommandResult(p.exitValue(), text(out), text(err));
            return CommandRunner.check(cmd, result);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.NONE, "Unable to wait for child process");
        }
    }

    private static String text(Future<byte[]> f) throws InterruptedException {
        try {
            return new String(f.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8);
        } catch (ExecutionException | TimeoutException e) {
            // A grandchild that inherited the pipe keeps it open: report what we have rather than hang.
            return "";
        }
    }

    private static byte[] drain(InputStream in) {
        try (in) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return b.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** virFindFileInPath: an absolute or relative path is taken as is, a bare name is searched in $PATH. */
    public static Optional<Path> findInPath(String program) {
        if (program.contains("/")) {
            Path p = Path.of(program);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
