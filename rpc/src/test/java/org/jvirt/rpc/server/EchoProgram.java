package org.jvirt.rpc.server;

import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.rpc.protocol.Procedure;
import org.jvirt.rpc.protocol.remote.ConnectFindStoragePoolSourcesArgs;
import org.jvirt.rpc.protocol.remote.ConnectFindStoragePoolSourcesRet;
import org.jvirt.rpc.protocol.remote.ConnectGetHostnameRet;
import org.jvirt.rpc.protocol.remote.DomainEventLifecycleMsg;
import org.jvirt.rpc.protocol.remote.NonnullDomain;
import org.jvirt.rpc.protocol.remote.RemoteConstants;
import org.jvirt.rpc.protocol.remote.RemoteProcedures;
import org.jvirt.rpc.protocol.remote.StorageVolDownloadArgs;
import org.jvirt.rpc.protocol.remote.StorageVolUploadArgs;
import org.jvirt.rpc.stream.StreamEndpoint;

/**
 * A fake REMOTE program for the runtime's tests. CONNECT_GET_HOSTNAME answers "echo-host" (a HIGH-priority call);
 * CONNECT_FIND_STORAGE_POOL_SOURCES is a command line: type "echo" returns srcSpec, "sleep" sleeps srcSpec ms,
 * "fail" throws, "crash" throws a non-libvirt exception, "events" sends {@code flags} lifecycle events whose domain
 * name is srcSpec, "whoami" describes the session, "close" closes it. STORAGE_VOL_UPLOAD keeps what it receives
 * under the volume name; STORAGE_VOL_DOWNLOAD sends {@code length} bytes (i % 251).
 */
final class EchoProgram implements ProgramHandler {
    final Map<String, byte[]> uploads = new ConcurrentHashMap<>();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger maxRunning = new AtomicInteger();
    final AtomicInteger closedClients = new AtomicInteger();
    final CountDownLatch aborted = new CountDownLatch(1);
    /** Writes to the volume "slow" wait for this: a stuck endpoint. */
    final CountDownLatch unblock = new CountDownLatch(1);
    final java.util.concurrent.atomic.AtomicLong slowBytes = new java.util.concurrent.atomic.AtomicLong();

    @Override
    public int program() {
        return RemoteConstants.PROGRAM;
    }

    @Override
    public int version() {
        return RemoteConstants.PROTOCOL_VERSION;
    }

    @Override
    public Object handle(ClientSession client, Procedure<?, ?> procedure, Object args) {
        int now = running.incrementAndGet();
        maxRunning.accumulateAndGet(now, Math::max);
        try {
            return dispatch(client, procedure, args);
        } finally {
            running.decrementAndGet();
        }
    }

    private Object dispatch(ClientSession client, Procedure<?, ?> procedure, Object args) {
        if (procedure == RemoteProcedures.CONNECT_GET_HOSTNAME) {
            return new ConnectGetHostnameRet("echo-host");
        }
        if (procedure == RemoteProcedures.CONNECT_FIND_STORAGE_POOL_SOURCES) {
            var a = (ConnectFindStoragePoolSourcesArgs) args;
            return new ConnectFindStoragePoolSourcesRet(command(client, a));
        }
        if (procedure == RemoteProcedures.STORAGE_VOL_UPLOAD) {
            String name = ((StorageVolUploadArgs) args).vol().name();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            return new StreamReply(null, new StreamEndpoint() {
                @Override
                public void write(byte[] data, int offset, int length) {
                    if (name.equals("slow")) {
                        try {
                            unblock.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        slowBytes.addAndGet(length);
                        return;
                    }
                    if (name.equals("refuse")) {
                        throw VirException.of(ErrorNumber.OPERATION_FAILED, ErrorDomain.STORAGE, "disk full");
                    }
                    got.write(data, offset, length);
                }

                @Override
                public int read(byte[] buf, int offset, int length) {
                    return 0;
                }

                @Override
                public void finish() {
                    uploads.put(name, got.toByteArray());
                }

                @Override
                public void abort() {
                    aborted.countDown();
                }
            });
        }
        if (procedure == RemoteProcedures.STORAGE_VOL_DOWNLOAD) {
            long length = ((StorageVolDownloadArgs) args).length();
            return new StreamReply(null, new StreamEndpoint() {
                long sent;

                @Override
                public void write(byte[] data, int offset, int len) {
                    throw new IllegalStateException("download stream");
                }

                @Override
                public int read(byte[] buf, int offset, int len) {
                    int n = (int) Math.min(len, length - sent);
                    for (int i = 0; i < n; i++) {
                        buf[offset + i] = (byte) ((sent + i) % 251);
                    }
                    sent += n;
                    return n;
                }

                @Override
                public void finish() {
                }

                @Override
                public void abort() {
                    aborted.countDown();
                }
            });
        }
        throw VirException.noSupport(procedure.name());
    }

    private String command(ClientSession client, ConnectFindStoragePoolSourcesArgs a) {
        switch (a.type()) {
            case "echo" -> {
                return a.srcSpec();
            }
            case "sleep" -> {
                try {
                    Thread.sleep(Long.parseLong(a.srcSpec()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return a.srcSpec();
            }
            case "fail" -> throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.STORAGE, a.srcSpec());
            case "crash" -> throw new IllegalStateException("bug");
            case "events" -> {
                for (int i = 0; i < a.flags(); i++) {
                    client.sendEvent(RemoteProcedures.DOMAIN_EVENT_LIFECYCLE,
                            new DomainEventLifecycleMsg(new NonnullDomain(a.srcSpec(), new byte[16], i), i, 0));
                }
                return "sent";
            }
            case "whoami" -> {
                return client.transport() + " ro=" + client.readOnly() + " uid=" + client.peerUid() + " dn="
                        + client.tlsSubjectDn().orElse("-");
            }
            case "keepalive" -> {
                client.startKeepAlive();
                return "ok";
            }
            default -> throw VirException.invalidArg(a.type());
        }
    }

    @Override
    public void clientClosed(ClientSession client) {
        closedClients.incrementAndGet();
    }
}
