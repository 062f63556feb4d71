package org.jvirt.remote;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jvirt.core.param.TypedParam;
import org.jvirt.core.param.TypedParams;
import org.jvirt.rpc.protocol.remote.NonnullDomain;
import org.jvirt.rpc.protocol.remote.NonnullDomainCheckpoint;
import org.jvirt.rpc.protocol.remote.NonnullDomainSnapshot;
import org.jvirt.rpc.protocol.remote.NonnullInterface;
import org.jvirt.rpc.protocol.remote.NonnullNetwork;
import org.jvirt.rpc.protocol.remote.NonnullNetworkPort;
import org.jvirt.rpc.protocol.remote.NonnullNodeDevice;
import org.jvirt.rpc.protocol.remote.NonnullNwfilter;
import org.jvirt.rpc.protocol.remote.NonnullNwfilterBinding;
import org.jvirt.rpc.protocol.remote.NonnullSecret;
import org.jvirt.rpc.protocol.remote.NonnullStoragePool;
import org.jvirt.rpc.protocol.remote.NonnullStorageVol;
import org.jvirt.rpc.protocol.remote.TypedParamValue;
import org.jvirt.spi.Refs.CheckpointRef;
import org.jvirt.spi.Refs.DomainRef;
import org.jvirt.spi.Refs.InterfaceRef;
import org.jvirt.spi.Refs.NWFilterBindingRef;
import org.jvirt.spi.Refs.NWFilterRef;
import org.jvirt.spi.Refs.NetworkPortRef;
import org.jvirt.spi.Refs.NetworkRef;
import org.jvirt.spi.Refs.NodeDeviceRef;
import org.jvirt.spi.Refs.SecretRef;
import org.jvirt.spi.Refs.SnapshotRef;
import org.jvirt.spi.Refs.StoragePoolRef;
import org.jvirt.spi.Refs.StorageVolRef;

/**
 * Conversions between the wire records ({@code remote_nonnull_*}, {@code remote_typed_param}, cpumaps) and the
 * SPI's handle records and values, shared by the client and the server so both sides agree by construction.
 */
public final class Wire {
    private Wire() {}

