package org.jvirt.xdr;

/** Encodes and decodes values of one Java type. Obtained from {@link XdrCodecs}; stateless and thread-safe. */
public interface XdrCodec<T> {
    void encode(XdrWriter out, T value);

    T decode(XdrReader in);
}
