package dev.monitor.otlp.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * A loopback OTLP/HTTP receiver (a collector's {@code otlphttp} receiver in miniature): it records
 * each request and decodes its body with the official protobuf definitions
 * ({@code io.opentelemetry.proto}), never with the exporter's encoder; JSON bodies with protobuf's
 * own {@link JsonFormat}, after turning OTLP's hex ids into the base64 that protobuf's JSON mapping
 * expects (the one difference OTLP defines, https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding).
 * Responses are scripted: by default 200 with an empty body.
 */
final class OtlpReceiver implements AutoCloseable {
    private static final Pattern HEX_ID = Pattern.compile("\"(traceId|spanId|parentSpanId)\":\"([0-9a-f]*)\"");

    /** One request as received: path, headers (lower-case names), body decompressed. */
    record Received(String path, Map<String, List<String>> headers, byte[] body, long nanoTime) {
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        boolean json() {
            String type = header("content-type");
            return type != null && type.contains("json");
        }

        ExportMetricsServiceRequest metrics() {
            return decode(ExportMetricsServiceRequest.newBuilder());
        }

        ExportLogsServiceRequest logs() {
            return decode(ExportLogsServiceRequest.newBuilder());
        }

        ExportTraceServiceRequest traces() {
            return decode(ExportTraceServiceRequest.newBuilder());
        }

        @SuppressWarnings("unchecked")
        private <M extends Message> M decode(Message.Builder builder) {
            try {
                if (json()) {
                    JsonFormat.parser().merge(hexIdsToBase64(new String(body, StandardCharsets.UTF_8)), builder);
                } else {
                    builder.mergeFrom(body);
                }
                return (M) builder.build();
            } catch (InvalidProtocolBufferException e) {
                throw new AssertionError("the receiver could not decode a request to " + path + ": " + e.getMessage(), e);
            }
        }
    }

    /** A scripted response. */
    record Response(int status, Map<String, String> headers, byte[] body, long delayMillis) {
        static Response ok() {
            return new Response(200, Map.of(), new byte[0], 0);
        }

        static Response ok(byte[] body, String contentType) {
            return new Response(200, Map.of("Content-Type", contentType), body, 0);
        }

        /** 200, after {@code millis}: longer than a client's timeout. */
        static Response slow(long millis) {
            return new Response(200, Map.of(), new byte[0], millis);
        }

        static Response status(int status, String... headerPairs) {
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            for (int i = 0; i < headerPairs.length; i += 2) {
                headers.put(headerPairs[i], headerPairs[i + 1]);
            }
            return new Response(status, headers, new byte[0], 0);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new ArrayList<>();
    private final Deque<Response> script = new ArrayDeque<>();

    OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] raw = exchange.getRequestBody().readAllBytes();
                String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
                byte[] body = "gzip".equalsIgnoreCase(encoding) ? gunzip(raw) : raw;
                Map<String, List<String>> headers = new java.util.TreeMap<>();
                exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), values));
                Response response;
                synchronized (this) {
                    received.add(new Received(exchange.getRequestURI().getPath(), headers, body, System.nanoTime()));
                    response = script.isEmpty() ? Response.ok() : script.removeFirst();
                    notifyAll();
                }
                if (response.delayMillis() > 0) {
                    try {
                        Thread.sleep(response.delayMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
                if (response.body().length > 0 && !response.headers().containsKey("Content-Type")) {
                    exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                }
                exchange.sendResponseHeaders(response.status(), response.body().length == 0 ? -1 : response.body().length);
                if (response.body().length > 0) {
                    exchange.getResponseBody().write(response.body());
                }
            }
        });
        server.start();
    }

    /** The base URL, such as {@code http://127.0.0.1:40123}. */
    String url() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    /** Responds to the next requests with these, in order; then 200 again. */
    synchronized void respond(Response... responses) {
        script.addAll(List.of(responses));
    }

    synchronized List<Received> received() {
        return List.copyOf(received);
    }

    /** The requests to {@code path} so far. */
    synchronized List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    synchronized void clear() {
        received.clear();
    }

    private static byte[] gunzip(byte[] raw) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("a body sent as gzip is not gzip", e);
        }
    }

    static String hexIdsToBase64(String json) {
        Matcher m = HEX_ID.matcher(json);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String base64 = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(m.group(2)));
            m.appendReplacement(out, Matcher.quoteReplacement("\"" + m.group(1) + "\":\"" + base64 + "\""));
        }
        m.appendTail(out);
        return out.toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
