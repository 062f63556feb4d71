package org.jvirt.driver.test;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.jvirt.core.param.TypedParam;

/**
 * Per-domain values of the tuning and guest calls that are not (yet) written into the domain definition: libvirt
 * keeps blkio device limits, {@code <iotune>}, {@code <bandwidth>} and {@code <iothreadids>} there. Pinning, blkio
 * weight, memtune limits, numatune and perf events are in the definition (see TuningXml).
 */
final class TestTunables {
    /** Per interface (target dev): inbound/outbound bandwidth values by parameter name. */
    final Map<String, Map<String, Integer>> bandwidth = new HashMap<>();
    /** Per disk target: block I/O throttling values by parameter name. */
    final Map<String, Map<String, TypedParam>> iotune = new HashMap<>();
    /** IOThread id to its pinning; empty pinning means "all CPUs". */
    final Map<Integer, boolean[]> iothreads = new TreeMap<>();
    int memoryStatsPeriod;
    /** The guest clock once set with virDomainSetTime; the test driver's fixed answer before. */
    long timeSeconds = 627319920;
    int timeNanos;
    /** Frozen state of the fake guest's two filesystems, "/" and "/boot". */
    final boolean[] frozen = new boolean[2];
    /** device_weight, device_read_iops_sec... as set, in libvirt's "path,value,..." form. */
    final Map<String, String> blkioDevices = new HashMap<>();
}
