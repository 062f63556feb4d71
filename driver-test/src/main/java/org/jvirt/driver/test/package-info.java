/**
 * libvirt's mock "test" driver ({@code src/test/test_driver.c} of libvirt 9.0.0): {@code test:///default} and
 * {@code test:///ABSOLUTE/PATH.xml}, with libvirt's states, reasons, events, error codes and texts.
 *
 * <p>{@link org.jvirt.driver.test.TestDriverProvider} opens connections ({@code TestConnection}) over a state
 * ({@code TestDriver}): the default state is shared by all test:///default connections of the provider and dropped
 * with the last one; a node file gives each connection its own. {@code NodeFileLoader} reads node documents
 * (includes, the test namespace, node info). One lock guards a state; events are queued under it and delivered by
 * the state's virtual thread ({@code DriverEventBus}). XML goes through the model's parsers and formatters; the
 * seams are {@code DomainXml}, {@code SnapshotXml} and the {@code parse} helpers of each facet class.
 */
package org.jvirt.driver.test;
