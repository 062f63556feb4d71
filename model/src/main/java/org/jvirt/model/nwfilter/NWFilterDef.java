package org.jvirt.model.nwfilter;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.UUID;

/**
 * A network filter: libvirt's {@code virNWFilterDef} ({@code <filter>}, formatnwfilter.rst).
 *
 * @param chainSuffix the chain ("root" by default)
 * @param chainPriority the chain priority; 0 is not formatted
 * @param entries rules and filter references in document order
 */
public record NWFilterDef(String name, UUID uuid, boolean uuidSpecified, String chainSuffix, int chainPriority,
                          List<Entry> entries) {

    public NWFilterDef {
        entries = List.copyOf(entries);
    }

    public NWFilterDef withUuid(UUID u) {
        return new NWFilterDef(name, u, true, chainSuffix, chainPriority, entries);
    }

    /** One child of {@code <filter>}: a rule or a reference to another filter. */
    public sealed interface Entry permits Rule, FilterRef {}

    /**
     * {@code <filterref filter>} with its {@code <parameter>}s; the map is sorted by name as libvirt formats it and
     * each name may carry several values (a list variable).
     */
    public record FilterRef(String filter, SortedMap<String, List<String>> params) implements Entry {}

    /**
     * {@code <rule action direction priority statematch>} with at most one protocol element.
     *
     * @param protocol the protocol element name ("mac", "tcp", "all-ipv6", ...) or null for none
     * @param flags libvirt's rule flags: bit 0 = statematch off, bits 1..5 = state NEW..NONE seen in {@code state}
     * @param items the protocol element's attributes by name, in libvirt's table order
     */
    public record Rule(String action, String direction, int priority, int flags, String protocol,
                       Map<String, Item> items) implements Entry {
        public static final int NO_STATEMATCH = 1;
    }

    /**
     * One attribute value (libvirt's nwItemDesc).
     *
     * @param flags {@link #EXISTS}, {@link #IS_NEG} (match='no'), {@link #HAS_VAR}
     * @param datatype the {@code DATATYPE_*} bit the value was read as (decides decimal vs hex output)
     * @param value Long for numbers, IpAddress, MacAddress, String, Boolean, {@link TcpFlags}, {@link IpsetFlags}
     * @param var the variable reference when the value was {@code $NAME}
     */
    public record Item(int flags, int datatype, Object value, VarAccess var) {
        public static final int EXISTS = 1;
        public static final int IS_NEG = 2;
        public static final int HAS_VAR = 4;

        public boolean exists() {
            return (flags & EXISTS) != 0;
        }

        public Item withFlags(int f) {
            return new Item(f, datatype, value, var);
        }
    }

    /** A variable reference: NAME (iterator 0), NAME[@n] (iterator n) or NAME[n] (element n). */
    public record VarAccess(String name, boolean iterator, long index) {
        @Override
        public String toString() {
            if (iterator) {
                return index != 0 ? name + "[@" + index + "]" : name;
            }
            return name + "[" + index + "]";
        }
    }

    /** TCP flags {@code mask/flags}, each a bit set of FIN..URG. */
    public record TcpFlags(int mask, int flags) {}

    /** ipsetflags: {@code count} entries, bit i set meaning "src" at position i, else "dst". */
    public record IpsetFlags(int count, int flags) {}
}
