package dev.monitor.aws.internal;

/** The UTF-8 size of text, as AWS's request limits count it, without encoding it. */
final class Utf8 {
    private Utf8() {
    }

    /** The bytes {@code s} takes in UTF-8 (0 for null), as {@code s.getBytes(UTF_8).length} counts them. */
    static int length(String s) {
        if (s == null) {
            return 0;
        }
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes++; // String.getBytes(UTF_8) writes '?' for an unpaired surrogate
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
