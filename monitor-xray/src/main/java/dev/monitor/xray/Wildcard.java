package dev.monitor.xray;

/**
 * X-Ray's wildcard matching, as its sampling rules and the SDKs apply it: {@code *} matches any
 * text (the empty text too), {@code ?} exactly one character, anything else itself, ignoring case
 * (https://docs.aws.amazon.com/xray/latest/devguide/xray-console-sampling.html). Without regular
 * expressions: a linear scan that backtracks only to the last {@code *}, so a decision costs no
 * allocation and no more than (pattern × text) steps. Thread-safe (stateless).
 */
public final class Wildcard {
    private Wildcard() {
    }

    /** Whether {@code text} (null: the empty text) matches {@code pattern} (null matches nothing). */
    public static boolean matches(String pattern, String text) {
        if (pattern == null) {
            return false;
        }
        String t = text == null ? "" : text;
        if (pattern.length() == 1 && pattern.charAt(0) == '*') {
            return true;
        }
        int p = 0;
        int i = 0;
        int star = -1;
        int resume = 0;
        while (i < t.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = i;
            } else if (p < pattern.length() && (pattern.charAt(p) == '?' || same(pattern.charAt(p), t.charAt(i)))) {
                p++;
                i++;
            } else if (star >= 0) {
                p = star + 1;
                i = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    private static boolean same(char a, char b) {
        return a == b || Character.toLowerCase(a) == Character.toLowerCase(b)
                || Character.toUpperCase(a) == Character.toUpperCase(b);
    }
}
