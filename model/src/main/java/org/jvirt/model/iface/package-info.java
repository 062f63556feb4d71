/**
 * Host interface XML ({@code <interface>} of virInterfaceDefineXML, not a guest NIC):
 * {@link org.jvirt.model.iface.InterfaceDef} (record with a sealed {@code Kind}: Ethernet, Bridge, Bond, Vlan),
 * {@link org.jvirt.model.iface.InterfaceDefParser#parse(String)} and
 * {@link org.jvirt.model.iface.InterfaceDefFormatter#format(InterfaceDef, int)}. A driver reads {@code name()} and
 * {@code mac()} for lookups (virInterfaceLookupByMACString) and {@code type()}.
 */
package org.jvirt.model.iface;
