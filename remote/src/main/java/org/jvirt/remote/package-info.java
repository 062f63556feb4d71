/**
 * libvirt's remote layer in Java, both sides of the wire.
 *
 * <p>{@link org.jvirt.remote.server} is what jvirtd serves: {@code RemoteProgram} (and {@code QemuProgram}) bind
 * each RPC procedure, 1–3 lines each, to the public API of the client's own {@code Connect}, as
 * {@code remote_daemon_dispatch.c} does, so read-only, flag and NO_SUPPORT checks exist once, in the API.
 * {@link org.jvirt.remote.client} is the remote driver: a {@code DriverProvider} for URIs with a transport or a
 * host, whose SPI facets each make one RPC call. {@link org.jvirt.remote.Wire} and {@link org.jvirt.remote.Events}
 * hold the conversions both sides share, so that they agree by construction.
 */
package org.jvirt.remote;
