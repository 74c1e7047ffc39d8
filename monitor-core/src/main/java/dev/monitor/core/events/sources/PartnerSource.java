package dev.monitor.core.events.sources;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A partner event source: a SaaS that posts webhooks to {@code POST /events/partner/<partner>/<source>}
 * on the monitor's server, each signed with {@code secret}. An accepted webhook's body becomes the
 * {@code detail} of an event on the partner bus {@link #busName()}, whose {@code source} is that name too,
 * as EventBridge names partner events.
 *
 * <p>The signature header is {@value #SIGNATURE_HEADER}{@code : t=<unix seconds>,v1=<hex>}, where the
 * hex is HMAC-SHA256, keyed with the secret's UTF-8 bytes, of {@code <t>.<body>}. A request is refused
 * with 401 when it has no such header, when no {@code v1} matches, when {@code t} is further than
 * {@code tolerance} from the monitor's clock, or when its signature was already accepted (a replay).
 *
 * @param partner   the partner's name, such as {@code example.com}
 * @param source    the source's name at the partner, such as {@code orders}
 * @param tolerance how far a signed time may be from now; signatures are remembered this long
 */
public record PartnerSource(String partner, String source, String secret, Duration tolerance) {
    /** The header that carries the signature. */
    public static final String SIGNATURE_HEADER = "Monitor-Signature";
    /** The optional header naming the event's {@code detail-type}; {@value #DEFAULT_DETAIL_TYPE} without it. */
    public static final String DETAIL_TYPE_HEADER = "Monitor-Detail-Type";
    public static final String DEFAULT_DETAIL_TYPE = "Partner Webhook";
    /** The path below which the server takes webhooks: {@code /events/partner/<partner>/<source>}. */
    public static final String PATH = "/events/partner/";
    private static final Pattern PART = Pattern.compile("[.\\-_A-Za-z0-9]{1,100}");

    public PartnerSource {
        check("partner", partner);
        check("source", source);
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("partner source " + partner + "/" + source + ": the secret must have 16 characters or more");
        }
        Objects.requireNonNull(tolerance, "tolerance");
        if (tolerance.isNegative() || tolerance.isZero()) {
            throw new IllegalArgumentException("partner source " + partner + "/" + source + ": tolerance " + tolerance + " must be positive");
        }
    }

    /** A source with the usual five minutes of tolerance. */
    public static PartnerSource of(String partner, String source, String secret) {
        return new PartnerSource(partner, source, secret, Duration.ofMinutes(5));
    }

    private static void check(String what, String value) {
        if (value == null || !PART.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " '" + value + "' is not valid: 1 to 100 of the letters, digits, '.', '-' and '_'");
        }
    }

    /** The partner bus, {@code aws.partner/<partner>/<source>}. */
    public String busName() {
        return "aws.partner/" + partner + "/" + source;
    }

    /** The path the partner posts to, below the server's root. */
    public String path() {
        return PATH + partner + "/" + source;
    }

    @Override
    public String toString() {
        return "PartnerSource[" + busName() + ", secret ****, tolerance " + tolerance + "]";
    }
}
