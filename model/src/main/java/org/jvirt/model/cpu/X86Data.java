package org.jvirt.model.cpu;

import java.util.HashMap;
import java.util.Map;

/**
 * A set of x86 CPUID and MSR bits (libvirt's virCPUx86Data): every 32-bit register word one leaf or MSR sets, keyed
 * by where it comes from. Immutable; the set operations are those of libvirt's x86DataAdd, x86DataIntersect,
 * x86DataSubtract and x86DataIsSubset, bit by bit.
 */
public record X86Data(Map<Word, Integer> words) {
    /** Register numbers of a {@link Word}. */
    public static final int EAX = 0;
    public static final int EBX = 1;
    public static final int ECX = 2;
    public static final int EDX = 3;

    /** One 32-bit register: of CPUID leaf {@code in1} subleaf {@code in2}, or of MSR {@code in1} ({@code in2} 0). */
    public record Word(boolean msr, long in1, long in2, int reg) {}

    public static final X86Data EMPTY = new X86Data(Map.of());

    public X86Data {
        Map<Word, Integer> copy = new HashMap<>();
        words.forEach((w, bits) -> {
            if (bits != 0) {
                copy.put(w, bits);
            }
        });
        words = Map.copyOf(copy);
    }

    public static X86Data of(Word word, int bits) {
        return new X86Data(Map.of(word, bits));
    }

    public boolean isEmpty() {
        return words.isEmpty();
    }

    public X86Data union(X86Data other) {
        Map<Word, Integer> out = new HashMap<>(words);
        other.words.forEach((w, bits) -> out.merge(w, bits, (a, b) -> a | b));
        return new X86Data(out);
    }

    public X86Data intersect(X86Data other) {
        Map<Word, Integer> out = new HashMap<>();
        words.forEach((w, bits) -> out.put(w, bits & other.words.getOrDefault(w, 0)));
        return new X86Data(out);
    }

    public X86Data subtract(X86Data other) {
        Map<Word, Integer> out = new HashMap<>();
        words.forEach((w, bits) -> out.put(w, bits & ~other.words.getOrDefault(w, 0)));
        return new X86Data(out);
    }

    /** Whether every bit of {@code other} is set here (libvirt's x86DataIsSubset(this, other)). */
    public boolean contains(X86Data other) {
        for (Map.Entry<Word, Integer> e : other.words.entrySet()) {
            int mine = words.getOrDefault(e.getKey(), 0);
            if ((mine & e.getValue()) != e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
