package org.jvirt.api;

import java.util.UUID;
import org.jvirt.core.param.TypedParams;
import org.jvirt.spi.Refs.NetworkPortRef;

/** A network port handle ({@code virNetworkPortPtr}). */
public final class NetworkPort {
    private final Network net;
    private final NetworkPortRef ref;

    NetworkPort(Network net, NetworkPortRef ref) {
        this.net = net;
        this.ref = ref;
    }

    public NetworkPortRef ref() { return ref; }

    public Network getNetwork() { return net; }

    public UUID getUUID() { return ref.uuid(); }

    public String getUUIDString() { return ref.uuid().toString(); }

    public String getXMLDesc(int flags) { return net.getConnect().d().networks().portGetXMLDesc(ref, flags); }

    public TypedParams getParameters(int flags) {
        return net.getConnect().d().networks().portGetParameters(ref, flags);
    }

    public void setParameters(TypedParams params, int flags) {
        net.getConnect().checkWritable("virNetworkPortSetParameters");
        net.getConnect().d().networks().portSetParameters(ref, params, flags);
    }

    public void delete(int flags) {
        net.getConnect().checkWritable("virNetworkPortDelete");
        net.getConnect().d().networks().portDelete(ref, flags);
    }
}
