package dev.monitor.console;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One API request: its parameters, the rest of its path below the handler's, and its body. The
 * getters that parse throw {@link ApiException} (400) naming the parameter and what it should be.
 */
public final class ApiRequest {
    /** The range a page shows when it names none: the last three hours, as CloudWatch's console. */
    public static final Duration DEFAULT_RANGE = Duration.ofHours(3);

    private final String rest;
    private final Map<String, List<String>> parameters;
    private final String body;
    private final Clock clock;

    public ApiRequest(String rest, String rawQuery, String body, Clock clock) {
        this.rest = rest;
        this.parameters = parse(rawQuery);
        this.body = body;
        this.clock = clock;
    }

    /** The path below the handler's, without a leading '/': {@code "1-5f..."} for {@code /api/traces/trace/1-5f...}. */
    public String rest() {
        return rest;
    }

    /** The request's body as text ("" for none). */
    public String body() {
        return body;
    }

    /** The first value of {@code name}, if given and not empty. */
    public Optional<String> optional(String name) {
        List<String> values = parameters.get(name);
        return values == null || values.get(0).isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The first value of {@code name}. @throws ApiException when it is missing or empty */
    public String required(String name) {
        return optional(name).orElseThrow(() -> ApiException.badRequest("parameter '" + name + "' is required"));
    }

    /** Every value of {@code name}, in order (none: an empty list). */
    public List<String> all(String name) {
        return parameters.getOrDefault(name, List.of());
    }

    /** {@code name} as a whole number, or {@code fallback} when absent. @throws ApiException when it is not one within [min, max] */
    public int integer(String name, int fallback, int min, int max) {
        Optional<String> text = optional(name);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.get());
            if (value < min || value > max) {
                throw ApiException.badRequest("parameter '" + name + "' value " + value + " must be between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("parameter '" + name + "' value '" + text.get() + "' is not a whole number");
        }
    }

    /**
     * The time range of {@code start} and {@code end}: each an ISO-8601 instant
     * ({@code 2026-12-02T10:00:00Z}) or a duration before now ({@code -PT3H}, as CloudWatch's
     * dashboards write it); {@code end} defaults to now and {@code start} to {@link #DEFAULT_RANGE} before it.
     *
     * @throws ApiException for a value of neither form, or a start not before the end
     */
    public TimeRange range() {
        Instant now = clock.instant();
        Instant end = optional("end").map(text -> time("end", text, now)).orElse(now);
        Instant start = optional("start").map(text -> time("start", text, now)).orElse(end.minus(DEFAULT_RANGE));
        if (!start.isBefore(end)) {
            throw ApiException.badRequest("the range's start " + start + " must be before its end " + end);
        }
        return new TimeRange(start, end);
    }

    private static Instant time(String name, String text, Instant now) {
        try {
            if (text.startsWith("-P")) {
                return now.minus(Duration.parse(text.substring(1)));
            }
            return Instant.parse(text);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw ApiException.badRequest("parameter '" + name + "' value '" + text
                    + "' is neither an ISO-8601 instant (2026-12-02T10:00:00Z) nor a duration before now (-PT3H)");
        }
    }

    private static Map<String, List<String>> parse(String rawQuery) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            parameters.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    /** A time range, start inclusive, end exclusive. */
    public record TimeRange(Instant start, Instant end) {
        public Duration length() {
            return Duration.between(start, end);
        }
    }
}
