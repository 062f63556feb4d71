package org.jvirt.core.util;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.random.RandomGenerator;

/** libvirt's UUID rules ({@code virUUIDParse}/{@code virUUIDFormat}/{@code virUUIDGenerate}). */
public final class Uuids {
    private Uuids() {}

    /**
     * Parses a UUID the lenient way libvirt does: 32 hex digits, with '-' allowed between any of them and
     * surrounding blanks ignored. Empty when the text is not a UUID.
     */
    public static Optional<UUID> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.strip();
        StringBuilder hex = new StringBuilder(32);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '-') {
                if (hex.isEmpty() || hex.length() == 32) {
                    return Optional.empty();
                }
                continue;
            }
            if (Character.digit(c, 16) < 0 || hex.length() == 32) {
                return Optional.empty();
            }
            hex.append(c);
        }
        if (hex.length() != 32) {
            return Optional.empty();
        }
        byte[] raw = HexFormat.of().parseHex(hex);
        return Optional.of(fromBytes(raw));
    }

    /** A random (version 4) UUID, from the generator the caller owns (tests pass a seeded one). */
    public static UUID generate(RandomGenerator random) {
        byte[] raw = new byte[16];
        for (int i = 0; i < 16; i++) {
            raw[i] = (byte) random.nextInt(256);
        }
        raw[6] = (byte) ((raw[6] & 0x0f) | 0x40);
        raw[8] = (byte) ((raw[8] & 0x3f) | 0x80);
        return fromBytes(raw);
    }

    public static UUID generate() {
        return generate(new SecureRandom());
    }

    public static byte[] toBytes(UUID uuid) {
        byte[] raw = new byte[16];
        long hi = uuid.getMostSignificantBits();
        long lo = uuid.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            raw[i] = (byte) (hi >>> (56 - 8 * i));
            raw[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        return raw;
    }

    public static UUID fromBytes(byte[] raw) {
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (raw[i] & 0xff);
            lo = (lo << 8) | (raw[8 + i] & 0xff);
        }
        return new UUID(hi, lo);
    }
}
