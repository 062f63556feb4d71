package org.jvirt.cli.commands;

import org.jvirt.api.Connect;
import org.jvirt.api.Domain;
import org.jvirt.api.Interface;
import org.jvirt.api.NWFilter;
import org.jvirt.api.Network;
import org.jvirt.api.NodeDevice;
import org.jvirt.api.Secret;
import org.jvirt.api.StoragePool;
import org.jvirt.cli.Cmd;
import org.jvirt.cli.Ctl;
import org.jvirt.cli.Numbers;
import org.jvirt.cli.Options;
import org.jvirt.core.VirException;

/**
 * virsh's object lookups (virshCommandOptDomainBy, virshCommandOptNetworkBy, ...): each tries the ways virsh tries,
 * in virsh's order, and on failure prints virsh's "failed to get ..." line. Each returns null after reporting.
 */
final class Lookup {
    static final int BYID = 1;
    static final int BYUUID = 2;
    static final int BYNAME = 4;
    static final int UUID_STRING_LEN = 36;

    private Lookup() {}

    /** The named option's value as virsh's vshCommandOptStringReq reads it (empty is an error). */
    static String name(Ctl ctl, Cmd cmd, String opt) {
        return Options.string(ctl, cmd, opt);
    }

    static Domain domain(Ctl ctl, Cmd cmd) {
        return domain(ctl, cmd, "domain", BYID | BYUUID | BYNAME);
    }

    static Domain domain(Ctl ctl, Cmd cmd, String opt, int flags) {
        String n = name(ctl, cmd, opt);
        return n == null ? null : domainBy(ctl, n, flags);
    }

    /** virshLookupDomainBy: id, then UUID, then name; the libvirt error of the last try is dropped. */
    static Domain domainBy(Ctl ctl, String n, int flags) {
        Connect conn = ctl.conn();
        Domain dom = null;
        if ((flags & BYID) != 0) {
            Integer id = Numbers.parseInt(n, 10);
            if (id != null && id >= 0) {
                dom = attempt(() -> conn.domainLookupByID(id));
            }
        }
        if (dom == null && (flags & BYUUID) != 0 && n.length() == UUID_STRING_LEN) {
            dom = attempt(() -> conn.domainLookupByUUIDString(n));
        }
        if (dom == null && (flags & BYNAME) != 0) {
            dom = attempt(() -> conn.domainLookupByName(n));
        }
        ctl.resetError();
        if (dom == null) {
            ctl.errorf("failed to get domain '%s'", n);
        }
        return dom;
    }

    static Network network(Ctl ctl, Cmd cmd) {
        return network(ctl, cmd, "network");
    }

    /** virshCommandOptNetworkBy: UUID, then name; the libvirt error stays pending. */
    static Network network(Ctl ctl, Cmd cmd, String opt) {
        String n = name(ctl, cmd, opt);
        if (n == null) {
            return null;
        }
        Connect conn = ctl.conn();
        Network net = null;
        VirException last = null;
        if (n.length() == UUID_STRING_LEN) {
            try {
                net = conn.networkLookupByUUIDString(n);
            } catch (VirException e) {
                last = e;
            }
        }
        if (net == null) {
            try {
                net = conn.networkLookupByName(n);
            } catch (VirException e) {
                last = e;
            }
        }
        if (net == null) {
            ctl.setLastError(last);
            ctl.errorf("failed to get network '%s'", n);
        }
        return net;
    }

    /** virshCommandOptPoolBy: UUID, then name. */
    static StoragePool pool(Ctl ctl, Cmd cmd, String opt) {
        String n = name(ctl, cmd, opt);
        return n == null ? null : poolBy(ctl, n);
    }

    static StoragePool poolBy(Ctl ctl, String n) {
        Connect conn = ctl.conn();
        StoragePool pool = null;
        VirException last = null;
        if (n.length() == UUID_STRING_LEN) {
            try {
                pool = conn.storagePoolLookupByUUIDString(n);
            } catch (VirException e) {
                last = e;
            }
        }
        if (pool == null) {
            try {
                pool = conn.storagePoolLookupByName(n);
            } catch (VirException e) {
                last = e;
            }
        }
        if (pool == null) {
            ctl.setLastError(last);
            ctl.errorf("failed to get pool '%s'", n);
        }
        return pool;
    }

    static final int BYMAC = 8;

    /** virshCommandOptInterfaceBy: a MAC address by MAC, anything else by name. */
    static Interface iface(Ctl ctl, Cmd cmd, String opt) {
        return iface(ctl, cmd, opt, BYNAME | BYMAC);
    }

    static Interface iface(Ctl ctl, Cmd cmd, String opt, int flags) {
        String n = name(ctl, cmd, opt);
        if (n == null) {
            return null;
        }
        Connect conn = ctl.conn();
        Interface iface = null;
        boolean isMac = DomainMiscCommands.normalizeMac(n) != null;
        try {
            if (isMac && (flags & BYMAC) != 0) {
                iface = conn.interfaceLookupByMACString(n);
            } else if (!isMac && (flags & BYNAME) != 0) {
                iface = conn.interfaceLookupByName(n);
            }
        } catch (VirException e) {
            ctl.setLastError(e);
        }
        if (iface == null) {
            ctl.errorf("failed to get interface '%s'", n);
        }
        return iface;
    }

    /** virshCommandOptSecret: by UUID only. */
    static Secret secret(Ctl ctl, Cmd cmd) {
        String n = name(ctl, cmd, "secret");
        if (n == null) {
            return null;
        }
        try {
            return ctl.conn().secretLookupByUUIDString(n);
        } catch (VirException e) {
            ctl.setLastError(e);
            ctl.errorf("failed to get secret '%s'", n);
            return null;
        }
    }

    /** virshCommandOptNWFilterBy: UUID, then name. */
    static NWFilter nwfilter(Ctl ctl, Cmd cmd) {
        String n = name(ctl, cmd, "nwfilter");
        if (n == null) {
            return null;
        }
        Connect conn = ctl.conn();
        NWFilter f = null;
        VirException last = null;
        if (n.length() == UUID_STRING_LEN) {
            try {
                f = conn.nwfilterLookupByUUIDString(n);
            } catch (VirException e) {
                last = e;
            }
        }
        if (f == null) {
            try {
                f = conn.nwfilterLookupByName(n);
            } catch (VirException e) {
                last = e;
            }
        }
        if (f == null) {
            ctl.setLastError(last);
            ctl.errorf("failed to get nwfilter '%s'", n);
        }
        return f;
    }

    /** Node devices are looked up by name; virsh reports "Could not find matching device". */
    static NodeDevice nodeDevice(Ctl ctl, Cmd cmd, String opt) {
        String n = name(ctl, cmd, opt);
        if (n == null) {
            return null;
        }
        try {
            return ctl.conn().nodeDeviceLookupByName(n);
        } catch (VirException e) {
            ctl.setLastError(e);
            ctl.errorf("Could not find matching device '%s'", n);
            return null;
        }
    }

    private interface Attempt<T> {
        T get();
    }

    private static <T> T attempt(Attempt<T> a) {
        try {
            return a.get();
        } catch (VirException e) {
            return null;
        }
    }
}
