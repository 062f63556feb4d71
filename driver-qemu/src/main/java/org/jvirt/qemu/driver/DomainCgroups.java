package org.jvirt.qemu.driver;

import java.util.Map;
import org.jvirt.host.cgroup.Cgroup;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.qemu.cgroup.QemuCgroups;

/** Resource controls of a running guest (cgroups): made when QEMU has a pid, removed when it stops. */
interface DomainCgroups {
    void attach(QemuDomainObj obj, long pid, Map<Integer, Long> vcpuThreads);

    /** A restarted daemon found the guest running: find its group again. */
    void reconnect(QemuDomainObj obj);

    /** A hot-plugged vCPU's thread goes to its own {@code vcpuN} group, pinned and bounded like the others. */
    void vcpuAdded(QemuDomainObj obj, int vcpu, long tid);

    void release(QemuDomainObj obj);

    /** No resource controls (a host without usable cgroups, or an unprivileged daemon), as libvirt goes on then. */
    final class None implements DomainCgroups {
        @Override
        public void attach(QemuDomainObj obj, long pid, Map<Integer, Long> vcpuThreads) {
        }

        @Override
        public void reconnect(QemuDomainObj obj) {
        }

        @Override
        public void vcpuAdded(QemuDomainObj obj, int vcpu, long tid) {
        }

        @Override
        public void release(QemuDomainObj obj) {
        }
    }

    /** libvirt's layout: machine/qemu-ID-NAME.libvirt-qemu with emulator and vcpuN below it. */
    final class Kernel implements DomainCgroups {
        private final QemuCgroups cgroups;

        Kernel(QemuCgroups cgroups) {
            this.cgroups = cgroups;
        }

        QemuCgroups cgroups() {
            return cgroups;
        }

        @Override
        public void attach(QemuDomainObj obj, long pid, Map<Integer, Long> vcpuThreads) {
            DomainDef live;
            int id;
            synchronized (obj) {
                live = obj.live;
                id = obj.id;
            }
            Cgroup g = cgroups.start(live, id, pid, vcpuThreads);
            synchronized (obj) {
                obj.cgroup = g;
            }
        }

        @Override
        public void reconnect(QemuDomainObj obj) {
            DomainDef live;
            int id;
            synchronized (obj) {
                live = obj.live;
                id = obj.id;
            }
            cgroups.reconnect(live, id).ifPresent(g -> {
                synchronized (obj) {
                    obj.cgroup = g;
                }
            });
        }

        @Override
        public void vcpuAdded(QemuDomainObj obj, int vcpu, long tid) {
            Object g;
            DomainDef live;
            synchronized (obj) {
                g = obj.cgroup;
                live = obj.live;
            }
            if (g instanceof Cgroup domain && live != null) {
                cgroups.setupVcpu(domain, live, vcpu, tid);
            }
        }

        @Override
        public void release(QemuDomainObj obj) {
            Object g;
            synchronized (obj) {
                g = obj.cgroup;
                obj.cgroup = null;
            }
            if (g instanceof Cgroup group) {
                cgroups.remove(group);
            }
        }
    }
}
