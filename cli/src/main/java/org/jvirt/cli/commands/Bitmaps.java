package org.jvirt.cli.commands;

/** libvirt's CPU list syntax (virBitmapFormat / virBitmapParse): "0-3,5", with "^N" excluding in parsing. */
final class Bitmaps {
    private Bitmaps() {}

    /** virBitmapFormat: set bits as ranges; an empty map formats as "". */
    static String format(boolean[] map) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < map.length) {
            if (!map[i]) {
                i++;
                continue;
            }
            int start = i;
            while (i + 1 < map.length && map[i + 1]) {
                i++;
            }
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(start);
            if (i > start) {
                sb.append('-').append(i);
            }
            i++;
        }
        return sb.toString();
    }

    /** virBitmapParse into a map of {@code size} bits; null when malformed or out of range. */
    static boolean[] parse(String s, int size) {
        boolean[] map = new boolean[size];
        if (s.isBlank()) {
            return null;
        }
        for (String part : s.split(",", -1)) {
            String p = part.strip();
            boolean neg = p.startsWith("^");
            if (neg) {
                p = p.substring(1);
            }
            int dash = p.indexOf('-');
            int lo;
            int hi;
            try {
                if (dash > 0 && !neg) {
                    lo = Integer.parseInt(p.substring(0, dash).strip());
                    hi = Integer.parseInt(p.substring(dash + 1).strip());
                } else {
                    lo = Integer.parseInt(p);
                    hi = lo;
                }
            } catch (NumberFormatException e) {
                return null;
            }
            if (lo < 0 || hi < lo || hi >= size) {
                return null;
            }
            for (int i = lo; i <= hi; i++) {
                map[i] = !neg;
            }
        }
        return map;
    }
}
