package dev.monitor.aws.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

/**
 * A loopback endpoint that stands for CloudWatch and CloudWatch Logs: it decodes each request as
 * the SDK really sent it (CloudWatch in Smithy RPC v2 CBOR, {@code POST
 * /service/GraniteServiceVersion20100801/operation/<Operation>}; Logs in AWS JSON 1.1 with
 * {@code X-Amz-Target: Logs_20140328.<Operation>}; gzip undone when the SDK compressed), records it,
 * and answers as the service would: a success, or an error in the protocol's shape
 * (https://smithy.io/2.0/additional-specs/protocols/smithy-rpc-v2.html, and for CloudWatch's
 * query-compatible error code the {@code x-amzn-query-error} header).
 */
final class FakeAws implements AutoCloseable {
    static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());
    static final ObjectMapper JSON = new ObjectMapper();

    /** One request as received. */
    record Call(String service, String operation, Map<String, List<String>> headers, int wireBytes, int bodyBytes,
                boolean gzip, JsonNode body) {
        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    /** An answer: status, and for an error its code and message; {@code body} for a success (null: {@code {}}). */
    record Reply(int status, String errorCode, String message, Object body) {
        static Reply ok() {
            return new Reply(200, null, null, null);
        }

        static Reply ok(Object body) {
            return new Reply(200, null, null, body);
        }

        static Reply error(int status, String code, String message) {
            return new Reply(status, code, message, null);
        }
    }

    /** Chooses the answer to a call; null for the default success. */
    @FunctionalInterface
    interface Responder {
        Reply reply(Call call, int index);
    }

    private final HttpServer server;
    final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger index = new AtomicInteger();
    volatile Responder responder = (call, i) -> null;

    FakeAws() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The calls of one operation, in order. */
    List<Call> calls(String operation) {
        return calls.stream().filter(c -> c.operation.equals(operation)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] wire = exchange.getRequestBody().readAllBytes();
            boolean gzip = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
            byte[] body = gzip ? gunzip(wire) : wire;
            String path = exchange.getRequestURI().getPath();
            boolean cbor = path.startsWith("/service/");
            String service;
            String operation;
            JsonNode decoded;
            if (cbor) {
                service = "CloudWatch";
                operation = path.substring(path.lastIndexOf('/') + 1);
                decoded = body.length == 0 ? CBOR.createObjectNode() : CBOR.readTree(body);
            } else {
                String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
                service = target.substring(0, target.indexOf('.'));
                operation = target.substring(target.indexOf('.') + 1);
                decoded = JSON.readTree(body);
            }
            Call call = new Call(service, operation, Map.copyOf(exchange.getRequestHeaders()), wire.length, body.length, gzip, decoded);
            calls.add(call);
            Reply reply = responder.reply(call, index.getAndIncrement());
            if (reply == null) {
                reply = Reply.ok();
            }
            respond(exchange, cbor, reply);
        }
    }

    private static void respond(HttpExchange exchange, boolean cbor, Reply reply) throws IOException {
        Object payload;
        if (reply.errorCode != null) {
            payload = Map.of("__type", (cbor ? "com.amazonaws.cloudwatch#" : "") + reply.errorCode, "message", reply.message);
            if (cbor) {
                exchange.getResponseHeaders().add("x-amzn-query-error", reply.errorCode + ";Sender");
            }
        } else {
            payload = reply.body == null ? Map.of() : reply.body;
        }
        byte[] bytes;
        if (cbor) {
            exchange.getResponseHeaders().add("smithy-protocol", "rpc-v2-cbor");
            exchange.getResponseHeaders().add("Content-Type", "application/cbor");
            bytes = CBOR.writeValueAsBytes(payload);
        } else {
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.getResponseHeaders().add("x-amzn-RequestId", "00000000-0000-0000-0000-000000000000");
            bytes = JSON.writeValueAsBytes(payload);
        }
        exchange.sendResponseHeaders(reply.status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static byte[] gunzip(byte[] bytes) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
