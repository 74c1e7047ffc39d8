package dev.monitor.core.events.patterns;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * {@code equals-ignore-case} as event-ruler (and so EventBridge) decides it: each character of the pattern may
 * appear in the event as itself, its lower case or its upper case, each taken as a string. So the pattern
 * {@code ß} matches {@code SS} (its upper case), but the pattern {@code ss} does not match {@code ß}: the
 * relation is not symmetric, and folding both sides would be wrong. The machine's hash index uses case-folded
 * keys only to find candidates, which this class then decides.
 */
final class CaseVariants {
    /** The alternatives of each code point of the pattern, in order. */
    private final String[][] alternatives;
    /** Whether every alternative is one char (the usual case: compared char by char, no backtracking). */
    private final boolean simple;

    CaseVariants(String pattern) {
        int count = pattern.codePointCount(0, pattern.length());
        alternatives = new String[count][];
        boolean allSimple = true;
        int index = 0;
        for (int i = 0; i < pattern.length(); index++) {
            int codePoint = pattern.codePointAt(i);
            String self = new String(Character.toChars(codePoint));
            Set<String> forms = new LinkedHashSet<>();
            forms.add(self);
            forms.add(self.toLowerCase(Locale.ROOT));
            forms.add(self.toUpperCase(Locale.ROOT));
            alternatives[index] = forms.toArray(new String[0]);
            for (String form : forms) {
                allSimple &= form.length() == 1;
            }
            i += Character.charCount(codePoint);
        }
        simple = allSimple;
    }

    /** Whether {@code value} is a case variant of the whole pattern. */
    boolean equalsIn(String value) {
        return matchFrom(0, value, 0, true) == value.length();
    }

    /** Whether {@code value} starts with a case variant of the pattern. */
    boolean prefixOf(String value) {
        return matchFrom(0, value, 0, false) >= 0;
    }

    /** Whether {@code value} ends with a case variant of the pattern. */
    boolean suffixOf(String value) {
        for (int start = value.length(); start >= 0; start--) {
            if (matchFrom(0, value, start, true) == value.length()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Where in {@code value} a variant of the pattern's code points from {@code index} on, placed at {@code at},
     * ends (the end of {@code value} when {@code toEnd}), or -1.
     */
    private int matchFrom(int index, String value, int at, boolean toEnd) {
        if (simple) {
            if (value.length() - at < alternatives.length - index || (toEnd && value.length() - at != alternatives.length - index)) {
                return -1;
            }
            for (int i = index; i < alternatives.length; i++, at++) {
                char c = value.charAt(at);
                boolean found = false;
                for (String form : alternatives[i]) {
                    if (form.charAt(0) == c) {
                        found = true;
                        break;
                    }
                }
                if (!found) {
                    return -1;
                }
            }
            return at;
        }
        if (index == alternatives.length) {
            return !toEnd || at == value.length() ? at : -1;
        }
        for (String form : alternatives[index]) {
            if (value.startsWith(form, at)) {
                int end = matchFrom(index + 1, value, at + form.length(), toEnd);
                if (end >= 0) {
                    return end;
                }
            }
        }
        return -1;
    }
}
