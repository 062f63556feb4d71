package org.jvirt.core.conf;

import java.util.List;

/** A value of libvirt's configuration file format (virconf.c): a string, a whole number or a list of values. */
public sealed interface ConfValue {
    record Str(String value) implements ConfValue {}

    record Num(long value) implements ConfValue {}

    record ListOf(List<ConfValue> values) implements ConfValue {
        public ListOf {
            values = List.copyOf(values);
        }
    }
}
