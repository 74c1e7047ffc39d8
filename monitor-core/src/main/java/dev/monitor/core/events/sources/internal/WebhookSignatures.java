package dev.monitor.core.events.sources.internal;

import dev.monitor.core.events.sources.PartnerSource;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.function.BinaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One partner source's signature check (see {@link PartnerSource}): the header's time within the
 * tolerance of the clock, a {@code v1} that is the HMAC-SHA256 of {@code <t>.<body>} (compared in
 * constant time), and a signature not accepted before within the tolerance. Thread-safe.
 */
final class WebhookSignatures {
    private final PartnerSource settings;
    private final SecretKeySpec key;
    private final Clock clock;
    /** Given a refusal's reason and message, counts it and answers the message. */
    private final BinaryOperator<String> refuse;
    /** The signatures accepted within the tolerance, by the time they were accepted, oldest first. */
    private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();

    WebhookSignatures(PartnerSource settings, Clock clock, BinaryOperator<String> refuse) {
        this.settings = settings;
        this.key = new SecretKeySpec(settings.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.clock = clock;
        this.refuse = refuse;
    }

    PartnerSource settings() {
        return settings;
    }

    /**
     * The outcome of {@link #verify}: the refusal's message, or (refusal null) the signature taken,
     * remembered until {@link #forget} is called for it.
     */
    record Verdict(String refusal, String signature) {
        boolean accepted() {
            return refusal == null;
        }
    }

    /** Null when {@code header} signs {@code body} and was not seen before (it is then remembered); else why not. */
    String check(String header, byte[] body) {
        return verify(header, body).refusal();
    }

    /**
     * Whether {@code header} signs {@code body} and was not taken before. An accepted signature is
     * remembered at once, so that a concurrent copy is refused while the first is put; the caller
     * {@linkplain #forget forgets} it when the event could not be put, so that the partner's resend is taken.
     */
    Verdict verify(String header, byte[] body) {
        if (header == null || header.isBlank()) {
            return refused("Unsigned", "the request has no " + PartnerSource.SIGNATURE_HEADER + " header");
        }
        String timestamp = null;
        List<String> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            String[] pair = part.trim().split("=", 2);
            if (pair.length == 2 && pair[0].equals("t")) {
                timestamp = pair[1];
            } else if (pair.length == 2 && pair[0].equals("v1")) {
                signatures.add(pair[1].toLowerCase(Locale.ROOT));
            }
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp == null ? "" : timestamp);
        } catch (NumberFormatException e) {
            return refused("Malformed", PartnerSource.SIGNATURE_HEADER + " must be t=<unix seconds>,v1=<hex HMAC-SHA256>");
        }
        if (signatures.isEmpty()) {
            return refused("Malformed", PartnerSource.SIGNATURE_HEADER + " has no v1 signature");
        }
        long now = clock.instant().getEpochSecond();
        long tolerance = settings.tolerance().toSeconds();
        if (seconds < now - tolerance || seconds > now + tolerance) {
            return refused("Expired", "the signed time " + seconds + " is more than " + tolerance + " s from now (" + now + ")");
        }
        byte[] expected = sign(key, timestamp, body).getBytes(StandardCharsets.US_ASCII);
        String matched = null;
        for (String signature : signatures) {
            if (MessageDigest.isEqual(signature.getBytes(StandardCharsets.US_ASCII), expected)) {
                matched = signature;
            }
        }
        if (matched == null) {
            return refused("BadSignature", "no v1 signature matches the body and time signed with this source's secret");
        }
        synchronized (seen) {
            for (Iterator<Long> times = seen.values().iterator(); times.hasNext(); ) {
                if (now - times.next() > tolerance) {
                    times.remove();
                } else {
                    break;
                }
            }
            if (seen.containsKey(matched)) {
                return refused("Replayed", "this signature was already accepted: a webhook is taken once");
            }
            if (seen.size() >= PartnerWebhooks.MAX_SEEN) {
                return refused("TooMany", "more than " + PartnerWebhooks.MAX_SEEN + " webhooks within the tolerance; try again later");
            }
            seen.put(matched, now);
        }
        return new Verdict(null, matched);
    }

    /** Forgets an accepted signature whose event was not put: the same webhook sent again is taken. */
    void forget(String signature) {
        synchronized (seen) {
            seen.remove(signature);
        }
    }

    private Verdict refused(String reason, String message) {
        return new Verdict(refuse.apply(reason, message), null);
    }

    /** The hex HMAC-SHA256 of {@code <timestamp>.<body>} with {@code secret}. */
    static String sign(String secret, long timestamp, byte[] body) {
        return sign(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"), Long.toString(timestamp), body);
    }

    private static String sign(SecretKeySpec key, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
