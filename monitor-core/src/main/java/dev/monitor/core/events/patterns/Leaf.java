package dev.monitor.core.events.patterns;

import java.util.Locale;

/**
 * One scalar of an event at one field path, as event-ruler sees it: a string, a number, true, false or null,
 * with the array elements it sits in ({@code membership}: pairs of array id and index, by array id), so that
 * two fields a rule names are taken from the same element of an array of objects.
 */
final class Leaf {
    enum Kind { STRING, NUMBER, TRUE, FALSE, NULL }

    static final int[] NO_ARRAYS = new int[0];

    final Kind kind;
    /** The string's value, or the number as written. */
    final String text;
    final double number;
    final int[] membership;
    private Double boxed;
    private String folded;

    private Leaf(Kind kind, String text, double number, int[] membership) {
        this.kind = kind;
        this.text = text;
        this.number = number;
        this.membership = membership;
    }

    static Leaf string(String value, int[] membership) {
        return new Leaf(Kind.STRING, value, Double.NaN, membership);
    }

    static Leaf number(String text, double value, int[] membership) {
        return new Leaf(Kind.NUMBER, text, value, membership);
    }

    static Leaf literal(Kind kind, int[] membership) {
        return new Leaf(kind, kind.name().toLowerCase(Locale.ROOT), Double.NaN, membership);
    }

    boolean isString() {
        return kind == Kind.STRING;
    }

    boolean isNumber() {
        return kind == Kind.NUMBER;
    }

    /** The number as a key of the exact-number index: one box per leaf, however many lookups. */
    Double boxed() {
        if (boxed == null) {
            boxed = number == 0 ? 0.0 : number; // -0.0 and 0.0 are one number in a pattern
        }
        return boxed;
    }

    /** The string case-folded as {@code equals-ignore-case} compares it. */
    String folded() {
        if (folded == null) {
            folded = fold(text);
        }
        return folded;
    }

    /** Upper then lower case, so that "ß" and "SS" fold alike as they do in event-ruler. */
    static String fold(String s) {
        return s.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }

    /** Whether two memberships agree on every array they share. */
    static boolean compatible(int[] a, int[] b) {
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                if (a[i + 1] != b[j + 1]) {
                    return false;
                }
                i += 2;
                j += 2;
            } else if (a[i] < b[j]) {
                i += 2;
            } else {
                j += 2;
            }
        }
        return true;
    }

    /** The union of two compatible memberships. */
    static int[] merge(int[] a, int[] b) {
        if (b.length == 0) {
            return a;
        }
        if (a.length == 0) {
            return b;
        }
        int[] out = new int[a.length + b.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < a.length || j < b.length) {
            if (j >= b.length || (i < a.length && a[i] < b[j])) {
                out[n++] = a[i++];
                out[n++] = a[i++];
            } else if (i >= a.length || b[j] < a[i]) {
                out[n++] = b[j++];
                out[n++] = b[j++];
            } else {
                out[n++] = a[i++];
                out[n++] = a[i++];
                j += 2;
            }
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    @Override
    public String toString() {
        return kind == Kind.STRING ? '"' + text + '"' : text;
    }
}
