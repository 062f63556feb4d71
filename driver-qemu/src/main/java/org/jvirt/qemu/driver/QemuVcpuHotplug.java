package org.jvirt.qemu.driver;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.qemu.command.QemuVcpus;
import org.jvirt.qemu.monitor.Json;
import org.jvirt.qemu.monitor.QmpException;

/**
 * Live vCPU hot-plug (libvirt's qemuDomainSetVcpusLive). QEMU lists one hot-pluggable entity per vCPU slot in
 * query-hotpluggable-cpus; sorted by their topology ids they are vCPUs 0..max-1. Adding the lowest offline
 * hot-pluggable vCPUs is a device_add of the entity's type and ids with the alias {@code vcpuN}; removing takes the
 * highest online hot-pluggable ones with device_del and waits for QEMU's DEVICE_DELETED, which needs the guest to
 * eject the CPU (ACPI). The live XML then lists each vCPU in {@code <vcpus>} with its state and online order.
 */
final class QemuVcpuHotplug {
    /** libvirt's QEMU_UNPLUG_TIMEOUT. */
    static final long UNPLUG_TIMEOUT_MS = 5000;

    private final QemuDriver driver;

    QemuVcpuHotplug(QemuDriver driver) {
        this.driver = driver;
    }

    /** The caller holds the job; {@code nvcpus} is within the live maximum. */
    void setLive(QemuDomainObj obj, int nvcpus) {
        DomainDef live;
        synchronized (obj) {
            if (!obj.isActive()) {
                throw QemuErrors.notRunning();
            }
            live = obj.live;
        }
        List<QemuVcpus.Vcpu> vcpus = new ArrayList<>(QemuVcpus.of(live));
        int online = (int) vcpus.stream().filter(QemuVcpus.Vcpu::enabled).count();
        if (nvcpus == online) {
            return;
        }
        List<Json.Obj> slots = slots(obj, vcpus.size());
        if (nvcpus > online) {
            List<Integer> add = new ArrayList<>();
            for (QemuVcpus.Vcpu v : vcpus) {
                if (add.size() < nvcpus - online && !v.enabled() && v.hotpluggable()) {
                    add.add(v.id());
                }
            }
            if (add.size() < nvcpus - online) {
                throw noEntities();
            }
            for (int id : add) {
                Json.Obj slot = slots.get(id);
                List<Object> kv = new ArrayList<>(List.of("driver", slot.str("type"), "id", "vcpu" + id));
                Json.Obj props = slot.obj("props");
                if (props != null) {
                    props.members().forEach((k, val) -> {
                        kv.add(k);
                        kv.add(val);
                    });
                }
                QemuLifecycle.qmp(obj, "device_add", Json.object(kv.toArray()));
                vcpus.set(id, new QemuVcpus.Vcpu(id, true, true, 0));
                update(obj, vcpus);
            }
            // qemuProcessSetupVcpu for each new vCPU: QEMU made its thread in the emulator's group
            Map<Integer, Long> threads = QemuProcess.vcpuThreads(QemuLifecycle.monitor(obj));
            obj.vcpuThreads = threads;
            for (int id : add) {
                Long tid = threads.get(id);
                if (tid != null) {
                    driver.cgroups().vcpuAdded(obj, id, tid);
                }
            }
        } else {
            List<Integer> remove = new ArrayList<>();
            for (int i = vcpus.size() - 1; i >= 0; i--) {
                QemuVcpus.Vcpu v = vcpus.get(i);
                if (remove.size() < online - nvcpus && v.enabled() && v.hotpluggable()) {
                    remove.add(i);
                }
            }
            if (remove.size() < online - nvcpus) {
                throw noEntities();
            }
            for (int id : remove) {
                String alias = "vcpu" + id;
                CompletableFuture<Void> gone = obj.awaitRemoval(alias);
                QemuLifecycle.qmp(obj, "device_del", Json.object("id", alias));
                int vid = id;
                // a late DEVICE_DELETED still brings the live XML up to date, as libvirt's event handler does
                gone.thenRun(() -> {
                    synchronized (obj) {
                        if (obj.live == null) {
                            return;
                        }
                        List<QemuVcpus.Vcpu> now = new ArrayList<>(QemuVcpus.of(obj.live));
                        now.set(vid, new QemuVcpus.Vcpu(vid, false, true, 0));
                        obj.live = withVcpus(obj.live, now);
                        obj.vcpuThreads = null;
                    }
                    driver.process.writeStatusQuietly(obj);
                });
                try {
                    gone.get(UNPLUG_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    throw VirException.of(ErrorNumber.OPERATION_FAILED, ErrorDomain.QEMU,
                            "vcpu unplug request timed out. Unplug result must be manually inspected in the "
                                    + "domain");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw VirException.of(ErrorNumber.OPERATION_ABORTED, ErrorDomain.QEMU, "interrupted");
                } catch (ExecutionException e) {
                    throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.QEMU, String.valueOf(e.getCause()));
                }
                vcpus.set(id, new QemuVcpus.Vcpu(id, false, true, 0));
            }
        }
    }

