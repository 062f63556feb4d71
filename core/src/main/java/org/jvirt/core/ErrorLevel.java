package org.jvirt.core;

/** libvirt's {@code virErrorLevel}. */
public final class ErrorLevel {
    public static final int NONE = 0;
    public static final int WARNING = 1;
    public static final int ERROR = 2;

    private ErrorLevel() {}
}
