package org.jvirt.xdr;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An XDR optional-data pointer ({@code T *x}): a bool, then the value when true. In Java the component is
 * {@code null} when absent, as the C pointer is; any component without this annotation must not be null.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE_USE)
public @interface XdrOptional {
}
