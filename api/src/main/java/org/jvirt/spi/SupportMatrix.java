package org.jvirt.spi;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

/**
 * Computes which libvirt public functions each driver implements, from the code itself (like libvirt's
 * {@code scripts/hvsupport.py}): a facet method a driver overrides is implemented; one it inherits answers
 * VIR_ERR_NO_SUPPORT. The libvirt function behind each SPI method is read from that very NO_SUPPORT error, so the
 * name is written once, in the SPI's default method.
 */
public final class SupportMatrix {
    /** The facets in the order the matrix lists them, with the accessor that returns each. */
    public static final Map<String, Class<?>> FACETS = facets();

    private SupportMatrix() {}

    private static Map<String, Class<?>> facets() {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        for (Method accessor : HypervisorConnection.class.getMethods()) {
            if (accessor.getParameterCount() == 0 && accessor.getReturnType().isInterface()
                    && accessor.getReturnType().getPackage() == HypervisorConnection.class.getPackage()) {
                m.put(accessor.getName(), accessor.getReturnType());
            }
        }
        return new TreeMap<>(m);
    }

    /** One row: the libvirt function and the facet method that carries it. */
    public record Row(String function, String facet, Method method) {}

    /** Every SPI method with the libvirt function it stands for, sorted by function name. */
    public static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (var e : FACETS.entrySet()) {
            Class<?> facet = e.getValue();
            Object defaults = allDefaults(facet);
            for (Method m : facet.getMethods()) {
                if (!m.isDefault() || Modifier.isStatic(m.getModifiers())) {
                    continue;
                }
                String fn = functionOf(defaults, m);
                if (fn != null) {
                    rows.add(new Row(fn, e.getKey(), m));
                }
            }
        }
        rows.sort((a, b) -> a.function().compareTo(b.function()));
        return rows;
    }

    /** True when {@code connection}'s facet overrides the row's method. */
    public static boolean implemented(HypervisorConnection connection, Row row) {
        try {
            Object facet = HypervisorConnection.class.getMethod(row.facet()).invoke(connection);
            Method impl = facet.getClass().getMethod(row.method().getName(), row.method().getParameterTypes());
            return !impl.getDeclaringClass().isInterface();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot inspect facet " + row.facet(), e);
        }
    }

    /** The markdown table: one column per driver (name → an open connection of it). */
    public static String markdown(Map<String, HypervisorConnection> drivers) {
        List<Row> rows = rows();
        StringBuilder b = new StringBuilder();
        b.append("# Support matrix\n\n");
        b.append("Generated from the code by `SupportMatrixTest` (`./mvnw -pl dist test -Djvirt.regenerate=true`); ");
        b.append("do not edit. A libvirt function a driver does not implement answers `VIR_ERR_NO_SUPPORT` ");
        b.append("(\"this function is not supported by the connection driver: NAME\"). Functions that need no ");
        b.append("driver (e.g. `virConnectGetLibVersion`, `virDomainGetName`) are answered by the API itself and ");
        b.append("are not listed.\n\n");
        b.append("| function | SPI facet |");
        drivers.keySet().forEach(d -> b.append(' ').append(d).append(" |"));
        b.append("\n| --- | --- |");
        drivers.keySet().forEach(d -> b.append(" --- |"));
        b.append('\n');
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Row r : rows) {
            b.append("| `").append(r.function()).append("` | ").append(r.facet()).append(" |");
            for (var d : drivers.entrySet()) {
                boolean yes = implemented(d.getValue(), r);
                counts.merge(d.getKey(), yes ? 1 : 0, Integer::sum);
                b.append(yes ? " yes |" : " no |");
            }
            b.append('\n');
        }
        b.append("\nTotals of ").append(rows.size()).append(" driver functions:");
        counts.forEach((d, n) -> b.append(' ').append(d).append(' ').append(n).append(';'));
        b.setLength(b.length() - 1);
        b.append(".\n");
        return b.toString();
    }

    private static Object allDefaults(Class<?> facet) {
        InvocationHandler h = (proxy, method, args) -> {
            if (method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            throw new UnsupportedOperationException(method.getName());
        };
        return Proxy.newProxyInstance(facet.getClassLoader(), new Class<?>[] {facet}, h);
    }

    private static String functionOf(Object defaults, Method m) {
        Object[] args = new Object[m.getParameterCount()];
        Class<?>[] types = m.getParameterTypes();
        for (int i = 0; i < args.length; i++) {
            args[i] = zero(types[i]);
        }
        try {
            m.invoke(defaults, args);
            return null;
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof VirException v && v.code() == ErrorNumber.NO_SUPPORT) {
                return v.str2();
            }
            return null;
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private static Object zero(Class<?> t) {
        if (!t.isPrimitive()) {
            return null;
        }
        if (t == boolean.class) {
            return false;
        }
        if (t == long.class) {
            return 0L;
        }
        if (t == double.class) {
            return 0.0;
        }
        return 0;
    }
}
