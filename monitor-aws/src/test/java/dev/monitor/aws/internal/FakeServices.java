package dev.monitor.aws.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback endpoint for SNS, EC2 and Auto Scaling (AWS query protocol: a form-encoded POST with
 * {@code Action}; answers in XML), EventBridge and Systems Manager (AWS JSON 1.1, {@code X-Amz-Target}),
 * Lambda (REST JSON, {@code POST /2015-03-31/functions/<name>/invocations}), and the EC2 instance
 * metadata service (IMDSv2: a token from {@code PUT /latest/api/token}, required by
 * {@code GET /latest/meta-data/instance-id}). It decodes each request as the SDK sent it and records it.
 */
final class FakeServices implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String INSTANCE_ID = "i-0123456789abcdef0";
    static final String TOKEN = "AQAEAFakeImdsToken==";

    /** One request: its protocol ({@code query}, {@code json}, {@code rest-json}), operation, form fields or JSON body. */
    record Call(String protocol, String operation, String path, Map<String, String> form, JsonNode json, String body,
                Map<String, List<String>> headers) {
        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    /** An answer: a JSON body for JSON services (null: {}), the XML inside {@code <OperationResult>} for query ones, or an error code with its status. */
    record Reply(int status, String errorCode, Object json) {
        static Reply ok(Object json) {
            return new Reply(200, null, json);
        }

        static Reply error(int status, String code) {
            return new Reply(status, code, null);
        }
    }

    @FunctionalInterface
    interface Responder {
        Reply reply(Call call, int index);
    }

    private final HttpServer server;
    final List<Call> calls = new CopyOnWriteArrayList<>();
    final List<String> imds = new CopyOnWriteArrayList<>();
    private final AtomicInteger index = new AtomicInteger();
    volatile Responder responder = (call, i) -> null;

    FakeServices() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Call> calls(String operation) {
        return calls.stream().filter(c -> c.operation.equals(operation)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getRawPath();
            if (path.startsWith("/latest/")) {
                metadata(exchange, path);
                return;
            }
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            Call call;
            if (path.startsWith("/2015-03-31/functions/")) {
                call = new Call("rest-json", "Invoke", path, Map.of(), null, body, Map.copyOf(exchange.getRequestHeaders()));
            } else if (target != null) {
                call = new Call("json", target.substring(target.indexOf('.') + 1), path, Map.of(), JSON.readTree(body), body,
                        Map.copyOf(exchange.getRequestHeaders()));
            } else {
                Map<String, String> form = form(body);
                call = new Call("query", form.get("Action"), path, form, null, body, Map.copyOf(exchange.getRequestHeaders()));
            }
            calls.add(call);
            Reply reply = responder.reply(call, index.getAndIncrement());
            respond(exchange, call, reply == null ? Reply.ok(null) : reply);
        }
    }

    private void metadata(HttpExchange exchange, String path) throws IOException {
        String method = exchange.getRequestMethod();
        imds.add(method + " " + path);
        if (method.equals("PUT") && path.equals("/latest/api/token")
                && exchange.getRequestHeaders().getFirst("X-aws-ec2-metadata-token-ttl-seconds") != null) {
            send(exchange, 200, "text/plain", TOKEN);
        } else if (method.equals("GET") && path.equals("/latest/meta-data/instance-id")) {
            boolean token = TOKEN.equals(exchange.getRequestHeaders().getFirst("X-aws-ec2-metadata-token"));
            send(exchange, token ? 200 : 401, "text/plain", token ? INSTANCE_ID : "");
        } else {
            send(exchange, 404, "text/plain", "");
        }
    }

    private static void respond(HttpExchange exchange, Call call, Reply reply) throws IOException {
        switch (call.protocol) {
            case "query" -> {
                boolean ec2 = call.form.containsKey("Version") && call.form.get("Version").equals("2016-11-15");
                String xml;
                if (reply.errorCode != null) {
                    xml = ec2 ? "<Response><Errors><Error><Code>" + reply.errorCode + "</Code><Message>refused</Message></Error></Errors>"
                            + "<RequestID>r-1</RequestID></Response>"
                            : "<ErrorResponse><Error><Type>Sender</Type><Code>" + reply.errorCode + "</Code><Message>refused</Message>"
                            + "</Error><RequestId>r-1</RequestId></ErrorResponse>";
                } else if (ec2) {
                    xml = "<" + call.operation + "Response xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r-1</requestId></"
                            + call.operation + "Response>";
                } else {
                    String result = reply.json instanceof String xmlResult ? xmlResult
                            : call.operation.equals("Publish") ? "<MessageId>m-1</MessageId>" : "";
                    xml = "<" + call.operation + "Response><" + call.operation + "Result>" + result + "</" + call.operation + "Result>"
                            + "<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></" + call.operation + "Response>";
                }
                send(exchange, reply.status, "text/xml", xml);
            }
            case "rest-json" -> {
                if (reply.errorCode != null) {
                    exchange.getResponseHeaders().add("x-amzn-ErrorType", reply.errorCode);
                    send(exchange, reply.status, "application/json", "{\"message\":\"refused\"}");
                } else {
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(202, -1);
                }
            }
            default -> {
                String json = reply.errorCode != null ? "{\"__type\":\"" + reply.errorCode + "\",\"message\":\"refused\"}"
                        : JSON.writeValueAsString(reply.json == null ? Map.of() : reply.json);
                send(exchange, reply.status, "application/x-amz-json-1.1", json);
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.getResponseHeaders().add("x-amzn-RequestId", "r-1");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.put(key, value);
        }
        return form;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
