package dev.monitor.api.events;

/**
 * Whether a text is one JSON object (RFC 8259), nested at most {@value #MAX_DEPTH} levels deep, as
 * PutEvents requires of a detail. A scan without building anything: monitor-api has no JSON library.
 */
final class JsonObjectCheck {
    /** PutEvents processes nested JSON up to 1000 levels deep. */
    static final int MAX_DEPTH = 1000;

    private final String text;
    private int at;
    /** Whether each open container is an object (bit set) or an array: 64 levels in one long, more only for deep details. */
    private long[] kinds = new long[1];

    private JsonObjectCheck(String text) {
        this.text = text;
    }

    static boolean isObject(String text) {
        JsonObjectCheck check = new JsonObjectCheck(text);
        check.skipSpace();
        if (check.at >= text.length() || text.charAt(check.at) != '{') {
            return false;
        }
        if (!check.value()) {
            return false;
        }
        check.skipSpace();
        return check.at == text.length();
    }

    private void push(int depth, boolean object) {
        int word = depth >>> 6;
        if (word == kinds.length) {
            kinds = java.util.Arrays.copyOf(kinds, kinds.length * 2);
        }
        long bit = 1L << (depth & 63);
        kinds[word] = object ? kinds[word] | bit : kinds[word] & ~bit;
    }

    private boolean isObject(int depth) {
        return (kinds[depth >>> 6] & (1L << (depth & 63))) != 0;
    }

    /** One value; containers are walked with an explicit stack of their kinds, not recursion. */
    private boolean value() {
        int depth = 0;
        // Each turn reads one value (a scalar, or the opening of a container), then whatever closes or separates.
        while (true) {
            skipSpace();
            if (at >= text.length()) {
                return false;
            }
            char c = text.charAt(at);
            if (c == '{' || c == '[') {
                if (depth == MAX_DEPTH) {
                    return false;
                }
                push(depth++, c == '{');
                at++;
                skipSpace();
                if (at < text.length() && text.charAt(at) == (c == '{' ? '}' : ']')) {
                    at++;
                    depth--;
                } else {
                    if (c == '{' && !member()) {
                        return false;
                    }
                    continue;
                }
            } else if (!scalar()) {
                return false;
            }
            // After a value: close containers, or separate to the next value.
            while (true) {
                if (depth == 0) {
                    return true;
                }
                skipSpace();
                if (at >= text.length()) {
                    return false;
                }
                char next = text.charAt(at++);
                if (next == ',') {
                    if (isObject(depth - 1) && !member()) {
                        return false;
                    }
                    break;
                }
                if (next != (isObject(depth - 1) ? '}' : ']')) {
                    return false;
                }
                depth--;
            }
        }
    }

    /** A member's name and colon. */
    private boolean member() {
        skipSpace();
        if (!string()) {
            return false;
        }
        skipSpace();
        return at < text.length() && text.charAt(at++) == ':';
    }

    private boolean scalar() {
        char c = text.charAt(at);
        if (c == '"') {
            return string();
        }
        if (text.startsWith("true", at)) {
            at += 4;
            return true;
        }
        if (text.startsWith("false", at)) {
            at += 5;
            return true;
        }
        if (text.startsWith("null", at)) {
            at += 4;
            return true;
        }
        return number();
    }

    private boolean string() {
        if (at >= text.length() || text.charAt(at) != '"') {
            return false;
        }
        at++;
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == '"') {
                return true;
            }
            if (c < 0x20) {
                return false;
            }
            if (c == '\\') {
                if (at >= text.length()) {
                    return false;
                }
                char escaped = text.charAt(at++);
                if (escaped == 'u') {
                    for (int i = 0; i < 4; i++) {
                        if (at >= text.length() || Character.digit(text.charAt(at++), 16) < 0) {
                            return false;
                        }
                    }
                } else if ("\"\\/bfnrt".indexOf(escaped) < 0) {
                    return false;
                }
            }
        }
        return false;
    }

    private boolean number() {
        int start = at;
        if (at < text.length() && text.charAt(at) == '-') {
            at++;
        }
        if (at >= text.length()) {
            return false;
        }
        if (text.charAt(at) == '0') {
            at++;
        } else if (!digits()) {
            return false;
        }
        if (at < text.length() && text.charAt(at) == '.') {
            at++;
            if (!digits()) {
                return false;
            }
        }
        if (at < text.length() && (text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
            at++;
            if (at < text.length() && (text.charAt(at) == '+' || text.charAt(at) == '-')) {
                at++;
            }
            if (!digits()) {
                return false;
            }
        }
        return at > start;
    }

    private boolean digits() {
        int start = at;
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            at++;
        }
        return at > start;
    }

    private void skipSpace() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            at++;
        }
    }
}
