/**
 * Virtual network XML ({@code <network>}) and network ports ({@code <networkport>}).
 *
 * <p>Public surface for drivers: {@link org.jvirt.model.network.NetworkDefParser} ({@code new NetworkDefParser()}
 * for the test driver, {@code new NetworkDefParser(true)} to accept {@code <dnsmasq:options>} as the network driver
 * does) → {@link org.jvirt.model.network.NetworkDef} (immutable record; {@code withUuid}, {@code withBridge},
 * {@code withMac}, {@code withConnections}, {@code withForward}, {@code withDns}, {@code withIps},
 * {@code withPortGroups}, {@code withMetadata} copies) → {@link org.jvirt.model.network.NetworkDefFormatter#format}
 * with {@code flags} = VIR_NETWORK_XML_INACTIVE ({@link org.jvirt.model.network.NetworkDefFormatter#INACTIVE}) or 0.
 *
 * <p>virNetworkUpdate: {@link org.jvirt.model.network.NetworkUpdate#applyChecked} (section update plus libvirt's
 * format/parse re-check; {@code apply} for the section update alone) returns the updated definition.
 * For custom handling the element lists are on the record ({@code ips().get(i).ranges()/hosts()},
 * {@code dns().hosts()/txts()/srvs()}, {@code portGroups()}, {@code forward().interfaces()}) and the element parsers
 * are public static methods of NetworkDefParser ({@code parseDhcpHost(name, ip, node, partialOkay)},
 * {@code parseDhcpRange}, {@code parseDnsHost}, {@code parseDnsTxt}, {@code parseDnsSrv}, {@code parsePortGroup}).
 *
 * <p>Shared helpers that other model packages may reuse (candidates for hoisting): {@link
 * org.jvirt.model.network.IpAddress} (virSocketAddr parse/format/ranges), {@link org.jvirt.model.network.XmlProps}
 * (virXMLProp* readers and their error texts), {@link org.jvirt.model.network.MetadataXml} (libxml2-style
 * {@code <metadata>} dump), {@link org.jvirt.model.network.VirtualPortProfile}, {@link
 * org.jvirt.model.network.NetDevVlan}, {@link org.jvirt.model.network.NetDevBandwidth}, {@link
 * org.jvirt.model.network.IpRoute}.
 */
package org.jvirt.model.network;
