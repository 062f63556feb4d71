package org.jvirt.core.param;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

/** An ordered list of typed parameters with libvirt's lookup and validation helpers. Immutable. */
public record TypedParams(List<TypedParam> list) {
    public TypedParams {
        list = List.copyOf(list);
    }

    public static TypedParams of(TypedParam... params) {
        return new TypedParams(List.of(params));
    }

    public Optional<TypedParam> get(String field) {
        return list.stream().filter(p -> p.field().equals(field)).findFirst();
    }

    public int size() {
        return list.size();
    }

    /**
     * libvirt's virTypedParamsValidate: every field must be one of {@code allowed} (name → expected type) with that
     * type, and appear at most once; raises VIR_ERR_INVALID_ARG with libvirt's texts otherwise.
     */
    public void validate(java.util.Map<String, Integer> allowed) {
        List<String> seen = new ArrayList<>();
        for (TypedParam p : list) {
            Integer type = allowed.get(p.field());
            if (type == null) {
                throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.NONE,
                        "parameter '" + p.field() + "' not supported");
            }
            if (type != p.type()) {
                throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.NONE,
                        "invalid type '" + typeName(p.type()) + "' for parameter '" + p.field() + "', expected '"
                                + typeName(type) + "'");
            }
            if (seen.contains(p.field())) {
                throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.NONE,
                        "parameter '" + p.field() + "' occurs multiple times");
            }
            seen.add(p.field());
        }
    }

    public List<TypedParam> asList() {
        return Collections.unmodifiableList(list);
    }

    /** libvirt's names of the types, as used in its error messages. */
    public static String typeName(int type) {
        return switch (type) {
            case TypedParam.TYPE_INT -> "int";
            case TypedParam.TYPE_UINT -> "uint";
            case TypedParam.TYPE_LLONG -> "llong";
            case TypedParam.TYPE_ULLONG -> "ullong";
            case TypedParam.TYPE_DOUBLE -> "double";
            case TypedParam.TYPE_BOOLEAN -> "boolean";
            case TypedParam.TYPE_STRING -> "string";
            default -> "<unknown>";
        };
    }
}
