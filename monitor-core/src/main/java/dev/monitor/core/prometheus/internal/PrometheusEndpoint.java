package dev.monitor.core.prometheus.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.Exemplar;
import dev.monitor.core.metrics.MetricId;
import dev.monitor.core.metrics.MetricKind;
import dev.monitor.core.prometheus.PrometheusSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;

/**
 * Not API: the {@code prometheus:} endpoint. The monitor hands it each ended period's datapoints
 * ({@link #record}, on the collector thread) and serves it on its dashboard server behind the
 * server's Host and token checks. A scrape gets every metric's totals since start, as of the last
 * ended period (a second for high-resolution metrics, a minute for standard ones), in OpenMetrics
 * 1.0 when its {@code Accept} header prefers {@code application/openmetrics-text} (as Prometheus'
 * does), in Prometheus' protobuf format (the only one with native histograms) when native histograms
 * are configured and the header prefers it (as Prometheus' does with native histograms on), else in
 * the text format 0.0.4; gzipped when its {@code Accept-Encoding} allows. Points left
 * out for a name conflict count in {@code Monitor/Dropped} ({@code Signal=metrics},
 * {@code Exporter=prometheus}, {@code Reason=NameConflict}). Thread-safe.
 */
public final class PrometheusEndpoint implements HttpHandler {
    private final PrometheusSettings settings;
    private final Totals totals;
    private final Function<MetricId, Exemplar[]> exemplars;
    private final Counter conflicts;

    /**
     * @param kinds     the instrument each metric was registered as
     * @param exemplars a metric's exemplars (see {@code MetricRegistry.exemplars}); used when the settings keep them
     * @param self      the monitor's own metrics
     */
    public PrometheusEndpoint(PrometheusSettings settings, Function<MetricId, MetricKind> kinds,
                              Function<MetricId, Exemplar[]> exemplars, Metrics self) {
        this.settings = settings;
        this.totals = new Totals(settings, kinds);
        this.exemplars = settings.exemplars() ? exemplars : null;
        this.conflicts = self.counterBuilder("Dropped").dimension("Signal", dev.monitor.core.export.Signal.METRICS.name()).dimension("Exporter", "prometheus")
                .dimension("Reason", "NameConflict").resolution(Resolution.STANDARD).register();
    }

    /**
     * What {@code MetricRegistry.keepExemplars} needs: a timer's or distribution's bucket bounds in
     * the metric's own unit (the settings give them in the base unit), so that each bucket keeps its exemplar.
     */
    public static BiFunction<MetricId, MetricKind, double[]> exemplarBounds(PrometheusSettings settings) {
        double[] timers = Totals.array(settings.buckets());
        double[] distributions = Totals.array(settings.distributionBuckets());
        // native histograms keep their classic buckets beside them, which carry the exemplars
        boolean classic = settings.histograms() != PrometheusSettings.Histograms.SUMMARY;
        return (id, kind) -> {
            if (!classic) {
                return null; // a summary's lines carry no exemplars
            }
            double[] base = kind == MetricKind.TIMER ? timers : distributions;
            double scale = Names.scale(id.unit());
            double[] own = new double[base.length];
            for (int i = 0; i < own.length; i++) {
                own[i] = base[i] / scale;
            }
            return own;
        };
    }

    /** The path it answers on, as configured ({@code /metrics}). */
    public String path() {
        return settings.path();
    }

    /** Adds an ended period's datapoints to the totals. */
    public void record(List<Datapoint> datapoints) {
        totals.add(datapoints);
    }

    /** The exposition a scrape in a text format gets now. */
    String render(Exposition.Format format) {
        if (format == Exposition.Format.PROTOBUF) {
            throw new IllegalArgumentException("the protobuf format is binary: read it with bytes(format)");
        }
        return new String(bytes(format), StandardCharsets.UTF_8);
    }

