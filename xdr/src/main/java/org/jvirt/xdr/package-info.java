/**
 * RFC 4506 XDR for libvirt's RPC, on the JDK alone.
 *
 * <ul>
 *   <li>{@link org.jvirt.xdr.XdrWriter} / {@link org.jvirt.xdr.XdrReader}: the primitive encodings. The reader
 *       checks every length against its declared maximum and against the bytes left before it allocates.</li>
 *   <li>Records are structs (component order = wire order); a sealed interface of {@link org.jvirt.xdr.XdrCase}
 *       records is a union. Type annotations give what Java types cannot say: {@link org.jvirt.xdr.XdrMax},
 *       {@link org.jvirt.xdr.XdrFixed}, {@link org.jvirt.xdr.XdrUnsigned}, {@link org.jvirt.xdr.XdrOptional}.
 *       {@code String} is {@code string<>}, {@code byte[]} is {@code opaque}, {@code List} is an array,
 *       {@code byte}/{@code short} are rpcgen's 4-byte {@code char}/{@code short}.</li>
 *   <li>{@link org.jvirt.xdr.XdrCodecs} derives one codec per type by reflection and caches it in the instance
 *       (no static state); {@link org.jvirt.xdr.XdrType} is the shape it derives, also used for ABI snapshots.</li>
 *   <li>Bad data raises the unchecked {@link org.jvirt.xdr.XdrException}; the RPC layer turns it into
 *       {@code VIR_ERR_RPC} at one boundary.</li>
 * </ul>
 */
package org.jvirt.xdr;
