package dev.monitor.core.events.sources.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.monitor.api.events.PutEventsEntry;
import dev.monitor.api.metrics.Counter;
import dev.monitor.api.metrics.Metrics;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.core.events.internal.EventEngine;
import dev.monitor.core.events.internal.EventIds;
import dev.monitor.core.events.sources.PartnerSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Not API: the server's handler of partner webhooks, {@code POST /events/partner/<partner>/<source>}
 * (see {@link PartnerSource} for the signature). Answers 200 with {@code {"EventId": ..}} once the
 * body is queued on the partner bus; 401 for a request unsigned, badly signed, too old or replayed;
 * 404 for a source not configured; 405 for a method but POST; 413 for a body over 256 KB; 400 for a
 * body that is not a JSON object; 503 when the bus's queue is full. Refusals are counted in
 * {@code Monitor/PartnerWebhooksRefused} by {@code Reason}; the body of a refused request is never put.
 * A signature is remembered (and its resend refused as replayed) only once its event was queued: after
 * a 503 or a 400 the same signed request may be sent again.
 */
public final class PartnerWebhooks implements HttpHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The most signatures remembered per source; beyond, new webhooks are refused (503) until old ones age out. */
    static final int MAX_SEEN = 100_000;

    /** Queues an envelope on a bus: false when the queue is full or the monitor closes. */
    interface Bus {
        boolean put(String bus, String eventJson);
    }

    private final Map<String, WebhookSignatures> sources = new LinkedHashMap<>();
    private final Bus events;
    private final Clock clock;
    private final String account;
    private final String region;
    private final Metrics self;

    /** Makes each source's partner bus on {@code events}. */
    public PartnerWebhooks(List<PartnerSource> partnerSources, EventEngine events, Clock clock, String account, String region, Metrics self) {
        this(partnerSources, events::createEventBus, events::putEnvelope, clock, account, region, self);
    }

    PartnerWebhooks(List<PartnerSource> partnerSources, java.util.function.Consumer<String> createBus, Bus events, Clock clock,
                    String account, String region, Metrics self) {
        this.events = events;
        this.account = account;
        this.region = region;
        this.clock = clock;
        this.self = self;
        for (PartnerSource source : partnerSources) {
            createBus.accept(source.busName());
            sources.put(source.path(), new WebhookSignatures(source, clock, this::refuse));
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            WebhookSignatures source = sources.get(exchange.getRequestURI().getPath());
            if (source == null) {
                answer(exchange, 404, "NotFound", "no partner event source at " + exchange.getRequestURI().getPath());
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "POST");
                answer(exchange, 405, "MethodNotAllowed", "a webhook is a POST, not " + exchange.getRequestMethod());
                return;
            }
            byte[] body = readBody(exchange.getRequestBody());
            if (body == null) {
                answer(exchange, 413, "PayloadTooLarge", "the body is over " + PutEventsEntry.MAX_SIZE + " bytes");
                return;
            }
            WebhookSignatures.Verdict verdict = source.verify(exchange.getRequestHeaders().getFirst(PartnerSource.SIGNATURE_HEADER), body);
            if (!verdict.accepted()) {
                answer(exchange, 401, "Unauthorized", verdict.refusal());
                return;
            }
            com.fasterxml.jackson.databind.JsonNode detail;
            try {
                detail = JSON.readTree(body);
            } catch (IOException e) {
                detail = null;
            }
            if (detail == null || !detail.isObject()) {
                source.forget(verdict.signature());
                answer(exchange, 400, PutEventsEntry.MALFORMED_DETAIL, "the body must be a JSON object: it is the event's detail");
                return;
            }
            String detailType = exchange.getRequestHeaders().getFirst(PartnerSource.DETAIL_TYPE_HEADER);
            String id = EventIds.next();
            ObjectNode event = JSON.createObjectNode();
            event.put("version", "0");
            event.put("id", id);
            event.put("detail-type", detailType == null || detailType.isBlank() ? PartnerSource.DEFAULT_DETAIL_TYPE : detailType);
            event.put("source", source.settings().busName());
            event.put("account", account);
            event.put("time", java.time.format.DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
            event.put("region", region);
            event.putArray("resources");
            event.set("detail", detail);
            if (events.put(source.settings().busName(), event.toString())) {
                send(exchange, 200, JSON.writeValueAsBytes(JSON.createObjectNode().put("EventId", id)));
            } else {
                // not taken: the signature is forgotten, so that the resend this answer asks for is not a replay
                source.forget(verdict.signature());
                answer(exchange, 503, "ThrottlingException", "the event queue is full or the monitor is closing; the webhook was not taken, "
                        + "send it again");
            }
        }
    }

    /** The hex HMAC-SHA256 of {@code <timestamp>.<body>} with {@code secret}: what a partner puts in {@code v1}. */
    public static String sign(String secret, long timestamp, byte[] body) {
        return WebhookSignatures.sign(secret, timestamp, body);
    }

    private String refuse(String reason, String message) {
        Counter refused = self.counterBuilder("PartnerWebhooksRefused").dimension("Reason", reason).resolution(Resolution.STANDARD).register();
        refused.increment();
        return message;
    }

    /** The body, or null when it is over the size of an event entry. */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(PutEventsEntry.MAX_SIZE + 1);
        return bytes.length > PutEventsEntry.MAX_SIZE ? null : bytes;
    }

    private static void answer(HttpExchange exchange, int status, String code, String message) throws IOException {
        ObjectNode answer = JSON.createObjectNode().put("__type", code).put("message", message);
        send(exchange, status, JSON.writeValueAsBytes(answer));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
