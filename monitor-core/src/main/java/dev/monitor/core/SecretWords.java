package dev.monitor.core;

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

    /** {@code scheme://user:password@}: the password is group 2. */
    private static final Pattern URL_USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://[^/\\s:@]*):([^/\\s@]*)@");
    /**
     * A key, optionally quoted, then {@code =} or {@code :}, then a value: quoted, or a scheme word
     * such as {@code Bearer} with its token, or a run up to a separator. Group 1 or 2 is the key, 3 the value.
     */
    private static final Pattern PAIR = Pattern.compile(
            "(?:\"([\\w.\\-]+)\"|([\\w.\\-]+))\\s*[=:]\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|(?i:bearer|basic|digest|token)\\s+[^\\s&,;\"']+|[^\\s&,;\"'}\\])]+)");

    private final String[] lowerCase;

    public SecretWords(List<String> words) {
        this.lowerCase = words.stream().map(word -> word.toLowerCase(Locale.ROOT)).toArray(String[]::new);
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
        if (scrubbed.indexOf('@') >= 0) {
            Matcher url = URL_USER_INFO.matcher(scrubbed);
            if (url.find()) {
                StringBuilder out = new StringBuilder(scrubbed.length());
                do {
                    url.appendReplacement(out, Matcher.quoteReplacement(url.group(1) + ":" + mask + "@"));
                } while (url.find());
                url.appendTail(out);
                scrubbed = out.toString();
            }
        }
        Matcher pair = PAIR.matcher(scrubbed);
        StringBuilder out = null;
        int copied = 0;
        while (pair.find()) {
            String key = pair.group(1) != null ? pair.group(1) : pair.group(2);
            if (!isSecret(key) || pair.group(3).equals(mask)) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(scrubbed.length());
            }
            String value = pair.group(3);
            boolean quoted = value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'');
            out.append(scrubbed, copied, pair.start(3)).append(quoted ? value.charAt(0) + mask + value.charAt(0) : mask);
            copied = pair.end(3);
        }
        if (out == null) {
            return scrubbed;
        }
        return out.append(scrubbed, copied, scrubbed.length()).toString();
    }
}
