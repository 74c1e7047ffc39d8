package dev.monitor.core.redaction;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rule that keeps secrets out of logs, traces and audit records: a key that contains one of
 * the words, in any case ({@code dbPassword}, {@code X-Api-Key}), holds a secret, and its value is
 * written redacted. Free text (messages, exception messages, URLs, user agents) is scrubbed by
 * {@link #scrubText}: the values of {@code key=value} and {@code key: value} pairs whose key is a
 * secret, and the password of a URL's user info. Every capability takes the same default words;
 * each can be given its own.
 */
public final class SecretWords {
    /** The words redacted by default. */
    public static final List<String> DEFAULTS = List.of("password", "passwd", "secret", "token", "authorization", "apikey",
            "api_key", "api-key", "credential", "privatekey", "private_key");

    /**
     * {@code scheme://user:password@}: the password is group 2. It runs to the last {@code @} before the
     * path, query or fragment, as URL parsers read it, so a password holding {@code @} goes whole.
     */
    private static final Pattern URL_USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://[^/?#\\s:@]*):([^/?#\\s]*)@");
    /**
     * A key, bare or quoted ({@code "k"}, {@code 'k'}, or {@code \"k\"} inside an escaped JSON
     * string), then {@code =} or {@code :}, then a value: quoted the same ways, or a scheme word such
     * as {@code Bearer} with its token, or a run up to a separator. Group k1 to k4 is the key, v the value.
     */
    private static final Pattern PAIR = Pattern.compile(
            "(?:\"(?<k1>[\\w.\\-]+)\"|'(?<k2>[\\w.\\-]+)'|\\\\\"(?<k3>[\\w.\\-]+)\\\\\"|(?<k4>[\\w.\\-]+))\\s*[=:]\\s*"
            + "(?<v>\"(?:[^\"\\\\]|\\\\.)*\"|\\\\\"(?:[^\\\\]|\\\\[^\"])*\\\\\"|'[^']*'"
            + "|(?i:bearer|basic|digest|token)\\s+[^\\s&,;\"']+|[^\\s&,;\"'}\\])]+)");
    private static final List<String> SCHEMES = List.of("bearer", "basic", "digest", "token");

    private final String[] lowerCase;
    /** Which ASCII characters start a word, in either case: text without one at all is skipped quickly. */
    private final boolean[] startsWord = new boolean[128];
    /** An empty word makes every key a secret. */
    private final boolean everything;

    public SecretWords(List<String> words) {
        this.lowerCase = words.stream().map(word -> word.toLowerCase(Locale.ROOT)).toArray(String[]::new);
        boolean empty = false;
        for (String word : lowerCase) {
            if (word.isEmpty()) {
                empty = true;
                continue;
            }
            char first = word.charAt(0);
            if (first < 128) {
                startsWord[first] = true;
                startsWord[Character.toUpperCase(first)] = true;
            }
        }
        this.everything = empty || java.util.Arrays.stream(lowerCase).anyMatch(word -> !word.isEmpty() && word.charAt(0) >= 128);
    }

    /** Whether a value under {@code key} is a secret. */
    public boolean isSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        for (String word : lowerCase) {
            if (lower.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code text} with every secret it holds replaced by {@code mask}: the value of each
     * {@code key=value}, {@code key: value} or {@code "key":"value"} pair whose key is a secret
     * ({@code ?token=abc&x=1}, {@code password=hunter2}, {@code Authorization: Bearer abc}), and the
     * password of a URL's user info ({@code https://ann:pw@host} keeps {@code ann}). Text without a
     * secret is returned as it is, the same instance.
     */
    public String scrubText(String text, String mask) {
        if (text == null || text.isEmpty() || (text.indexOf('=') < 0 && text.indexOf(':') < 0)) {
            return text;
        }
        String scrubbed = text;
        if (scrubbed.indexOf('@') >= 0 && scrubbed.contains("://")) {
            Matcher url = URL_USER_INFO.matcher(scrubbed);
            StringBuilder out = null;
            int copied = 0;
            while (url.find()) {
                String password = url.group(2);
                if (password.isEmpty() || password.equals(mask)) {
                    continue;
                }
                if (out == null) {
                    out = new StringBuilder(scrubbed.length());
                }
                out.append(scrubbed, copied, url.start(2)).append(mask);
                copied = url.end(2);
            }
            if (out != null) {
                scrubbed = out.append(scrubbed, copied, scrubbed.length()).toString();
            }
        }
        if (!mentionsWord(scrubbed)) {
            return scrubbed;
        }
        Matcher pair = PAIR.matcher(scrubbed);
        StringBuilder out = null;
        int copied = 0;
        int from = 0;
        while (from < scrubbed.length() && pair.find(from)) {
            // A value that is not secret is searched too: it may hold pairs, as a URL's query does.
            from = pair.start("v");
            String key = pair.group("k1") != null ? pair.group("k1") : pair.group("k2") != null ? pair.group("k2")
                    : pair.group("k3") != null ? pair.group("k3") : pair.group("k4");
            String value = pair.group("v");
            if (!isSecret(key) || masked(scrubbed, pair.start("v"), mask)) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(scrubbed.length());
            }
            String quote = value.startsWith("\\\"") ? "\\\"" : value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')
                    ? value.substring(0, 1) : "";
            out.append(scrubbed, copied, pair.start("v")).append(quote).append(mask).append(quote);
            copied = pair.end("v");
            from = copied;
        }
        if (out == null) {
            return scrubbed;
        }
        return out.append(scrubbed, copied, scrubbed.length()).toString();
    }

    /** Whether {@code value} is already the mask, bare or quoted: scrubbing twice changes nothing. */
    private static boolean masked(String text, int value, String mask) {
        if (text.startsWith(mask, value)) {
            return true;
        }
        char first = text.charAt(value);
        return (first == '"' || first == '\'') && text.startsWith(mask, value + 1)
                || first == '\\' && text.startsWith(mask, value + 2);
    }

    /** Whether {@code text} holds one of the words anywhere, in any case. */
    private boolean mentionsWord(String text) {
        if (everything) {
            return true;
        }
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c < 128 && startsWord[c]) {
                for (String word : lowerCase) {
                    if (text.regionMatches(true, i, word, 0, word.length())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Whether the text before {@code end} ends with a secret key and its separator, so that what
     * follows is the key's value whatever it holds, spaces included: {@code password=},
     * {@code "apiKey": "}, {@code Authorization: Bearer }. A message's argument placed there is
     * masked whole.
     */
    public boolean keyBefore(CharSequence text, int end) {
        int i = skipQuote(text, end);
        i = skipSpaces(text, i);
        int wordEnd = i;
        while (i > 0 && Character.isLetter(text.charAt(i - 1))) {
            i--;
        }
        boolean scheme = i < wordEnd && i > 0 && Character.isWhitespace(text.charAt(i - 1))
                && SCHEMES.contains(text.subSequence(i, wordEnd).toString().toLowerCase(Locale.ROOT));
        i = scheme ? skipSpaces(text, i) : wordEnd;
        if (i == 0 || (text.charAt(i - 1) != '=' && text.charAt(i - 1) != ':')) {
            return false;
        }
        i = skipQuote(text, skipSpaces(text, i - 1));
        int keyEnd = i;
        while (i > 0 && isKeyChar(text.charAt(i - 1))) {
            i--;
        }
        return i < keyEnd && isSecret(text.subSequence(i, keyEnd).toString());
    }

    private static int skipSpaces(CharSequence text, int i) {
        while (i > 0 && Character.isWhitespace(text.charAt(i - 1))) {
            i--;
        }
        return i;
    }

    /** Before a closing {@code "}, {@code '} or {@code \"}, if there is one. */
    private static int skipQuote(CharSequence text, int i) {
        if (i > 0 && (text.charAt(i - 1) == '"' || text.charAt(i - 1) == '\'')) {
            i--;
            if (i > 0 && text.charAt(i - 1) == '\\') {
                i--;
            }
        }
        return i;
    }

    private static boolean isKeyChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-';
    }
}
