package org.jvirt.xdr;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A fixed-length item: {@code opaque x[n]} on a {@code byte[]}, or {@code T x[n]} on a {@code List}. Encoding a
 * value of any other length fails. (On {@code byte[]} Java places the annotation on the element type; accepted.)
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE_USE)
public @interface XdrFixed {
    int value();
}
