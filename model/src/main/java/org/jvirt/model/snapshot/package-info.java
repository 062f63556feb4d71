/**
 * Domain snapshot XML (formatsnapshot), byte-compatible with libvirt 9.0.0.
 *
 * <p>Surface for drivers: {@link org.jvirt.model.snapshot.DomainSnapshotParser#parse(String, int)} with libvirt's
 * PARSE_* flags ({@code parseFull} also returns the "current" mark of the internal format);
 * {@code withRuntime(state, parent, creationTime, memory, domainXml, inactiveDomainXml)} is what a driver fills at
 * creation; {@link org.jvirt.model.snapshot.DomainSnapshotFormatter#format(DomainSnapshotDef, String, int)} prints.
 *
 * <p>Seam to the domain model: the embedded {@code <domain>}/{@code <inactiveDomain>} and each disk's
 * {@code <source>} are kept as libvirt-formatted text ({@link org.jvirt.model.snapshot.RawXml}); a driver puts the
 * domain formatter's output there (root element renamed for inactiveDomain), and can later swap these strings for
 * parsed domain objects without changing the snapshot's own fields. Aligning the disk list with the domain's disks
 * (virDomainSnapshotAlignDisks) belongs with the domain model and is not done here.
 */
package org.jvirt.model.snapshot;