    /**
     * ACPI_DEVICE_OST: the guest's _OST report. QEMU 7.2 sends DEVICE_DELETED only for a removed CPU's lapic
     * child, not for the vCPU itself, so a successful eject of CPU slot N (source 3, status 0) is what says vCPU N
     * is gone. Newer QEMUs also send DEVICE_DELETED for {@code vcpuN}; whichever comes first completes the unplug.
     */
    static void acpiOst(QemuDriver driver, QemuDomainObj obj, Json.Obj data) {
        Json.Obj info = data == null ? null : data.obj("info");
        if (info == null || !"CPU".equals(info.str("slot-type")) || info.num("source", -1) != 3
                || info.num("status", -1) != 0 || info.str("slot") == null) {
            return;
        }
        driver.deviceDeleted(obj, "vcpu" + info.str("slot"));
    }

    /** query-hotpluggable-cpus, one entity per vCPU in topology order, or libvirt's refusal. */
    private static List<Json.Obj> slots(QemuDomainObj obj, int max) {
        Json r;
        try {
            r = QemuLifecycle.monitor(obj).execute("query-hotpluggable-cpus", null, QemuProcess.QMP_TIMEOUT);
        } catch (QmpException.CommandFailed e) {
            throw QemuErrors.unsupported("cpu hotplug is not supported");
        } catch (QmpException e) {
            throw e.toVirException();
        }
        List<Json.Obj> slots = new ArrayList<>();
        if (r instanceof Json.Arr arr) {
            for (Json j : arr.items()) {
                if (j instanceof Json.Obj o) {
                    if (o.num("vcpus-count", 1) != 1) {
                        throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.QEMU,
                                "target vm vcpu granularity does not allow the desired vcpu count");
                    }
                    slots.add(o);
                }
            }
        }
        Comparator<Json.Obj> byTopology = Comparator.comparingLong(o -> id(o, "node-id"));
        for (String k : List.of("drawer-id", "book-id", "socket-id", "die-id", "cluster-id", "core-id",
                "thread-id")) {
            byTopology = byTopology.thenComparingLong(o -> id(o, k));
        }
        slots.sort(byTopology);
        if (slots.size() != max) {
            throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.QEMU,
                    "qemu reported " + slots.size() + " hotpluggable cpus, expected " + max);
        }
        return slots;
    }

    private static long id(Json.Obj slot, String key) {
        Json.Obj p = slot.obj("props");
        return p == null ? 0 : p.num(key, 0);
    }

    private static VirException noEntities() {
        return VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.QEMU,
                "failed to find appropriate hotpluggable vcpus to reach the desired target vcpu count");
    }

    /** Records a vCPU change in the live definition and the status file. */
    private void update(QemuDomainObj obj, List<QemuVcpus.Vcpu> vcpus) {
        synchronized (obj) {
            if (obj.live != null) {
                obj.live = withVcpus(obj.live, vcpus);
            }
            obj.vcpuThreads = null;
        }
        driver.process.writeStatusQuietly(obj);
    }

    /**
     * The count and the {@code <vcpus>} list, with online vCPUs numbered in index order as libvirt's
     * qemuDomainVcpuPersistOrder does.
     */
    static DomainDef withVcpus(DomainDef def, List<QemuVcpus.Vcpu> vcpus) {
        List<QemuVcpus.Vcpu> ordered = new ArrayList<>();
        int seq = 0;
        int online = 0;
        for (QemuVcpus.Vcpu v : vcpus) {
            if (v.enabled()) {
                online++;
                ordered.add(new QemuVcpus.Vcpu(v.id(), true, v.hotpluggable(), ++seq));
            } else {
                ordered.add(new QemuVcpus.Vcpu(v.id(), false, v.hotpluggable(), 0));
            }
        }
        return def.withVcpus(def.maxVcpus(), online).withSection("vcpus", QemuVcpus.format(ordered));
    }
}
