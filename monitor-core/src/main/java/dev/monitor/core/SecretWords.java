package dev.monitor.core;

import java.util.List;
import java.util.Locale;

/**
 * The rule that keeps secrets out of logs and audit records: a key that contains one of the
 * words, in any case ({@code dbPassword}, {@code X-Api-Key}), holds a secret, and its value is
 * written redacted. Both capabilities take the same default words; each can be given its own.
 */
public final class SecretWords {
    /** The words redacted by default. */
    public static final List<String> DEFAULTS = List.of("password", "passwd", "secret", "token", "authorization", "apikey",
            "api_key", "api-key", "credential", "privatekey", "private_key");

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
}
