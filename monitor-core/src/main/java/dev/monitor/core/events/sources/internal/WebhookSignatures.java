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

    /** Null when {@code header} signs {@code body} and was not seen before (it is then remembered); else why not. */
    String check(String header, byte[] body) {
        if (header == null || header.isBlank()) {
            return refuse.apply("Unsigned", "the request has no " + PartnerSource.SIGNATURE_HEADER + " header");
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
            return refuse.apply("Malformed", PartnerSource.SIGNATURE_HEADER + " must be t=<unix seconds>,v1=<hex HMAC-SHA256>");
        }
        if (signatures.isEmpty()) {
            return refuse.apply("Malformed", PartnerSource.SIGNATURE_HEADER + " has no v1 signature");
        }
        long now = clock.instant().getEpochSecond();
        long tolerance = settings.tolerance().toSeconds();
        if (seconds < now - tolerance || seconds > now + tolerance) {
            return refuse.apply("Expired", "the signed time " + seconds + " is more than " + tolerance + " s from now (" + now + ")");
        }
        byte[] expected = sign(key, timestamp, body).getBytes(StandardCharsets.US_ASCII);
        String matched = null;
        for (String signature : signatures) {
            if (MessageDigest.isEqual(signature.getBytes(StandardCharsets.US_ASCII), expected)) {
                matched = signature;
            }
        }
        if (matched == null) {
            return refuse.apply("BadSignature", "no v1 signature matches the body and time signed with this source's secret");
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
                return refuse.apply("Replayed", "this signature was already accepted: a webhook is taken once");
            }
            if (seen.size() >= PartnerWebhooks.MAX_SEEN) {
                return refuse.apply("TooMany", "more than " + PartnerWebhooks.MAX_SEEN + " webhooks within the tolerance; try again later");
            }
            seen.put(matched, now);
        }
        return null;
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
