package dev.monitor.otlp.internal;

import dev.monitor.core.config.ConfigNode;
import dev.monitor.core.export.Signal;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One OTLP exporter's settings for one signal: from the {@code exporters:} entry first, then the
 * standard environment variables (https://opentelemetry.io/docs/specs/otel/protocol/exporter/),
 * the signal's own before the general one, then the defaults.
 *
 * @param endpoint      where requests go: {@code endpoint} + {@code /v1/<signal>}, or the signal's endpoint as it is
 * @param json          {@code http/json} rather than {@code http/protobuf}
 * @param headers       sent with every request
 * @param gzip          whether bodies are gzip-compressed
 * @param timeout       the bound of one request
 * @param attempts      how many times a request is sent before its items are dropped
 * @param retryBudget   the longest a batch waits in all between attempts; a {@code Retry-After} beyond it is not waited for
 * @param cumulative    cumulative rather than delta temporality, for sums and histograms
 * @param maxBuckets    the most buckets per sign of an exponential histogram
 * @param resource      the resource's attributes, {@code service.name} among them
 */
record OtlpSettings(URI endpoint, boolean json, Map<String, String> headers, boolean gzip, Duration timeout, int attempts,
                    Duration retryBudget, boolean cumulative, int maxBuckets, Map<String, String> resource) {

    static final String DEFAULT_ENDPOINT = "http://localhost:4318";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** The settings of {@code signal}; problems (the settings' and the environment's) are recorded in {@code settings}. */
    static OtlpSettings read(Signal<?> signal, ConfigNode settings, Map<String, String> env) {
        String upper = signal.name().toUpperCase(Locale.ROOT);
        String path = "/v1/" + signal.name();
        URI endpoint = endpoint(signal, settings, env, upper, path);
        String protocol = settings.has("protocol") ? settings.choice("protocol", "http/protobuf", "http/protobuf", "http/json")
                : fromEnv(settings, env, "PROTOCOL", upper, "http/protobuf", "http/protobuf", "http/json");
        Map<String, String> headers = new LinkedHashMap<>();
        String envHeaders = env.getOrDefault("OTEL_EXPORTER_OTLP_" + upper + "_HEADERS", env.get("OTEL_EXPORTER_OTLP_HEADERS"));
        if (envHeaders != null) {
            headers.putAll(parseList(envHeaders, "OTEL_EXPORTER_OTLP_HEADERS", settings, "headers"));
        }
        ConfigNode configured = settings.child("headers");
        for (String name : configured.keys()) {
            headers.put(name, configured.string(name, ""));
        }
        String compression = settings.has("compression") ? settings.choice("compression", "none", "gzip", "none")
                : fromEnv(settings, env, "COMPRESSION", upper, "none", "gzip", "none");
        Duration timeout = settings.has("timeout") ? settings.duration("timeout", DEFAULT_TIMEOUT) : envTimeout(settings, env, upper);
        int attempts = settings.integer("attempts", 5, 1, 20);
        Duration retryBudget = settings.duration("retry-budget", Duration.ofSeconds(30));
        String temporality = settings.has("temporality") ? settings.choice("temporality", "cumulative", "cumulative", "delta")
                : temporalityFromEnv(env);
        int maxBuckets = settings.integer("max-buckets", 160, 2, 16_384);
        Map<String, String> resource = new LinkedHashMap<>();
        String envResource = env.get("OTEL_RESOURCE_ATTRIBUTES");
        if (envResource != null) {
            resource.putAll(parseList(envResource, "OTEL_RESOURCE_ATTRIBUTES", settings, "resource"));
        }
        ConfigNode configuredResource = settings.child("resource");
        for (String name : configuredResource.keys()) {
            resource.put(name, configuredResource.string(name, ""));
        }
        String service = settings.string("service-name", env.getOrDefault("OTEL_SERVICE_NAME",
                resource.getOrDefault("service.name", "unknown_service:java")));
        resource.put("service.name", service);
        resource.putIfAbsent("telemetry.sdk.name", "monitor");
        resource.putIfAbsent("telemetry.sdk.language", "java");
        return new OtlpSettings(endpoint, protocol.equals("http/json"), Map.copyOf(headers), compression.equals("gzip"),
                timeout, attempts, retryBudget, temporality.equals("cumulative"), maxBuckets, Map.copyOf(resource));
    }

    private static URI endpoint(Signal<?> signal, ConfigNode settings, Map<String, String> env, String upper, String path) {
        String key = signal.name() + "-endpoint";
        if (settings.has(key)) {
            return uri(settings.string(key, null), settings, key, "");
        }
        if (settings.has("endpoint")) {
            return uri(settings.string("endpoint", null), settings, "endpoint", path);
        }
        String own = env.get("OTEL_EXPORTER_OTLP_" + upper + "_ENDPOINT");
        if (own != null) {
            return uri(own, settings, "(OTEL_EXPORTER_OTLP_" + upper + "_ENDPOINT)", "");
        }
        String base = env.get("OTEL_EXPORTER_OTLP_ENDPOINT");
        return uri(base != null ? base : DEFAULT_ENDPOINT, settings, "(OTEL_EXPORTER_OTLP_ENDPOINT)", path);
    }

    /** {@code text} as an http(s) URL, with {@code path} appended after one slash; the default on a problem. */
    private static URI uri(String text, ConfigNode settings, String key, String path) {
        try {
            URI uri = URI.create(text.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((!scheme.equals("http") && !scheme.equals("https")) || uri.getHost() == null) {
                settings.problem(key, "'" + text + "' is not an http or https URL with a host, such as " + DEFAULT_ENDPOINT);
                return URI.create(DEFAULT_ENDPOINT + path);
            }
            if (path.isEmpty()) {
                return uri;
            }
            String base = text.trim();
            return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
        } catch (IllegalArgumentException e) {
            settings.problem(key, "'" + text + "' is not a URL: " + e.getMessage());
            return URI.create(DEFAULT_ENDPOINT + path);
        }
    }

    private static String fromEnv(ConfigNode settings, Map<String, String> env, String name, String upper, String fallback,
                                  String... allowed) {
        String variable = env.containsKey("OTEL_EXPORTER_OTLP_" + upper + "_" + name) ? "OTEL_EXPORTER_OTLP_" + upper + "_" + name
                : "OTEL_EXPORTER_OTLP_" + name;
        String value = env.get(variable);
        if (value == null) {
            return fallback;
        }
        for (String option : allowed) {
            if (option.equalsIgnoreCase(value.trim())) {
                return option;
            }
        }
        settings.problem("(" + variable + ")", "'" + value + "' is not one of " + String.join(", ", allowed)
                + (name.equals("PROTOCOL") && value.trim().equals("grpc") ? " (this exporter speaks OTLP over HTTP only)" : ""));
        return fallback;
    }

    /** The environment's timeout is in milliseconds. */
    private static Duration envTimeout(ConfigNode settings, Map<String, String> env, String upper) {
        String variable = env.containsKey("OTEL_EXPORTER_OTLP_" + upper + "_TIMEOUT") ? "OTEL_EXPORTER_OTLP_" + upper + "_TIMEOUT"
                : "OTEL_EXPORTER_OTLP_TIMEOUT";
        String value = env.get(variable);
        if (value == null) {
            return DEFAULT_TIMEOUT;
        }
        try {
            long millis = Long.parseLong(value.trim());
            if (millis > 0) {
                return Duration.ofMillis(millis);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        settings.problem("(" + variable + ")", "'" + value + "' is not a positive number of milliseconds");
        return DEFAULT_TIMEOUT;
    }

    private static String temporalityFromEnv(Map<String, String> env) {
        String value = env.get("OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE");
        return value != null && value.trim().equalsIgnoreCase("delta") ? "delta" : "cumulative";
    }

    /**
     * {@code key1=value1,key2=value2} with percent-encoded values, as OTEL_EXPORTER_OTLP_HEADERS and
     * OTEL_RESOURCE_ATTRIBUTES are written; an entry without {@code =} is a problem.
     */
    static Map<String, String> parseList(String text, String variable, ConfigNode settings, String key) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (String entry : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                settings.problem("(" + variable + ")", "'" + entry.trim() + "' is not key=value");
                continue;
            }
            String name = entry.substring(0, equals).trim();
            String value = entry.substring(equals + 1).trim();
            try {
                value = URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                settings.problem("(" + variable + ")", "'" + value + "' of " + name + " is not percent-encoded text");
            }
            entries.put(name, value);
        }
        return entries;
    }
}
