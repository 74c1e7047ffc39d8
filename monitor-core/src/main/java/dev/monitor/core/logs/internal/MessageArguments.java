package dev.monitor.core.logs.internal;

import dev.monitor.core.redaction.SecretWords;
import java.util.Arrays;

/**
 * What SLF4J's {@link org.slf4j.helpers.MessageFormatter} cannot do for Monitor's events: take the
 * arguments of a parameterized message on the caller's thread as they are now ({@link #capture}:
 * strings, boxed numbers, copies of maps and lists, arrays as text) and format them later on the
 * writer thread with secrets masked ({@link #format}: an argument right after a secret key, such as
 * {@code password={}}, is masked whole, and so are the values of secret keys of maps at any depth).
 * Placeholders and escapes follow SLF4J: each {@code {}} takes the next argument, {@code \{}} is a
 * literal {@code {}}; SLF4J finds the trailing exception candidate. Not API.
 */
final class MessageArguments {
    private MessageArguments() {
    }

    /**
     * The exception among {@code arguments} that no placeholder of {@code pattern} uses, or null:
     * SLF4J's candidate (a last argument that is a {@code Throwable}), unless a placeholder takes it,
     * so that {@code log.info("failed: {}", e)} keeps {@code e}'s text in the message.
     */
    static Throwable trailingThrowable(String pattern, Object[] arguments) {
        Throwable candidate = org.slf4j.helpers.MessageFormatter.getThrowableCandidate(arguments);
        return candidate != null && placeholders(pattern) < arguments.length ? candidate : null;
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

    /**
     * {@code pattern} with its placeholders replaced by {@code arguments} as {@link #capture} left them.
     * An argument placed right after a secret key ({@code password={}}) is masked whole, and maps
     * and lists are written with the values of their secret keys masked at any depth; the caller
     * scrubs the whole text after.
     */
    static String format(String pattern, Object[] arguments, SecretWords secrets, String mask) {
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
                    argument(out, arguments[next++], secrets, mask);
                } else {
                    out.append(pattern, from, at - 1).append("{}");
                }
            } else {
                out.append(pattern, from, at);
                argument(out, arguments[next++], secrets, mask);
            }
            from = at + 2;
        }
        return out.append(pattern, from, pattern.length()).toString();
    }

    private static void argument(StringBuilder out, Object argument, SecretWords secrets, String mask) {
        if (argument != null && secrets.keyBefore(out, out.length())) {
            out.append(mask);
        } else {
            render(out, argument, secrets, mask);
        }
    }

    /** A map or a list copied when logged, so that later changes cannot leak in; values as {@link #capture} left them. */
    record Nested(String[] keys, Object[] values, boolean cut) {
    }

    /** How deep and how many values a map or list is copied, in all; beyond, {@code ...} stands for the rest. */
    static final int MAX_DEPTH = 8;
    static final int MAX_VALUES = 1000;

    /** {@code arguments} captured on the caller's thread: each a String, a boxed number or boolean, a {@link Nested}, or null. */
    static Object[] capture(Object[] arguments) {
        if (arguments == null) {
            return null;
        }
        Object[] captured = new Object[arguments.length];
        int[] budget = {MAX_VALUES};
        for (int i = 0; i < arguments.length; i++) {
            captured[i] = capture(arguments[i], 0, budget);
        }
        return captured;
    }

    /** {@code value} as it is now: kept when immutable, copied when a map or a list, else its text. */
    static Object capture(Object value) {
        return capture(value, 0, new int[] {MAX_VALUES});
    }

    private static Object capture(Object value, int depth, int[] budget) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
                || value instanceof Integer || value instanceof Double || value instanceof Nested) {
            return value;
        }
        try {
            if (value instanceof java.util.Map<?, ?> map) {
                if (depth >= MAX_DEPTH) {
                    return "{...}";
                }
                int size = Math.min(map.size(), Math.max(0, budget[0]));
                budget[0] -= size;
                String[] keys = new String[size];
                Object[] values = new Object[size];
                int i = 0;
                for (java.util.Map.Entry<?, ?> entry : map.entrySet()) {
                    if (i == size) {
                        break;
                    }
                    keys[i] = String.valueOf(entry.getKey());
                    values[i++] = capture(entry.getValue(), depth + 1, budget);
                }
                return new Nested(keys, i == size ? values : Arrays.copyOf(values, i), i < map.size());
            }
            if (value instanceof java.util.Collection<?> || value instanceof Object[]) {
                java.util.Collection<?> items = value instanceof Object[] array ? Arrays.asList(array) : (java.util.Collection<?>) value;
                if (depth >= MAX_DEPTH) {
                    return "[...]";
                }
                int size = Math.min(items.size(), Math.max(0, budget[0]));
                budget[0] -= size;
                Object[] values = new Object[size];
                int i = 0;
                for (Object item : items) {
                    if (i == size) {
                        break;
                    }
                    values[i++] = capture(item, depth + 1, budget);
                }
                return new Nested(null, i == size ? values : Arrays.copyOf(values, i), i < items.size());
            }
            StringBuilder text = new StringBuilder();
            append(text, value);
            return text.toString();
        } catch (RuntimeException | StackOverflowError e) {
            // A broken toString() or a map changed while copied must not break the caller, as SLF4J also guarantees.
            return "[FAILED toString(): " + e + "]";
        }
    }

    /** Writes a captured value; the values of a nested map's secret keys are masked. */
    static void render(StringBuilder out, Object value, SecretWords secrets, String mask) {
        if (!(value instanceof Nested nested)) {
            out.append(value);
            return;
        }
        boolean map = nested.keys() != null;
        out.append(map ? '{' : '[');
        for (int i = 0; i < nested.values().length; i++) {
            if (i > 0) {
                out.append(", ");
            }
            if (map) {
                out.append(nested.keys()[i]).append('=');
                if (secrets.isSecret(nested.keys()[i])) {
                    out.append(mask);
                    continue;
                }
            }
            render(out, nested.values()[i], secrets, mask);
        }
        if (nested.cut()) {
            out.append(nested.values().length > 0 ? ", ..." : "...");
        }
        out.append(map ? '}' : ']');
    }

    private static void append(StringBuilder out, Object argument) {
        if (argument == null) {
            out.append("null");
        } else if (!argument.getClass().isArray()) {
            out.append(argument);
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
