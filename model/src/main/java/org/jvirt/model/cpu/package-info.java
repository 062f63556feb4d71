/**
 * Host CPU definitions and libvirt's CPU map: the reader of the installed map (index.xml and the per-architecture
 * files it includes, never copied into jvirt) and the pure algorithms built on it, such as the baseline of several
 * host CPUs (libvirt's src/cpu).
 */
package org.jvirt.model.cpu;
