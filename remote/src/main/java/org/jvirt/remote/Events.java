package org.jvirt.remote;

import static org.jvirt.rpc.protocol.remote.RemoteProcedures.*;

import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.jvirt.api.event.DomainEvent;
import org.jvirt.api.event.ObjectEvent;
import org.jvirt.rpc.client.RpcCaller;
import org.jvirt.rpc.protocol.Procedure;
import org.jvirt.rpc.protocol.remote.*;

/**
 * Events on the wire in libvirt's callback-id style ({@code REMOTE_PROC_*_EVENT_CALLBACK_*}): the server turns an
 * API event into its message, the client turns the message back into the API event and routes it by callback id.
 */
public final class Events {
    private Events() {}

    /** One event packet: its procedure and body. */
    public record Message<M>(Procedure<M, Void> procedure, M body) {}

    private static <M> Message<M> m(Procedure<M, Void> p, M body) { return new Message<>(p, body); }

    /** The packet for {@code e} under {@code id}, or null for an event the protocol cannot carry losslessly. */
    public static Message<?> domain(int id, DomainEvent e) {
        NonnullDomain d = Wire.dom(e.dom());
        return switch (e) {
            case DomainEvent.Lifecycle x -> m(DOMAIN_EVENT_CALLBACK_LIFECYCLE,
                    new DomainEventCallbackLifecycleMsg(id, new DomainEventLifecycleMsg(d, x.event(), x.detail())));
            case DomainEvent.Reboot x -> m(DOMAIN_EVENT_CALLBACK_REBOOT,
                    new DomainEventCallbackRebootMsg(id, new DomainEventRebootMsg(d)));
            case DomainEvent.RtcChange x -> m(DOMAIN_EVENT_CALLBACK_RTC_CHANGE,
                    new DomainEventCallbackRtcChangeMsg(id, new DomainEventRtcChangeMsg(d, x.utcoffset())));
            case DomainEvent.Watchdog x -> m(DOMAIN_EVENT_CALLBACK_WATCHDOG,
                    new DomainEventCallbackWatchdogMsg(id, new DomainEventWatchdogMsg(d, x.action())));
            case DomainEvent.IOError x when x.reason() == null -> m(DOMAIN_EVENT_CALLBACK_IO_ERROR,
                    new DomainEventCallbackIoErrorMsg(id, new DomainEventIoErrorMsg(d, x.srcPath(), x.devAlias(),
                            x.action())));
            case DomainEvent.IOError x -> m(DOMAIN_EVENT_CALLBACK_IO_ERROR_REASON,
                    new DomainEventCallbackIoErrorReasonMsg(id, new DomainEventIoErrorReasonMsg(d, x.srcPath(),
                            x.devAlias(), x.action(), x.reason())));
            case DomainEvent.ControlError x -> m(DOMAIN_EVENT_CALLBACK_CONTROL_ERROR,
                    new DomainEventCallbackControlErrorMsg(id, new DomainEventControlErrorMsg(d)));
            case DomainEvent.BlockJob x when x.byTarget() -> m(DOMAIN_EVENT_BLOCK_JOB_2,
                    new DomainEventBlockJob2Msg(id, d, x.disk(), x.type(), x.status()));
            case DomainEvent.BlockJob x -> m(DOMAIN_EVENT_CALLBACK_BLOCK_JOB,
                    new DomainEventCallbackBlockJobMsg(id, new DomainEventBlockJobMsg(d, x.disk(), x.type(),
                            x.status())));
            case DomainEvent.DiskChange x -> m(DOMAIN_EVENT_CALLBACK_DISK_CHANGE,
                    new DomainEventCallbackDiskChangeMsg(id, new DomainEventDiskChangeMsg(d, x.oldSrcPath(),
                            x.newSrcPath(), x.devAlias(), x.reason())));
            case DomainEvent.TrayChange x -> m(DOMAIN_EVENT_CALLBACK_TRAY_CHANGE,
                    new DomainEventCallbackTrayChangeMsg(id, new DomainEventTrayChangeMsg(d, x.devAlias(),
                            x.reason())));
            case DomainEvent.PMWakeup x -> m(DOMAIN_EVENT_CALLBACK_PMWAKEUP,
                    new DomainEventCallbackPmwakeupMsg(id, x.reason(), new DomainEventPmwakeupMsg(d)));
            case DomainEvent.PMSuspend x when x.toDisk() -> m(DOMAIN_EVENT_CALLBACK_PMSUSPEND_DISK,
                    new DomainEventCallbackPmsuspendDiskMsg(id, x.reason(), new DomainEventPmsuspendDiskMsg(d)));
            case DomainEvent.PMSuspend x -> m(DOMAIN_EVENT_CALLBACK_PMSUSPEND,
                    new DomainEventCallbackPmsuspendMsg(id, x.reason(), new DomainEventPmsuspendMsg(d)));
            case DomainEvent.BalloonChange x -> m(DOMAIN_EVENT_CALLBACK_BALLOON_CHANGE,
                    new DomainEventCallbackBalloonChangeMsg(id, new DomainEventBalloonChangeMsg(d, x.actual())));
            case DomainEvent.DeviceRemoved x -> m(DOMAIN_EVENT_CALLBACK_DEVICE_REMOVED,
                    new DomainEventCallbackDeviceRemovedMsg(id, new DomainEventDeviceRemovedMsg(d, x.devAlias())));
            case DomainEvent.DeviceAdded x -> m(DOMAIN_EVENT_CALLBACK_DEVICE_ADDED,
                    new DomainEventCallbackDeviceAddedMsg(id, d, x.devAlias()));
            case DomainEvent.DeviceRemovalFailed x -> m(DOMAIN_EVENT_CALLBACK_DEVICE_REMOVAL_FAILED,
                    new DomainEventCallbackDeviceRemovalFailedMsg(id, d, x.devAlias()));
            case DomainEvent.Tunable x -> m(DOMAIN_EVENT_CALLBACK_TUNABLE,
                    new DomainEventCallbackTunableMsg(id, d, Wire.params(x.params())));
            case DomainEvent.AgentLifecycle x -> m(DOMAIN_EVENT_CALLBACK_AGENT_LIFECYCLE,
                    new DomainEventCallbackAgentLifecycleMsg(id, d, x.state(), x.reason()));
            case DomainEvent.MigrationIteration x -> m(DOMAIN_EVENT_CALLBACK_MIGRATION_ITERATION,
                    new DomainEventCallbackMigrationIterationMsg(id, d, x.iteration()));
            case DomainEvent.JobCompleted x -> m(DOMAIN_EVENT_CALLBACK_JOB_COMPLETED,
                    new DomainEventCallbackJobCompletedMsg(id, d, Wire.params(x.params())));
            case DomainEvent.MetadataChange x -> m(DOMAIN_EVENT_CALLBACK_METADATA_CHANGE,
                    new DomainEventCallbackMetadataChangeMsg(id, d, x.type(), x.nsuri()));
            case DomainEvent.BlockThreshold x -> m(DOMAIN_EVENT_BLOCK_THRESHOLD,
                    new DomainEventBlockThresholdMsg(id, d, x.dev(), x.path(), x.threshold(), x.excess()));
            case DomainEvent.MemoryFailure x -> m(DOMAIN_EVENT_MEMORY_FAILURE,
                    new DomainEventMemoryFailureMsg(id, d, x.recipient(), x.action(), x.flags()));
            case DomainEvent.MemoryDeviceSizeChange x -> m(DOMAIN_EVENT_MEMORY_DEVICE_SIZE_CHANGE,
                    new DomainEventMemoryDeviceSizeChangeMsg(id, d, x.alias(), x.size()));
            // The API keeps graphics addresses as strings; the wire wants family/node/service: not sent.
            case DomainEvent.Graphics x -> null;
        };
    }

