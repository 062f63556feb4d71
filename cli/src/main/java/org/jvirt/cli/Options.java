package org.jvirt.cli;

/**
 * virsh's typed option getters (vshCommandOpt*), with their exact error texts. Each returns null when the option
 * is absent and throws {@link BadOption} (already reported) when its value is unusable; handlers let that escape and
 * the runner turns it into a failed command.
 */
public final class Options {
    private Options() {}

    /** Thrown after an option error has been printed: the command fails with nothing more to report. */
    public static final class BadOption extends RuntimeException {
        public BadOption() {
            super(null, null, false, false);
        }
    }

    /** VSH_EXCLUSIVE_OPTIONS: both given is an error. */
    public static boolean exclusive(Ctl ctl, Cmd cmd, String a, String b) {
        if (cmd.has(a) && cmd.has(b)) {
            ctl.errorf("Options --%s and --%s are mutually exclusive", a, b);
            return false;
        }
        return true;
    }

    /** VSH_REQUIRE_OPTION: {@code a} needs {@code b}. */
    public static boolean requires(Ctl ctl, Cmd cmd, String a, String b) {
        if (cmd.has(a) && !cmd.has(b)) {
            ctl.errorf("Option --%s is required by option --%s", b, a);
            return false;
        }
        return true;
    }

    /** vshCommandOptStringReq: an empty value is an error unless the option allows it. */
    public static String string(Ctl ctl, Cmd cmd, String name) {
        Opt o = cmd.find(name);
        if (o == null) {
            return null;
        }
        if (o.data().isEmpty() && !o.def().emptyOk()) {
            ctl.errorf("Failed to get option '%s': %s", name, "Option argument is empty");
            throw new BadOption();
        }
        return o.data();
    }

    /** vshCommandOptStringQuiet: an empty value counts as absent, silently. */
    public static String stringQuiet(Cmd cmd, String name) {
        Opt o = cmd.find(name);
        if (o == null || (o.data().isEmpty() && !o.def().emptyOk())) {
            return null;
        }
        return o.data();
    }

    private static BadOption numeric(Ctl ctl, Cmd cmd, String name) {
        ctl.errorf("Numeric value '%s' for <%s> option is malformed or out of range", cmd.raw(name), name);
        return new BadOption();
    }

    /** vshCommandOptInt. */
    public static Integer integer(Ctl ctl, Cmd cmd, String name) {
        String v = cmd.raw(name);
        if (v == null) {
            return null;
        }
        Integer i = Numbers.parseInt(v, 10);
        if (i == null) {
            throw numeric(ctl, cmd, name);
        }
        return i;
    }

    /** vshCommandOptUInt (negative values rejected). */
    public static Long uint(Ctl ctl, Cmd cmd, String name) {
        String v = cmd.raw(name);
        if (v == null) {
            return null;
        }
        Long i = Numbers.parseUIntPositive(v, 10);
        if (i == null) {
            throw numeric(ctl, cmd, name);
        }
        return i;
    }

    /** vshCommandOptUIntWrap (strtoul's wrap-around accepted). */
    public static Long uintWrap(Ctl ctl, Cmd cmd, String name) {
        String v = cmd.raw(name);
        if (v == null) {
            return null;
        }
        Long i = Numbers.parseUInt(v, 10);
        if (i == null) {
            throw numeric(ctl, cmd, name);
        }
        return i;
    }

    /** vshCommandOptLongLong. */
    public static Long longLong(Ctl ctl, Cmd cmd, String name) {
        String v = cmd.raw(name);
        if (v == null) {
            return null;
        }
        Long i = Numbers.parseLong(v, 10);
        if (i == null) {
            throw numeric(ctl, cmd, name);
        }
        return i;
    }

    /** vshCommandOptULongLong (negative rejected); the value as raw unsigned bits. */
    public static Long ulongLong(Ctl ctl, Cmd cmd, String name) {
        String v = cmd.raw(name);
        if (v == null) {
            return null;
        }
        Long i = Numbers.parseULongPositive(v, 10);
        if (i == null) {
            throw numeric(ctl, cmd, name);
        }
        return i;
    }

    /** vshCommandOptULongLongWrap. */
    public static Long ulongLongWrap(Ctl ctl, Cmd cmd, String name) {
        String v = cmd.raw(name);
        if (v == null) {
            return null;
        }
        Long i = Numbers.parseULong(v, 10);
        if (i == null) {
            throw numeric(ctl, cmd, name);
        }
        return i;
    }

    /** vshCommandOptScaledInt: a size with optional unit, {@code scale} bytes per unit when none is given. */
    public static Long scaled(Ctl ctl, Cmd cmd, String name, long scale, long max) {
        String v = cmd.raw(name);
        if (v == null) {
            return null;
        }
        Long i = Numbers.parseScaled(v, scale, max);
        if (i == null) {
            ctl.errorf("Scaled numeric value '%s' for <%s> option is malformed or out of range", v, name);
            throw new BadOption();
        }
        return i;
    }
}
