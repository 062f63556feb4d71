package org.jvirt.xdr;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an {@code int}, {@code long} or {@code byte} as XDR {@code unsigned int}, {@code unsigned hyper} or
 * {@code unsigned char}. The bits on the wire are the same as the signed form; the Java value keeps the raw bits
 * (use {@link Integer#toUnsignedLong}, {@link Long#toUnsignedString}). It matters for the ABI snapshot and for
 * readers of the record.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE_USE)
public @interface XdrUnsigned {
}
