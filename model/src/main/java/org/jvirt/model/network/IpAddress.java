package org.jvirt.model.network;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

/**
 * An IPv4 or IPv6 address as libvirt's {@code virSocketAddr} holds it in XML configs: parsed like
 * {@code getaddrinfo(AI_NUMERICHOST)} (so "10.1" is 10.0.0.1) and formatted like glibc's {@code inet_ntop}
 * (IPv6 zero runs compressed, "::a.b.c.d" for compatible/mapped forms). Never resolves a host name.
 */
public record IpAddress(byte[] bytes) {

    public IpAddress {
        if (bytes.length != 4 && bytes.length != 16) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes");
        }
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public boolean isIpv4() {
        return bytes.length == 4;
    }

    public boolean isIpv6() {
        return bytes.length == 16;
    }

    /** Parses a numeric address, or null when it is not one (libvirt's virSocketAddrParse without the report). */
    public static IpAddress tryParse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            InetAddress a = text.indexOf(':') >= 0 ? Inet6Address.ofLiteral(text) : Inet4Address.ofPosixLiteral(text);
            byte[] raw = a.getAddress();
            if (raw.length == 4 && text.indexOf(':') >= 0) {
                // the JDK folds IPv4-mapped IPv6 literals into IPv4; libvirt keeps them IPv6
                byte[] v6 = new byte[16];
                v6[10] = (byte) 0xff;
                v6[11] = (byte) 0xff;
                System.arraycopy(raw, 0, v6, 12, 4);
                raw = v6;
            }
            return new IpAddress(raw);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * virSocketAddrParse: the numeric address, or VIR_ERR_SYSTEM_ERROR "Cannot parse socket address '%s': %s"
     * with getaddrinfo's text, as libvirt reports it.
     */
    public static IpAddress parse(String text) {
        IpAddress a = tryParse(text);
        if (a == null) {
            throw VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.NONE,
                    "Cannot parse socket address '" + text + "': Name or service not known");
        }
        return a;
    }

    /** virSocketAddrParse restricted to one family: the IPv4-only form used by {@code <nat><address>}. */
    public static IpAddress parseIpv4(String text) {
        IpAddress a = text == null || text.indexOf(':') >= 0 ? null : tryParse(text);
        if (a == null) {
            throw VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.NONE,
                    "Cannot parse socket address '" + text + "': Address family for hostname not supported");
        }
        return a;
    }

    @Override
    public String toString() {
        if (isIpv4()) {
            return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
        }
        int[] w = new int[8];
        for (int i = 0; i < 8; i++) {
            w[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        // glibc inet_ntop6: compress the longest run (first one on ties) of at least two zero words
        int bestBase = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (w[i] == 0) {
                int j = i;
                while (j < 8 && w[j] == 0) {
                    j++;
                }
                if (j - i > bestLen) {
                    bestBase = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        if (bestLen < 2) {
            bestBase = -1;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
                if (i == bestBase) {
                    sb.append(':');
                }
                continue;
            }
            if (i != 0) {
                sb.append(':');
            }
            if (i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && w[5] == 0xffff))) {
                sb.append(bytes[12] & 0xff).append('.').append(bytes[13] & 0xff).append('.')
                        .append(bytes[14] & 0xff).append('.').append(bytes[15] & 0xff);
                return sb.toString();
            }
            sb.append(Integer.toHexString(w[i]));
        }
        if (bestBase >= 0 && bestBase + bestLen == 8) {
            sb.append(':');
        }
        return sb.toString();
    }

    /** The address with all bits past {@code prefix} cleared (virSocketAddrMaskByPrefix). */
    public IpAddress maskByPrefix(int prefix) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - 8 * i));
            int mask = bits == 0 ? 0 : (0xff << (8 - bits)) & 0xff;
            out[i] = (byte) (bytes[i] & mask);
        }
        return new IpAddress(out);
    }

    /** The address with all bits past {@code prefix} set (the IPv4 broadcast address). */
    public IpAddress broadcast(int prefix) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - 8 * i));
            int host = bits == 8 ? 0 : (0xff >> bits);
            out[i] = (byte) (bytes[i] | host);
        }
        return new IpAddress(out);
    }

    /** virSocketAddrGetNumNetmaskBits: the prefix length of a contiguous netmask, or -1. */
    public int netmaskBits() {
        int n = 0;
        int i = 0;
        for (; i < bytes.length && bytes[i] == (byte) 0xff; i++) {
            n += 8;
        }
        if (i == bytes.length) {
            return n;
        }
        int b = bytes[i] & 0xff;
        int j = 0;
        while (j < 8 && (b & (0x80 >> j)) != 0) {
            j++;
        }
        if (((b << j) & 0xff) != 0) {
            return -1;
        }
        n += j;
        for (i++; i < bytes.length; i++) {
            if (bytes[i] != 0) {
                return -1;
            }
        }
        return n;
    }

    /** The i-th 16-bit group of an IPv6 address. */
    int word(int i) {
        return ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
    }

    /**
     * virSocketAddrGetIPPrefix: the explicit prefix, else the netmask's bit count, else the classful default
     * for IPv4 (8/16/24, -1 for class D/E) and 64 for IPv6; 0 when nothing is known.
     */
    public static int ipPrefix(IpAddress address, IpAddress netmask, int prefix) {
        if (prefix > 0) {
            return prefix;
        }
        if (netmask != null) {
            return netmask.netmaskBits();
        }
        if (address != null && address.isIpv4()) {
            int octet = address.bytes[0] & 0xff;
            if ((octet & 0x80) == 0) {
                return 8;
            } else if ((octet & 0xC0) == 0x80) {
                return 16;
            } else if ((octet & 0xE0) == 0xC0) {
                return 24;
            }
            return -1;
        }
        if (address != null && address.isIpv6()) {
            boolean wildcard = true;
            for (byte b : address.bytes) {
                wildcard &= b == 0;
            }
            return wildcard ? 0 : 64;
        }
        return 0;
    }

    /**
     * virSocketAddrGetRange: checks a start..end range (inside {@code network}/{@code prefix} when network is not
     * null) and returns its size, raising libvirt's internal errors for reversed, foreign or oversized ranges.
     */
    public static int range(IpAddress start, IpAddress end, IpAddress network, int prefix) {
        String s = start.toString();
        String e = end.toString();
        if (start.isIpv4() != end.isIpv4()) {
            throw internal("mismatch of address family in range " + s + " - " + e);
        }
        if (network != null) {
            String n = network.toString();
            if (start.isIpv4() != network.isIpv4()) {
                throw internal("mismatch of address family in range " + s + " - " + e + " for network " + n);
            }
            if (prefix < 0 || prefix > network.bytes.length * 8) {
                throw internal("bad prefix " + prefix + " for network " + n + " when  checking range " + s + " - " + e);
            }
            IpAddress net = network.maskByPrefix(prefix);
            if (!start.maskByPrefix(prefix).equals(net) || !end.maskByPrefix(prefix).equals(net)) {
                throw internal("range " + s + " - " + e + " is not entirely within network " + n + "/" + prefix);
            }
            if (start.isIpv4()) {
                if (start.equals(net)) {
                    throw internal("start of range " + s + " - " + e + " in network " + n + "/" + prefix
                            + " is the network address");
                }
                if (end.equals(network.broadcast(prefix))) {
                    throw internal("end of range " + s + " - " + e + " in network " + n + "/" + prefix
                            + " is the broadcast address");
                }
            }
        }
        if (start.isIpv4()) {
            if (start.bytes[0] != end.bytes[0] || start.bytes[1] != end.bytes[1]) {
                throw internal("range " + s + " - " + e + " is too large (> 65535)");
            }
            int r = ((end.bytes[2] & 0xff) - (start.bytes[2] & 0xff)) * 256 + ((end.bytes[3] & 0xff) - (start.bytes[3] & 0xff));
            if (r < 0) {
                throw internal("range " + s + " - " + e + " is reversed ");
            }
            return r + 1;
        }
        for (int i = 0; i < 7; i++) {
            if (start.word(i) != end.word(i)) {
                throw internal("range " + s + " - " + e + " is too large (> 65535)");
            }
        }
        int r = end.word(7) - start.word(7);
        if (r < 0) {
            throw internal("range " + s + " - " + e + " start larger than end");
        }
        return r + 1;
    }

    private static VirException internal(String detail) {
        return VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.NONE, detail);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress a && Arrays.equals(bytes, a.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }
}
