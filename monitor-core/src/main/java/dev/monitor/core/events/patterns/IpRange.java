package dev.monitor.core.events.patterns;


/**
 * An IPv4 or IPv6 block, as {@code cidr} takes it. Addresses are read strictly (dotted quads; IPv6 in hex groups
 * with at most one {@code ::}, no embedded IPv4, no zone): anything else is not an address, in a pattern
 * ("Nonstandard IP address") and in an event (no match).
 */
record IpRange(boolean v6, long lowHigh, long lowLow, long highHigh, long highLow) {

    /** A {@code cidr} pattern such as {@code 10.0.0.0/24}, with AWS's reasons for the ones it refuses. */
    static IpRange cidr(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length != 2) {
            throw new InvalidEventPatternException("Malformed CIDR, one '/' required");
        }
        int bits;
        try {
            bits = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new InvalidEventPatternException("Malformed CIDR, mask bits must be an integer");
        }
        if (bits < 0) {
            throw new InvalidEventPatternException("Malformed CIDR, mask bits must not be negative");
        }
        long[] address = parse(parts[0]);
        if (address == null) {
            throw new InvalidEventPatternException("Nonstandard IP address: " + parts[0]);
        }
        boolean v6 = address.length == 2;
        if (!v6 && bits >= 32) {
            throw new InvalidEventPatternException("IPv4 mask bits must be < 32");
        }
        if (v6 && bits >= 128) {
            throw new InvalidEventPatternException("IPv6 mask bits must be < 128");
        }
        if (!v6) {
            long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
            long low = address[0] & mask;
            return new IpRange(false, 0, low, 0, low | (~mask & 0xFFFFFFFFL));
        }
        long maskHigh = bits == 0 ? 0 : bits >= 64 ? -1L : -1L << (64 - bits);
        long maskLow = bits <= 64 ? 0 : -1L << (128 - bits);
        return new IpRange(true, address[0] & maskHigh, address[1] & maskLow,
                address[0] | ~maskHigh, address[1] | ~maskLow);
    }

    /** The block of one address, or null when {@code text} is not an address. */
    static IpRange single(String text) {
        long[] address = parse(text);
        if (address == null) {
            return null;
        }
        return address.length == 1 ? new IpRange(false, 0, address[0], 0, address[0])
                : new IpRange(true, address[0], address[1], address[0], address[1]);
    }

    boolean contains(String value) {
        long[] address = parse(value);
        if (address == null || (address.length == 2) != v6) {
            return false;
        }
        if (!v6) {
            return address[0] >= lowLow && address[0] <= highLow;
        }
        return compare(address[0], address[1], lowHigh, lowLow) >= 0 && compare(address[0], address[1], highHigh, highLow) <= 0;
    }

    private static int compare(long aHigh, long aLow, long bHigh, long bLow) {
        int high = Long.compareUnsigned(aHigh, bHigh);
        return high != 0 ? high : Long.compareUnsigned(aLow, bLow);
    }

    /** {ipv4} or {high, low} for IPv6, or null. */
    static long[] parse(String text) {
        if (text.indexOf(':') >= 0) {
            return parse6(text);
        }
        return parse4(text);
    }

    private static long[] parse4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        long value = 0;
        for (String part : parts) {
            int octet = decimal(part);
            if (octet < 0 || octet > 255) {
                return null;
            }
            value = (value << 8) | octet;
        }
        return new long[] {value};
    }

    private static int decimal(String part) {
        if (part.isEmpty() || part.length() > 3) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static long[] parse6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        int[] groups = new int[8];
        int count;
        if (gap < 0) {
            count = groups(text, groups, 0);
            if (count != 8) {
                return null;
            }
        } else {
            int[] head = new int[8];
            int[] tail = new int[8];
            int headCount = gap == 0 ? 0 : groups(text.substring(0, gap), head, 0);
            int tailCount = gap + 2 == text.length() ? 0 : groups(text.substring(gap + 2), tail, 0);
            if (headCount < 0 || tailCount < 0 || headCount + tailCount > 7) {
                return null;
            }
            System.arraycopy(head, 0, groups, 0, headCount);
            System.arraycopy(tail, 0, groups, 8 - tailCount, tailCount);
        }
        long high = 0;
        long low = 0;
        for (int i = 0; i < 4; i++) {
            high = (high << 16) | groups[i];
            low = (low << 16) | groups[i + 4];
        }
        return new long[] {high, low};
    }

    /** Reads colon-separated hex groups into {@code into}; their count, or -1. */
    private static int groups(String text, int[] into, int start) {
        String[] parts = text.split(":", -1);
        if (parts.length > 8) {
            return -1;
        }
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 4) {
                return -1;
            }
            int value = 0;
            for (int j = 0; j < part.length(); j++) {
                int digit = Character.digit(part.charAt(j), 16);
                if (digit < 0) {
                    return -1;
                }
                value = (value << 4) | digit;
            }
            into[start + i] = value;
        }
        return parts.length;
    }
}
