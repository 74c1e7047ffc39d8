package dev.monitor.core.logs;

import java.util.Arrays;

/**
 * SLF4J's parameterized messages: each {@code {}} takes the next argument, {@code \{}} is a
 * literal {@code {}}, arrays print their elements, and a {@code Throwable} left over as the last
 * argument is the event's exception rather than text.
 */
final class MessageFormatter {
    private MessageFormatter() {
    }

    /** The exception among {@code arguments} that no placeholder of {@code pattern} uses, or null. */
    static Throwable trailingThrowable(String pattern, Object[] arguments) {
        if (arguments == null || arguments.length == 0 || !(arguments[arguments.length - 1] instanceof Throwable t)) {
            return null;
        }
        return placeholders(pattern) < arguments.length ? t : null;
    }

    private static int placeholders(String pattern) {
        if (pattern == null) {
            return 0;
        }
        int count = 0;
        for (int i = pattern.indexOf("{}"); i >= 0; i = pattern.indexOf("{}", i + 2)) {
            if (i == 0 || pattern.charAt(i - 1) != '\\') {
                count++;
            }
        }
        return count;
    }

    static String format(String pattern, Object[] arguments) {
        if (pattern == null) {
            return null;
        }
        if (arguments == null || arguments.length == 0 || pattern.indexOf('{') < 0) {
            return pattern;
        }
        StringBuilder out = new StringBuilder(pattern.length() + 16 * arguments.length);
        int from = 0;
        int next = 0;
        while (true) {
            int at = pattern.indexOf("{}", from);
            if (at < 0 || next >= arguments.length) {
                break;
            }
            if (at > 0 && pattern.charAt(at - 1) == '\\') {
                if (at > 1 && pattern.charAt(at - 2) == '\\') {
                    // "\\{}": an escaped backslash, then a real placeholder.
                    out.append(pattern, from, at - 1);
                    append(out, arguments[next++]);
                } else {
                    out.append(pattern, from, at - 1).append("{}");
                }
            } else {
                out.append(pattern, from, at);
                append(out, arguments[next++]);
            }
            from = at + 2;
        }
        return out.append(pattern, from, pattern.length()).toString();
    }

    private static void append(StringBuilder out, Object argument) {
        if (argument == null) {
            out.append("null");
        } else if (!argument.getClass().isArray()) {
            try {
                out.append(argument);
            } catch (RuntimeException e) {
                // A broken toString() must not break the caller, as SLF4J also guarantees.
                out.append("[FAILED toString(): ").append(e).append(']');
            }
        } else if (argument instanceof Object[] objects) {
            out.append(Arrays.deepToString(objects));
        } else if (argument instanceof int[] ints) {
            out.append(Arrays.toString(ints));
        } else if (argument instanceof long[] longs) {
            out.append(Arrays.toString(longs));
        } else if (argument instanceof double[] doubles) {
            out.append(Arrays.toString(doubles));
        } else if (argument instanceof byte[] bytes) {
            out.append(Arrays.toString(bytes));
        } else if (argument instanceof char[] chars) {
            out.append(Arrays.toString(chars));
        } else if (argument instanceof boolean[] booleans) {
            out.append(Arrays.toString(booleans));
        } else if (argument instanceof float[] floats) {
            out.append(Arrays.toString(floats));
        } else {
            out.append(Arrays.toString((short[]) argument));
        }
    }
}
