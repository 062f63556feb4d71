package org.jvirt.xdr;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Upper bound of a variable-length item: {@code string<n>}, {@code opaque<n>} or {@code T<n>} (a {@code List}).
 * Without it the item is unbounded ({@code <>}), i.e. limited only by 2^32-1 and by the bytes actually present.
 *
 * <p>A type annotation so that it can sit on a list's element type ({@code List<@XdrMax(4194304) String>}). Java
 * attaches {@code @XdrMax(n) byte[] x} to the element type {@code byte}; the codec accepts it there too.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE_USE)
public @interface XdrMax {
    int value();
}
