/**
 * The domain XML model ({@code virDomainDef}, src/conf/domain_conf.c): parse, post-parse defaults, validate and
 * format, byte-compatible with libvirt 9.0.0.
 *
 * <p>Public surface for drivers:
 * <ul>
 *   <li>{@link org.jvirt.model.domain.DomainDefParser#parse(String, ParseOptions)} with
 *       {@link org.jvirt.model.domain.ParseOptions#forTestDriver()} (test:///default's defaults: arch i686,
 *       interface names "testnetN") or {@link org.jvirt.model.domain.ParseOptions#generic()}; errors are
 *       {@code VirException}s with libvirt's code and text.</li>
 *   <li>{@link org.jvirt.model.domain.DomainDefFormatter#format(DomainDef, int, int)} with the
 *       {@code VIR_DOMAIN_XML_*} flags ({@code SECURE}, {@code INACTIVE}) and the live id (-1 when inactive).</li>
 *   <li>{@link org.jvirt.model.domain.DomainDef}: typed name, uuid, title, description, metadata, memory (KiB),
 *       vcpus, with "with" copies; other top-level sections as {@link org.jvirt.model.domain.XmlElem} trees
 *       ({@code section("os")}, {@code withSection(...)}); devices as {@link org.jvirt.model.domain.DomainDevice}
 *       (kind + element tree) with {@code findByTarget}, {@code findByAlias}, {@code addDevice},
 *       {@code removeDevice}, {@code replaceDevice}.</li>
 * </ul>
 *
 * <p>Post-parse ({@code DomainPostParse} and friends) reproduces what real libvirt 9.0.0 shows after
 * {@code virsh define} on test:///default: memory units to KiB, currentMemory defaulted and clamped, vcpu
 * placement, os arch and {@code <boot dev='hd'/>}, clock and on_* defaults, disk buses, drive addresses and
 * {@code <readonly/>} for CD-ROMs, controller indexes, libvirt's controller and disk insertion order, implicit
 * controllers (ide/fdc/scsi/sata/virtio-serial/ccid), serial/console pairing and chardev sources, graphics ports
 * and listens, video defaults and the primary video, MAC generation and "testnetN" interface names (test driver
 * only), cputune scheduler expansion and resctrl checks, scaled sizes (memtune, hugepages, tseg, ...). Inputs
 * defined with the ParseOptions' {@code inactive} flag drop live-only data (source indexes, resctrl ids).
 *
 * <p>Design note: only the fields drivers read or change are typed so far; every other section is carried as an
 * attribute-order-preserving element tree (read by {@code OrderedXmlReader} after {@code XmlParser} has accepted
 * the document, since the JDK's DOM sorts attributes) and normalised by the post-parse steps where libvirt fills
 * defaults. Sections libvirt does not know are dropped, as libvirt drops them.
 */
package org.jvirt.model.domain;
