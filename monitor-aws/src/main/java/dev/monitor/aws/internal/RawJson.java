package dev.monitor.aws.internal;

/**
 * The text of a top-level member of a JSON object exactly as written, so that an event's
 * {@code detail} reaches EventBridge byte for byte as the bus wrote it (the SDK's JSON tree
 * re-formats what it prints). The document must already be known to be valid JSON.
 */
final class RawJson {
    private final String text;
    private int at;

    private RawJson(String text) {
        this.text = text;
    }

    /** The raw value of member {@code name} of the object {@code json}; null when it has none. */
    static String member(String json, String name) {
        RawJson scan = new RawJson(json);
        scan.space();
        if (!scan.take('{')) {
            return null;
        }
        scan.space();
        if (scan.take('}')) {
            return null;
        }
        String found = null;
        while (scan.at < json.length()) {
            scan.space();
            int keyStart = scan.at;
            scan.skipString();
            String raw = json.substring(keyStart, scan.at);
            String key = raw.indexOf('\\') < 0 ? raw.substring(1, raw.length() - 1)
                    : software.amazon.awssdk.protocols.jsoncore.JsonNode.parser().parse(raw).asString();
            scan.space();
            scan.take(':');
            scan.space();
            int valueStart = scan.at;
            scan.skipValue();
            if (key.equals(name)) {
                found = json.substring(valueStart, scan.at); // the last of duplicate members, as parsers keep
            }
            scan.space();
            if (!scan.take(',')) {
                break;
            }
        }
        return found;
    }

    private boolean take(char c) {
        if (at < text.length() && text.charAt(at) == c) {
            at++;
            return true;
        }
        return false;
    }

    private void space() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private void skipString() {
        at++; // the opening quote
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == '\\') {
                at++;
            } else if (c == '"') {
                return;
            }
        }
    }

    private void skipValue() {
        char c = text.charAt(at);
        if (c == '"') {
            skipString();
        } else if (c == '{' || c == '[') {
            int depth = 0;
            while (at < text.length()) {
                char d = text.charAt(at);
                if (d == '"') {
                    skipString();
                    continue;
                }
                at++;
                if (d == '{' || d == '[') {
                    depth++;
                } else if ((d == '}' || d == ']') && --depth == 0) {
                    return;
                }
            }
        } else {
            while (at < text.length() && ",}] \t\r\n".indexOf(text.charAt(at)) < 0) {
                at++;
            }
        }
    }
}
