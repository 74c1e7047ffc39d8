package dev.monitor.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * One loopback endpoint that answers as every AWS service the demo's {@code --aws-endpoint} reaches,
 * each in the protocol the AWS SDK for Java v2 speaks to it, and records each request decoded:
 * CloudWatch (Smithy RPC v2 CBOR, {@code POST /service/GraniteServiceVersion20100801/operation/<Op>},
 * gzip undone), CloudWatch Logs and EventBridge (AWS JSON 1.1, {@code X-Amz-Target}), X-Ray (REST
 * JSON: {@code POST /TraceSegments}, {@code /GetSamplingRules}, {@code /SamplingTargets}), S3 (REST
 * XML, path-style {@code PUT /bucket/key}, aws-chunked bodies joined) and SNS (AWS query: a form with
 * {@code Action}).
 */
final class FakeAwsEndpoint implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());

    /** One request: service, operation, path, headers, and its body decoded (JSON or CBOR as a tree; the raw bytes for S3). */
    record Call(String service, String operation, String path, Map<String, List<String>> headers, JsonNode body, byte[] raw) {
        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    private final HttpServer server;
    final List<Call> calls = new CopyOnWriteArrayList<>();
    private final String samplingRules;

    FakeAwsEndpoint(String samplingRules) throws IOException {
        this.samplingRules = samplingRules;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Call> calls(String operation) {
        return calls.stream().filter(c -> c.operation().equals(operation)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] wire = exchange.getRequestBody().readAllBytes();
            Map<String, List<String>> headers = Map.copyOf(exchange.getRequestHeaders());
            String path = exchange.getRequestURI().getRawPath();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String method = exchange.getRequestMethod();
            if (path.startsWith("/service/GraniteServiceVersion20100801/operation/")) {
                byte[] body = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding")) ? gunzip(wire) : wire;
                String operation = path.substring(path.lastIndexOf('/') + 1);
                calls.add(new Call("CloudWatch", operation, path, headers, body.length == 0 ? CBOR.createObjectNode() : CBOR.readTree(body),
                        body));
                exchange.getResponseHeaders().add("smithy-protocol", "rpc-v2-cbor");
                send(exchange, 200, "application/cbor", CBOR.writeValueAsBytes(Map.of()));
            } else if (target != null) {
                String service = target.substring(0, target.indexOf('.'));
                String operation = target.substring(target.indexOf('.') + 1);
                JsonNode body = JSON.readTree(wire);
                calls.add(new Call(service, operation, path, headers, body, wire));
                ObjectNode answer = JSON.createObjectNode();
                if (operation.equals("PutEvents")) {
                    answer.put("FailedEntryCount", 0);
                    ArrayNode entries = answer.putArray("Entries");
                    for (int i = 0; i < body.path("Entries").size(); i++) {
                        entries.addObject().put("EventId", "e-" + calls.size() + "-" + i);
                    }
                }
                send(exchange, 200, "application/x-amz-json-1.1", JSON.writeValueAsBytes(answer));
            } else if (method.equals("POST") && (path.equals("/TraceSegments") || path.equals("/GetSamplingRules")
                    || path.equals("/SamplingTargets"))) {
                String operation = switch (path) {
                    case "/TraceSegments" -> "PutTraceSegments";
                    case "/GetSamplingRules" -> "GetSamplingRules";
                    default -> "GetSamplingTargets";
                };
                calls.add(new Call("XRay", operation, path, headers, JSON.readTree(wire), wire));
                String answer = switch (operation) {
                    case "PutTraceSegments" -> "{\"UnprocessedTraceSegments\":[]}";
                    case "GetSamplingRules" -> samplingRules;
                    default -> "{\"SamplingTargetDocuments\":[]}";
                };
                send(exchange, 200, "application/json", answer.getBytes(StandardCharsets.UTF_8));
            } else if (method.equals("PUT")) {
                calls.add(new Call("S3", "PutObject", path, headers, null, s3Body(exchange, wire)));
                exchange.getResponseHeaders().add("ETag", "\"9b2cf535f27731c974343645a3985328\"");
                send(exchange, 200, "application/xml", new byte[0]);
            } else if (method.equals("POST")) {
                Map<String, String> form = form(new String(wire, StandardCharsets.UTF_8));
                calls.add(new Call("SNS", String.valueOf(form.get("Action")), path, headers, JSON.valueToTree(form), wire));
                send(exchange, 200, "text/xml", ("<PublishResponse><PublishResult><MessageId>m-1</MessageId></PublishResult>"
                        + "<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></PublishResponse>")
                        .getBytes(StandardCharsets.UTF_8));
            } else {
                calls.add(new Call("unknown", method + " " + path, path, headers, null, wire));
                send(exchange, 400, "text/plain", "not a request this endpoint knows".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.getResponseHeaders().add("x-amzn-RequestId", "00000000-0000-0000-0000-000000000000");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The object's bytes: as sent, or the chunks of an aws-chunked body joined (their trailers dropped). */
    private static byte[] s3Body(HttpExchange exchange, byte[] in) {
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        String sha = exchange.getRequestHeaders().getFirst("x-amz-content-sha256");
        if (!(encoding != null && encoding.contains("aws-chunked")) && !(sha != null && sha.startsWith("STREAMING-"))) {
            return in;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int lineEnd = at;
            while (!(in[lineEnd] == '\r' && in[lineEnd + 1] == '\n')) {
                lineEnd++;
            }
            String header = new String(in, at, lineEnd - at, StandardCharsets.US_ASCII);
            int semicolon = header.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? header : header.substring(0, semicolon)).trim(), 16);
            at = lineEnd + 2;
            if (size == 0) {
                return out.toByteArray();
            }
            out.write(in, at, size);
            at += size + 2;
        }
    }

    static byte[] gunzip(byte[] bytes) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
