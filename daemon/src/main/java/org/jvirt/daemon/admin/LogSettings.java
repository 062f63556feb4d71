package org.jvirt.daemon.admin;

import java.util.ArrayList;
import java.util.List;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

/**
 * The daemon's log filters and outputs as libvirt's {@code virlog.c} parses, normalises and prints them, so that
 * {@code virt-admin daemon-log-filters} / {@code daemon-log-outputs} read back what libvirtd would. jvirtd logs
 * through {@link System.Logger}: the strings are validated and stored, but not (yet) applied to its loggers.
 */
public final class LogSettings {
    private final String defaultFilters;
    private final String defaultOutputs;
    private volatile List<String> filters;
    private volatile List<String> outputs;

    /** {@code filters} and {@code outputs} as libvirtd.conf's log_filters / log_outputs (null or blank: none). */
    public LogSettings(String filters, String outputs, int logLevel) {
        this.defaultFilters = filters == null ? "" : filters;
        this.defaultOutputs = outputs == null || outputs.isBlank() ? logLevel + ":stderr" : outputs;
        this.filters = parseFilters(defaultFilters);
        this.outputs = parseOutputs(defaultOutputs);
    }

    /** virLogGetFilters: each "prio:[+]match " with its trailing space, as libvirt prints them. */
    public String filters() {
        StringBuilder sb = new StringBuilder();
        for (String f : filters) {
            sb.append(f).append(' ');
        }
        return sb.toString();
    }

    public int filterCount() {
        return filters.size();
    }

    /** virLogGetOutputs: the outputs separated by one space. */
    public String outputs() {
        return String.join(" ", outputs);
    }

    public int outputCount() {
        return outputs.size();
    }

    /** virLogSetFilters: null restores the configured filters; every filter is checked before any is applied. */
    public void setFilters(String text) {
        filters = parseFilters(text == null ? defaultFilters : text);
    }

    /** virLogSetOutputs: null restores the configured outputs. */
    public void setOutputs(String text) {
        outputs = parseOutputs(text == null ? defaultOutputs : text);
    }

    static List<String> parseFilters(String text) {
        List<String> out = new ArrayList<>();
        for (String tok : text.trim().split("\\s+")) {
            if (tok.isEmpty()) {
                continue;
            }
            String[] parts = tok.split(":", -1);
            if (parts.length != 2) {
                throw invalid("Malformed format for filter '" + tok + "'");
            }
            int prio = priority(parts[0]);
            if (prio < 0) {
                throw invalid("Invalid priority '" + parts[0] + "' for filter '" + tok + "'");
            }
            String match = parts[1];
            boolean stack = match.startsWith("+");
            if (stack) {
                match = match.substring(1);
            }
            if (match.isEmpty()) {
                throw invalid("Invalid match string '" + tok + "'");
            }
            // libvirt matches filters with fnmatch and wraps a plain name in wildcards (virLogDefineFilter).
            if (match.indexOf('*') < 0) {
                match = "*" + match + "*";
            }
            out.add(prio + ":" + (stack ? "+" : "") + match);
        }
        return List.copyOf(out);
    }

    static List<String> parseOutputs(String text) {
        List<String> out = new ArrayList<>();
        for (String tok : text.trim().split("\\s+")) {
            if (tok.isEmpty()) {
                continue;
            }
            String[] parts = tok.split(":", -1);
            if (parts.length < 2) {
                throw invalid("Malformed format for log output '" + tok + "'");
            }
            int prio = priority(parts[0]);
            if (prio < 0) {
                throw invalid("Invalid log priority '" + parts[0] + "' for log output '" + tok + "'");
            }
            int want = switch (parts[1]) {
                case "stderr", "journald" -> 2;
                case "syslog", "file" -> 3;
                default -> throw invalid("Invalid log destination '" + parts[1] + "' for log output '" + tok + "'");
            };
            if (parts.length != want) {
                throw invalid("Log output '" + tok + "' does not meet the format requirements for destination type '"
                        + parts[1] + "'");
            }
            out.add(prio + ":" + parts[1] + (want == 3 ? ":" + parts[2] : ""));
        }
        return List.copyOf(out);
    }

    /** VIR_LOG_DEBUG (1) to VIR_LOG_ERROR (4), else -1. */
    private static int priority(String s) {
        try {
            int p = Integer.parseInt(s);
            return p >= 1 && p <= 4 ? p : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static VirException invalid(String detail) {
        return VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.NONE, detail);
    }
}
