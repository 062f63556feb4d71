package org.jvirt.xdr;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The discriminant value of one arm of an XDR union. A union is a sealed interface whose permitted subtypes are
 * records carrying this annotation, each with one component (the arm's value) or none (a {@code void} arm).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface XdrCase {
    int value();
}