    /** The exposition a scrape in {@code format} gets now, as sent. */
    byte[] bytes(Exposition.Format format) {
        int left;
        byte[] body;
        if (format == Exposition.Format.PROTOBUF) {
            ProtobufExposition exposition = new ProtobufExposition(totals.quantiles(), exemplars);
            body = exposition.write(totals.snapshot());
            left = exposition.conflicts();
        } else {
            Exposition exposition = new Exposition(format, totals.quantiles(), exemplars);
            body = exposition.write(totals.snapshot()).getBytes(StandardCharsets.UTF_8);
            left = exposition.conflicts();
        }
        if (left > 0) {
            conflicts.increment(left);
        }
        return body;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        if (!exchange.getRequestURI().getPath().equals(settings.path())) {
            plain(exchange, 404, "no page at " + exchange.getRequestURI().getPath() + "; metrics are at " + settings.path());
            return;
        }
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            plain(exchange, 405, method + " is not allowed on " + settings.path() + "; scrape it with GET");
            return;
        }
        Exposition.Format format = format(exchange.getRequestHeaders().getFirst("Accept"),
                settings.histograms() == PrometheusSettings.Histograms.NATIVE);
        byte[] body = bytes(format);
        exchange.getResponseHeaders().set("Content-Type", format.contentType);
        exchange.getResponseHeaders().add("Vary", "Accept, Accept-Encoding");
        if ("HEAD".equals(method)) {
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        if (gzip(exchange.getRequestHeaders().getFirst("Accept-Encoding"))) {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = new GZIPOutputStream(exchange.getResponseBody(), 8192)) {
                out.write(body);
            }
            return;
        }
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void plain(HttpExchange exchange, int status, String message) throws IOException {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** {@link #format(String, boolean)} without the protobuf format. */
    static Exposition.Format format(String accept) {
        return format(accept, false);
    }

    /**
     * With {@code protobuf} (native histograms configured), Prometheus' protobuf format when
     * {@code accept} names {@code application/vnd.google.protobuf} with
     * {@code proto=io.prometheus.client.MetricFamily} and {@code encoding=delimited} and ranks it at
     * least as high as the text formats (Prometheus with native histograms on lists it first);
     * otherwise OpenMetrics when {@code accept} ranks {@code application/openmetrics-text} above the
     * text format ({@code text/plain}, or any type through a wildcard), by their {@code q} values;
     * the text format otherwise, and when there is no header.
     */
    static Exposition.Format format(String accept, boolean protobuf) {
        if (accept == null) {
            return Exposition.Format.TEXT;
        }
        double proto = 0;
        double openMetrics = 0;
        double text = 0;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            double q = quality(parts);
            if (type.equals("application/vnd.google.protobuf")) {
                if (protobuf && parameter(parts, "proto", "io.prometheus.client.MetricFamily") && parameter(parts, "encoding", "delimited")) {
                    proto = Math.max(proto, q);
                }
            } else if (type.equals("application/openmetrics-text")) {
                openMetrics = Math.max(openMetrics, q);
            } else if (type.equals("text/plain") || type.equals("text/*") || type.equals("*/*")) {
                text = Math.max(text, q);
            }
        }
        if (proto > 0 && proto >= openMetrics && proto >= text) {
            return Exposition.Format.PROTOBUF;
        }
        return openMetrics > 0 && openMetrics >= text ? Exposition.Format.OPENMETRICS : Exposition.Format.TEXT;
    }

    /** Whether a media range's parameters include {@code name=value} (names case-insensitive, values as given, quotes allowed). */
    private static boolean parameter(String[] parameters, String name, String value) {
        for (int i = 1; i < parameters.length; i++) {
            String parameter = parameters[i].trim();
            int equals = parameter.indexOf('=');
            if (equals > 0 && parameter.substring(0, equals).trim().equalsIgnoreCase(name)) {
                String given = parameter.substring(equals + 1).trim();
                if (given.length() >= 2 && given.startsWith("\"") && given.endsWith("\"")) {
                    given = given.substring(1, given.length() - 1);
                }
                return given.equals(value);
            }
        }
        return false;
    }

    /** Whether {@code acceptEncoding} lists {@code gzip} (or {@code *}) with a {@code q} above zero. */
    static boolean gzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String coding : acceptEncoding.split(",")) {
            String[] parts = coding.split(";");
            String name = parts[0].trim().toLowerCase(Locale.ROOT);
            if ((name.equals("gzip") || name.equals("*")) && quality(parts) > 0) {
                return true;
            }
        }
        return false;
    }

    private static double quality(String[] parameters) {
        for (int i = 1; i < parameters.length; i++) {
            String parameter = parameters[i].trim();
            if (parameter.regionMatches(true, 0, "q=", 0, 2)) {
                try {
                    double q = Double.parseDouble(parameter.substring(2).trim());
                    return q >= 0 && q <= 1 ? q : 0;
                } catch (NumberFormatException e) {
                    return 0; // RFC 9110: a weight is a number from 0 to 1; a malformed one does not prefer
                }
            }
        }
        return 1;
    }
}