    public static byte[] uuid(UUID u) {
        return ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits())
                .array();
    }

    public static UUID uuid(byte[] b) {
        ByteBuffer bb = ByteBuffer.wrap(b);
        return new UUID(bb.getLong(), bb.getLong());
    }

    public static NonnullDomain dom(DomainRef r) { return new NonnullDomain(r.name(), uuid(r.uuid()), r.id()); }

    public static DomainRef dom(NonnullDomain d) { return new DomainRef(d.name(), uuid(d.uuid()), d.id()); }

    public static NonnullNetwork net(NetworkRef r) { return new NonnullNetwork(r.name(), uuid(r.uuid())); }

    public static NetworkRef net(NonnullNetwork n) { return new NetworkRef(n.name(), uuid(n.uuid())); }

    public static NonnullNetworkPort port(NetworkPortRef r) {
        return new NonnullNetworkPort(net(r.network()), uuid(r.uuid()));
    }

    public static NetworkPortRef port(NonnullNetworkPort p) { return new NetworkPortRef(net(p.net()), uuid(p.uuid())); }

    public static NonnullStoragePool pool(StoragePoolRef r) { return new NonnullStoragePool(r.name(), uuid(r.uuid())); }

    public static StoragePoolRef pool(NonnullStoragePool p) { return new StoragePoolRef(p.name(), uuid(p.uuid())); }

    public static NonnullStorageVol vol(StorageVolRef r) { return new NonnullStorageVol(r.pool(), r.name(), r.key()); }

    public static StorageVolRef vol(NonnullStorageVol v) { return new StorageVolRef(v.pool(), v.name(), v.key()); }

    public static NonnullSecret secret(SecretRef r) {
        return new NonnullSecret(uuid(r.uuid()), r.usageType(), r.usageId());
    }

    public static SecretRef secret(NonnullSecret s) {
        return new SecretRef(uuid(s.uuid()), s.usageType(), s.usageID());
    }

    public static NonnullInterface iface(InterfaceRef r) { return new NonnullInterface(r.name(), r.mac()); }

    public static InterfaceRef iface(NonnullInterface i) { return new InterfaceRef(i.name(), i.mac()); }

    public static NonnullNodeDevice dev(NodeDeviceRef r) { return new NonnullNodeDevice(r.name()); }

    public static NodeDeviceRef dev(NonnullNodeDevice d) { return new NodeDeviceRef(d.name()); }

    public static NonnullNwfilter filter(NWFilterRef r) { return new NonnullNwfilter(r.name(), uuid(r.uuid())); }

    public static NWFilterRef filter(NonnullNwfilter f) { return new NWFilterRef(f.name(), uuid(f.uuid())); }

    public static NonnullNwfilterBinding binding(NWFilterBindingRef r) {
        return new NonnullNwfilterBinding(r.portdev(), r.filtername());
    }

    public static NWFilterBindingRef binding(NonnullNwfilterBinding b) {
        return new NWFilterBindingRef(b.portdev(), b.filtername());
    }

    public static NonnullDomainSnapshot snap(SnapshotRef r) {
        return new NonnullDomainSnapshot(r.name(), dom(r.domain()));
    }

    public static SnapshotRef snap(NonnullDomainSnapshot s) { return new SnapshotRef(dom(s.dom()), s.name()); }

    public static NonnullDomainCheckpoint checkpoint(CheckpointRef r) {
        return new NonnullDomainCheckpoint(r.name(), dom(r.domain()));
    }

    public static CheckpointRef checkpoint(NonnullDomainCheckpoint c) {
        return new CheckpointRef(dom(c.dom()), c.name());
    }

    /** {@code remoteSerializeTypedParameters}. */
    public static List<org.jvirt.rpc.protocol.remote.TypedParam> params(TypedParams params) {
        List<org.jvirt.rpc.protocol.remote.TypedParam> out = new ArrayList<>();
        if (params == null) {
            return out;
        }
        for (TypedParam p : params.list()) {
            TypedParamValue v = switch (p) {
                case TypedParam.IntParam i -> new TypedParamValue.Int(i.value());
                case TypedParam.UIntParam u -> new TypedParamValue.Uint(u.value());
                case TypedParam.LLongParam l -> new TypedParamValue.Llong(l.value());
                case TypedParam.ULLongParam u -> new TypedParamValue.Ullong(u.value());
                case TypedParam.DoubleParam d -> new TypedParamValue.Double(d.value());
                case TypedParam.BooleanParam b -> new TypedParamValue.Boolean(b.value() ? 1 : 0);
                case TypedParam.StringParam s -> new TypedParamValue.String(s.value());
            };
            out.add(new org.jvirt.rpc.protocol.remote.TypedParam(p.field(), v));
        }
        return out;
    }

    /** {@code remoteDeserializeTypedParameters}. */
    public static TypedParams params(List<org.jvirt.rpc.protocol.remote.TypedParam> wire) {
        List<TypedParam> out = new ArrayList<>();
        for (var p : wire) {
            String f = p.field();
            out.add(switch (p.value()) {
                case TypedParamValue.Int i -> new TypedParam.IntParam(f, i.i());
                case TypedParamValue.Uint u -> new TypedParam.UIntParam(f, u.ui());
                case TypedParamValue.Llong l -> new TypedParam.LLongParam(f, l.l());
                case TypedParamValue.Ullong u -> new TypedParam.ULLongParam(f, u.ul());
                case TypedParamValue.Double d -> new TypedParam.DoubleParam(f, d.d());
                case TypedParamValue.Boolean b -> new TypedParam.BooleanParam(f, b.b() != 0);
                case TypedParamValue.String s -> new TypedParam.StringParam(f, s.s());
            });
        }
        return new TypedParams(out);
    }

    /** libvirt's cpumap: bit {@code i % 8} of byte {@code i / 8} set when CPU {@code i} is usable. */
    public static byte[] cpumap(boolean[] cpus, int maplen) {
        byte[] out = new byte[Math.max(maplen, (cpus.length + 7) / 8)];
        for (int i = 0; i < cpus.length; i++) {
            if (cpus[i]) {
                out[i / 8] |= (byte) (1 << (i % 8));
            }
        }
        return out;
    }

    public static boolean[] cpumap(byte[] map, int ncpus) {
        boolean[] out = new boolean[ncpus];
        for (int i = 0; i < ncpus && i / 8 < map.length; i++) {
            out[i] = (map[i / 8] & (1 << (i % 8))) != 0;
        }
        return out;
    }

    /** A fixed-size C char array sent as bytes ({@code char model[32]}): up to the first NUL. */
    public static String chars(List<Byte> bytes) {
        byte[] b = new byte[bytes.size()];
        int n = 0;
        for (Byte x : bytes) {
            if (x == 0) {
                break;
            }
            b[n++] = x;
        }
        return new String(b, 0, n, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A string as a fixed-size C char array of {@code size} bytes, NUL-padded. */
    public static List<Byte> chars(String s, int size) {
        byte[] b = s == null ? new byte[0] : s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<Byte> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(i < b.length && i < size - 1 ? b[i] : 0);
        }
        return out;
    }

    /** libvirt's need_results probing: a list call with need_results 0 only counts. */
    public static <T> List<T> limit(List<T> all, int needResults) {
        return needResults == 0 ? List.of() : all;
    }
}
