package dev.monitor.otlp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * Sends one OTLP/HTTP request with retries, on the calling thread (the exporter's), as the OTLP
 * specification says (https://opentelemetry.io/docs/specs/otlp/#failures-1): 429, 502, 503 and 504
 * are retried, after the response's {@code Retry-After} (seconds or an HTTP date) when it has one,
 * else after a pause that doubles from {@link #FIRST_BACKOFF}; so is a request that could not be
 * sent at all (refused, timed out). Any other status is final. The waits of one request add up to
 * at most the retry budget: a {@code Retry-After} beyond what is left ends the retries at once.
 * A 2xx body is read for {@code partial_success}: its rejected count is returned.
 */
final class OtlpSender {
    static final Set<Integer> RETRYABLE = Set.of(429, 502, 503, 504);
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Waits between attempts; tests record the waits instead of sleeping them. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** How a request ended. */
    record Outcome(Kind kind, int status, long rejected, String message, int attempts) {
        enum Kind { SENT, REJECTED, GAVE_UP }
    }

    private final HttpClient client;
    private final URI endpoint;
    private final OtlpSettings settings;
    private final String contentType;
    private final Sleeper sleeper;
    private final Clock clock;

    OtlpSender(OtlpSettings settings, String contentType, Sleeper sleeper, Clock clock) {
        this.settings = settings;
        this.endpoint = settings.endpoint();
        this.contentType = contentType;
        this.sleeper = sleeper;
        this.clock = clock;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(settings.timeout());
        if ("http".equalsIgnoreCase(endpoint.getScheme())) {
            // No h2c upgrade dance on plain HTTP: collectors answer OTLP/HTTP over HTTP/1.1 (https negotiates h2 by ALPN).
            builder.version(HttpClient.Version.HTTP_1_1);
        }
        this.client = builder.build();
    }

    URI endpoint() {
        return endpoint;
    }

    /**
     * Sends {@code body[0, size)} in at most {@code attempts} attempts (and the settings' own);
     * never throws for a failure of the collector or the network.
     */
    Outcome send(byte[] body, int size, String rejectedField, int attempts) throws InterruptedException {
        byte[] payload = settings.gzip() ? gzip(body, size) : java.util.Arrays.copyOf(body, size);
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint).timeout(settings.timeout())
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload));
        if (settings.gzip()) {
            builder.header("Content-Encoding", "gzip");
        }
        for (Map.Entry<String, String> header : settings.headers().entrySet()) {
            builder.header(header.getKey(), header.getValue());
        }
        HttpRequest request = builder.build();
        Duration waited = Duration.ZERO;
        Duration backoff = FIRST_BACKOFF;
        String last = null;
        int lastStatus = 0;
        for (int attempt = 1; ; attempt++) {
            Duration wait;
            try {
                HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return partialSuccess(response, rejectedField, attempt);
                }
                lastStatus = status;
                last = "HTTP " + status + message(response);
                if (!RETRYABLE.contains(status)) {
                    return new Outcome(Outcome.Kind.REJECTED, status, 0, last, attempt);
                }
                Duration after = retryAfter(response.headers().firstValue("Retry-After").orElse(null));
                wait = after != null ? after : backoff;
            } catch (IOException e) {
                last = e.toString();
                lastStatus = 0;
                wait = backoff;
            }
            if (attempt >= Math.min(attempts, settings.attempts()) || waited.plus(wait).compareTo(settings.retryBudget()) > 0) {
                return new Outcome(Outcome.Kind.GAVE_UP, lastStatus, 0, last, attempt);
            }
            sleeper.sleep(wait);
            waited = waited.plus(wait);
            backoff = backoff.multipliedBy(2);
        }
    }

    /** The collector's message in a failed response: OTLP's {@code Status.message}, or the start of the body's text. */
    private static String message(HttpResponse<byte[]> response) {
        byte[] body = response.body();
        if (body == null || body.length == 0) {
            return "";
        }
        String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).replaceAll("[\\p{Cntrl}]", " ").trim();
        return text.isEmpty() ? "" : ": " + text;
    }

    /** {@code Retry-After} as delay-seconds or an HTTP date (RFC 9110 section 10.2.3); null when absent or unreadable. */
    Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim();
        try {
            long seconds = Long.parseLong(text);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration until = Duration.between(clock.instant(), at.toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private Outcome partialSuccess(HttpResponse<byte[]> response, String rejectedField, int attempts) {
        byte[] body = response.body();
        if (body == null || body.length == 0) {
            return new Outcome(Outcome.Kind.SENT, response.statusCode(), 0, null, attempts);
        }
        String type = response.headers().firstValue("Content-Type").orElse(contentType);
        long rejected = 0;
        String message = null;
        try {
            if (type.contains("json")) {
                JsonNode partial = JSON.readTree(body).path("partialSuccess");
                JsonNode count = partial.path(rejectedField);
                rejected = count.isTextual() ? Long.parseLong(count.asText()) : count.asLong(0);
                message = partial.path("errorMessage").asText(null);
            } else {
                long[] count = new long[1];
                String[] text = new String[1];
                ProtoReader.partialSuccess(body, count, text);
                rejected = count[0];
                message = text[0];
            }
        } catch (IOException | RuntimeException unreadable) {
            message = "unreadable response: " + unreadable.getMessage();
        }
        return new Outcome(Outcome.Kind.SENT, response.statusCode(), Math.max(0, rejected),
                message == null || message.isEmpty() ? null : message, attempts);
    }

    private static byte[] gzip(byte[] body, int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, size / 4));
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(body, 0, size);
        } catch (IOException e) {
            throw new IllegalStateException("gzip into memory failed", e);
        }
        return out.toByteArray();
    }
}