    /** The packet for an object event under {@code id}. */
    public static Message<?> object(int id, ObjectEvent e) {
        return switch (e) {
            case ObjectEvent.NetworkLifecycle x -> m(NETWORK_EVENT_LIFECYCLE,
                    new NetworkEventLifecycleMsg(id, Wire.net(x.net()), x.event(), x.detail()));
            case ObjectEvent.NetworkMetadataChange x -> null;
            case ObjectEvent.StoragePoolLifecycle x -> m(STORAGE_POOL_EVENT_LIFECYCLE,
                    new StoragePoolEventLifecycleMsg(id, Wire.pool(x.pool()), x.event(), x.detail()));
            case ObjectEvent.StoragePoolRefresh x -> m(STORAGE_POOL_EVENT_REFRESH,
                    new StoragePoolEventRefreshMsg(id, Wire.pool(x.pool())));
            case ObjectEvent.NodeDeviceLifecycle x -> m(NODE_DEVICE_EVENT_LIFECYCLE,
                    new NodeDeviceEventLifecycleMsg(id, Wire.dev(x.dev()), x.event(), x.detail()));
            case ObjectEvent.NodeDeviceUpdate x -> m(NODE_DEVICE_EVENT_UPDATE,
                    new NodeDeviceEventUpdateMsg(id, Wire.dev(x.dev())));
            case ObjectEvent.SecretLifecycle x -> m(SECRET_EVENT_LIFECYCLE,
                    new SecretEventLifecycleMsg(id, Wire.secret(x.secret()), x.event(), x.detail()));
            case ObjectEvent.SecretValueChanged x -> m(SECRET_EVENT_VALUE_CHANGED,
                    new SecretEventValueChangedMsg(id, Wire.secret(x.secret())));
        };
    }

