/**
 * Guests' control groups (libvirt's vircgroup.c with its v1 and v2 backends): {@link
 * org.jvirt.host.cgroup.CgroupManager} places a guest's group in a resource partition ({@code /machine} by default,
 * the layout libvirt uses without systemd-machined), {@link org.jvirt.host.cgroup.Cgroup} sets and reads memory,
 * CPU, cpuset and block I/O knobs and per-thread sub-groups, and removes groups without killing their tasks. All
 * file access goes through {@link org.jvirt.host.cgroup.CgroupFs}, so tests run on a fake tree.
 */
package org.jvirt.host.cgroup;
