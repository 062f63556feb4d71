/**
 * Domain checkpoint XML (formatcheckpoint), byte-compatible with libvirt 9.0.0.
 *
 * <p>Surface for drivers: {@link org.jvirt.model.checkpoint.DomainCheckpointParser#parse(String, int)} (new, or
 * {@code PARSE_REDEFINE}); the driver aligns disks against its domain ({@code withDisks}: e.g. the test driver gives
 * each disk a bitmap named after the checkpoint), sets the parent ({@code withParent}) and the domain's XML
 * ({@code withDomainXml}, the domain formatter's output), then
 * {@link org.jvirt.model.checkpoint.DomainCheckpointFormatter#format} with {@code FORMAT_NO_DOMAIN} or
 * {@code FORMAT_SIZE}.
 */
package org.jvirt.model.checkpoint;