    /** Client side: routes every callback-style domain event packet to {@code sink(callbackId, event)}. */
    public static void routeDomain(RpcCaller rpc, BiConsumer<Integer, DomainEvent> sink) {
        on(rpc, DOMAIN_EVENT_CALLBACK_LIFECYCLE, x -> sink.accept(x.callbackID(), new DomainEvent.Lifecycle(
                Wire.dom(x.msg().dom()), x.msg().event(), x.msg().detail())));
        on(rpc, DOMAIN_EVENT_CALLBACK_REBOOT, x -> sink.accept(x.callbackID(),
                new DomainEvent.Reboot(Wire.dom(x.msg().dom()))));
        on(rpc, DOMAIN_EVENT_CALLBACK_RTC_CHANGE, x -> sink.accept(x.callbackID(),
                new DomainEvent.RtcChange(Wire.dom(x.msg().dom()), x.msg().offset())));
        on(rpc, DOMAIN_EVENT_CALLBACK_WATCHDOG, x -> sink.accept(x.callbackID(),
                new DomainEvent.Watchdog(Wire.dom(x.msg().dom()), x.msg().action())));
        on(rpc, DOMAIN_EVENT_CALLBACK_IO_ERROR, x -> sink.accept(x.callbackID(), new DomainEvent.IOError(
                Wire.dom(x.msg().dom()), x.msg().srcPath(), x.msg().devAlias(), x.msg().action(), null)));
        on(rpc, DOMAIN_EVENT_CALLBACK_IO_ERROR_REASON, x -> sink.accept(x.callbackID(), new DomainEvent.IOError(
                Wire.dom(x.msg().dom()), x.msg().srcPath(), x.msg().devAlias(), x.msg().action(),
                x.msg().reason())));
        on(rpc, DOMAIN_EVENT_CALLBACK_CONTROL_ERROR, x -> sink.accept(x.callbackID(),
                new DomainEvent.ControlError(Wire.dom(x.msg().dom()))));
        on(rpc, DOMAIN_EVENT_CALLBACK_BLOCK_JOB, x -> sink.accept(x.callbackID(), new DomainEvent.BlockJob(
                Wire.dom(x.msg().dom()), x.msg().path(), x.msg().type(), x.msg().status(), false)));
        on(rpc, DOMAIN_EVENT_BLOCK_JOB_2, x -> sink.accept(x.callbackID(), new DomainEvent.BlockJob(
                Wire.dom(x.dom()), x.dst(), x.type(), x.status(), true)));
        on(rpc, DOMAIN_EVENT_CALLBACK_DISK_CHANGE, x -> sink.accept(x.callbackID(), new DomainEvent.DiskChange(
                Wire.dom(x.msg().dom()), x.msg().oldSrcPath(), x.msg().newSrcPath(), x.msg().devAlias(),
                x.msg().reason())));
        on(rpc, DOMAIN_EVENT_CALLBACK_TRAY_CHANGE, x -> sink.accept(x.callbackID(), new DomainEvent.TrayChange(
                Wire.dom(x.msg().dom()), x.msg().devAlias(), x.msg().reason())));
        on(rpc, DOMAIN_EVENT_CALLBACK_PMWAKEUP, x -> sink.accept(x.callbackID(),
                new DomainEvent.PMWakeup(Wire.dom(x.msg().dom()), x.reason())));
        on(rpc, DOMAIN_EVENT_CALLBACK_PMSUSPEND, x -> sink.accept(x.callbackID(),
                new DomainEvent.PMSuspend(Wire.dom(x.msg().dom()), x.reason(), false)));
        on(rpc, DOMAIN_EVENT_CALLBACK_PMSUSPEND_DISK, x -> sink.accept(x.callbackID(),
                new DomainEvent.PMSuspend(Wire.dom(x.msg().dom()), x.reason(), true)));
        on(rpc, DOMAIN_EVENT_CALLBACK_BALLOON_CHANGE, x -> sink.accept(x.callbackID(),
                new DomainEvent.BalloonChange(Wire.dom(x.msg().dom()), x.msg().actual())));
        on(rpc, DOMAIN_EVENT_CALLBACK_DEVICE_REMOVED, x -> sink.accept(x.callbackID(),
                new DomainEvent.DeviceRemoved(Wire.dom(x.msg().dom()), x.msg().devAlias())));
        on(rpc, DOMAIN_EVENT_CALLBACK_DEVICE_ADDED, x -> sink.accept(x.callbackID(),
                new DomainEvent.DeviceAdded(Wire.dom(x.dom()), x.devAlias())));
        on(rpc, DOMAIN_EVENT_CALLBACK_DEVICE_REMOVAL_FAILED, x -> sink.accept(x.callbackID(),
                new DomainEvent.DeviceRemovalFailed(Wire.dom(x.dom()), x.devAlias())));
        on(rpc, DOMAIN_EVENT_CALLBACK_TUNABLE, x -> sink.accept(x.callbackID(),
                new DomainEvent.Tunable(Wire.dom(x.dom()), Wire.params(x.params()))));
        on(rpc, DOMAIN_EVENT_CALLBACK_AGENT_LIFECYCLE, x -> sink.accept(x.callbackID(),
                new DomainEvent.AgentLifecycle(Wire.dom(x.dom()), x.state(), x.reason())));
        on(rpc, DOMAIN_EVENT_CALLBACK_MIGRATION_ITERATION, x -> sink.accept(x.callbackID(),
                new DomainEvent.MigrationIteration(Wire.dom(x.dom()), x.iteration())));
        on(rpc, DOMAIN_EVENT_CALLBACK_JOB_COMPLETED, x -> sink.accept(x.callbackID(),
                new DomainEvent.JobCompleted(Wire.dom(x.dom()), Wire.params(x.params()))));
        on(rpc, DOMAIN_EVENT_CALLBACK_METADATA_CHANGE, x -> sink.accept(x.callbackID(),
                new DomainEvent.MetadataChange(Wire.dom(x.dom()), x.type(), x.nsuri())));
        on(rpc, DOMAIN_EVENT_BLOCK_THRESHOLD, x -> sink.accept(x.callbackID(), new DomainEvent.BlockThreshold(
                Wire.dom(x.dom()), x.dev(), x.path(), x.threshold(), x.excess())));
        on(rpc, DOMAIN_EVENT_MEMORY_FAILURE, x -> sink.accept(x.callbackID(), new DomainEvent.MemoryFailure(
                Wire.dom(x.dom()), x.recipient(), x.action(), x.flags())));
        on(rpc, DOMAIN_EVENT_MEMORY_DEVICE_SIZE_CHANGE, x -> sink.accept(x.callbackID(),
                new DomainEvent.MemoryDeviceSizeChange(Wire.dom(x.dom()), x.alias(), x.size())));
    }

