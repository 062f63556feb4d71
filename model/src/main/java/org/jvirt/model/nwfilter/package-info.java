/**
 * Network filter XML ({@code <filter>}): {@link org.jvirt.model.nwfilter.NWFilterDef} (record; entries are a sealed
 * Rule | FilterRef), {@link org.jvirt.model.nwfilter.NWFilterDefParser#parse(String)} and
 * {@link org.jvirt.model.nwfilter.NWFilterDefFormatter#format(NWFilterDef, int)}. Rule attributes are kept as
 * libvirt's typed items (value, hex/decimal datatype, match='no', $VARIABLE references) so that output and firewall
 * rule generation see what libvirt sees. The test driver has no nwfilter support; the nwfilter driver reads
 * {@code name()}, {@code uuid()} and the filter references for its dependency checks.
 */
package org.jvirt.model.nwfilter;
