package org.jvirt.core.util;

import java.util.HexFormat;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** A 6-byte MAC address, formatted as libvirt does (lower-case, colon separated). */
public record MacAddress(byte[] bytes) {
    /** libvirt's prefix for generated guest MACs (QEMU/KVM's OUI). */
    public static final int[] QEMU_PREFIX = {0x52, 0x54, 0x00};

    public MacAddress {
        if (bytes.length != 6) {
            throw new IllegalArgumentException("a MAC address has 6 bytes");
        }
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** libvirt's virMacAddrParse: six hex bytes of one or two digits separated by ':' (or '-'). */
    public static Optional<MacAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] parts = text.split("[:-]", -1);
        if (parts.length != 6) {
            return Optional.empty();
        }
        byte[] raw = new byte[6];
        for (int i = 0; i < 6; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 2 || !p.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return Optional.empty();
            }
            raw[i] = (byte) Integer.parseInt(p, 16);
        }
        return Optional.of(new MacAddress(raw));
    }

    public static MacAddress generate(int[] prefix, RandomGenerator random) {
        byte[] raw = new byte[6];
        for (int i = 0; i < 6; i++) {
            raw[i] = (byte) (i < prefix.length ? prefix[i] : random.nextInt(256));
        }
        return new MacAddress(raw);
    }

    /** Multicast addresses (low bit of the first byte set) are not valid for a NIC. */
    public boolean isMulticast() {
        return (bytes[0] & 1) != 0;
    }

    @Override
    public String toString() {
        return HexFormat.ofDelimiter(":").formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MacAddress m && java.util.Arrays.equals(bytes, m.bytes);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(bytes);
    }
}