    /** Client side: routes the network, storage pool, node device and secret event packets by callback id. */
    public static void routeObjects(RpcCaller rpc, BiConsumer<Integer, ObjectEvent> sink) {
        on(rpc, NETWORK_EVENT_LIFECYCLE, x -> sink.accept(x.callbackID(),
                new ObjectEvent.NetworkLifecycle(Wire.net(x.net()), x.event(), x.detail())));
        on(rpc, STORAGE_POOL_EVENT_LIFECYCLE, x -> sink.accept(x.callbackID(),
                new ObjectEvent.StoragePoolLifecycle(Wire.pool(x.pool()), x.event(), x.detail())));
        on(rpc, STORAGE_POOL_EVENT_REFRESH, x -> sink.accept(x.callbackID(),
                new ObjectEvent.StoragePoolRefresh(Wire.pool(x.pool()))));
        on(rpc, NODE_DEVICE_EVENT_LIFECYCLE, x -> sink.accept(x.callbackID(),
                new ObjectEvent.NodeDeviceLifecycle(Wire.dev(x.dev()), x.event(), x.detail())));
        on(rpc, NODE_DEVICE_EVENT_UPDATE, x -> sink.accept(x.callbackID(),
                new ObjectEvent.NodeDeviceUpdate(Wire.dev(x.dev()))));
        on(rpc, SECRET_EVENT_LIFECYCLE, x -> sink.accept(x.callbackID(),
                new ObjectEvent.SecretLifecycle(Wire.secret(x.secret()), x.event(), x.detail())));
        on(rpc, SECRET_EVENT_VALUE_CHANGED, x -> sink.accept(x.callbackID(),
                new ObjectEvent.SecretValueChanged(Wire.secret(x.secret()))));
    }

    private static <M> void on(RpcCaller rpc, Procedure<M, Void> p, Consumer<M> handler) {
        rpc.onEvent(p, handler);
    }
}
