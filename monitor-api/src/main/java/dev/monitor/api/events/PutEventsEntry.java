package dev.monitor.api.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One event to put, as PutEvents' {@code PutEventsRequestEntry}. {@code source},
 * {@code detailType} and {@code detail} (a JSON object, as text) are required; the rest may be null.
 *
 * <pre>{@code
 * events.putEvents(PutEventsEntry.of("shop.orders", "Order Placed", "{\"orderId\":\"o-1\"}").withEventBusName("orders"));
 * }</pre>
 *
 * @param source       the event's {@code source}, such as {@code shop.orders}
 * @param detailType   its {@code detail-type}, at most 128 characters
 * @param detail       its {@code detail}: a JSON object, as text
 * @param resources    the resources (ARNs) it concerns; null for none
 * @param time         its time; null for the time of the put
 * @param eventBusName the bus, by name or ARN; null for {@code default}
 * @param traceHeader  an {@code X-Amzn-Trace-Id} header value to carry along; may be null
 */
public record PutEventsEntry(String source, String detailType, String detail, List<String> resources, Instant time,
                             String eventBusName, String traceHeader) {
    /** PutEvents' limit on an entry's size as {@link #size()} counts it: 256 KB. */
    public static final int MAX_SIZE = 256 * 1024;
    /** The error code of an entry with a missing or invalid parameter. */
    public static final String INVALID_ARGUMENT = "InvalidArgument";
    /** The error code of an entry whose detail is not a JSON object. */
    public static final String MALFORMED_DETAIL = "MalformedDetail";
    private static final int MAX_DETAIL_TYPE = 128;
    /** PutEvents' {@code NonPartnerEventBusNameOrArn}, from its service model. */
    private static final Pattern BUS_NAME_OR_ARN =
            Pattern.compile("(arn:aws[\\w-]*:events:[a-z]+-[a-z]+-[\\w-]+:[0-9]{12}:event-bus/)?[.\\-_A-Za-z0-9]+");

    /** An entry with the required fields; the others null. */
    public static PutEventsEntry of(String source, String detailType, String detail) {
        return new PutEventsEntry(source, detailType, detail, null, null, null, null);
    }

    public PutEventsEntry withResources(List<String> resources) {
        return new PutEventsEntry(source, detailType, detail, resources, time, eventBusName, traceHeader);
    }

    public PutEventsEntry withTime(Instant time) {
        return new PutEventsEntry(source, detailType, detail, resources, time, eventBusName, traceHeader);
    }

    public PutEventsEntry withEventBusName(String eventBusName) {
        return new PutEventsEntry(source, detailType, detail, resources, time, eventBusName, traceHeader);
    }

    public PutEventsEntry withTraceHeader(String traceHeader) {
        return new PutEventsEntry(source, detailType, detail, resources, time, eventBusName, traceHeader);
    }

    /**
     * The entry's size as EventBridge computes it against {@link #MAX_SIZE}: 14 bytes for a time,
     * plus the UTF-8 bytes of the source, the detail type, the detail and each resource
     * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html). Missing
     * fields count nothing.
     */
    public int size() {
        long size = time != null ? 14 : 0;
        size += utf8Length(source) + utf8Length(detailType) + utf8Length(detail);
        if (resources != null) {
            for (String resource : resources) {
                size += utf8Length(resource);
            }
        }
        return (int) Math.min(Integer.MAX_VALUE, size);
    }

    /**
     * Why PutEvents refuses this entry, as the failed result entry it answers with; empty when the
     * entry is good. Checks that {@code source}, {@code detailType} and {@code detail} are given,
     * that the detail is a JSON object (nested at most 1000 levels deep), the detail type's length,
     * the bus name's form and the entry's {@linkplain #size() size}.
     */
    public Optional<PutEventsResultEntry> problem() {
        if (source == null || source.isEmpty()) {
            return required("Source");
        }
        if (detailType == null || detailType.isEmpty()) {
            return required("DetailType");
        }
        if (detail == null || detail.isEmpty()) {
            return required("Detail");
        }
        if (detailType.length() > MAX_DETAIL_TYPE) {
            return invalid("DetailType", "DetailType is " + detailType.length() + " characters long; the most is " + MAX_DETAIL_TYPE + ".");
        }
        if (eventBusName != null && (eventBusName.isEmpty() || eventBusName.length() > 1600
                || !BUS_NAME_OR_ARN.matcher(eventBusName).matches())) {
            return invalid("EventBusName", "'" + eventBusName + "' is not an event bus name or ARN.");
        }
        if (traceHeader != null && (traceHeader.isEmpty() || traceHeader.length() > 500)) {
            return invalid("TraceHeader", "TraceHeader must be 1 to 500 characters long.");
        }
        if (resources != null) {
            for (String resource : resources) { // not contains(null): immutable lists throw for it
                if (resource == null) {
                    return invalid("Resources", "a resource is null.");
                }
            }
        }
        int size = size();
        if (size > MAX_SIZE) {
            return invalid("Entry", "the entry is " + size + " bytes as PutEvents counts them; the most is " + MAX_SIZE + ".");
        }
        if (!JsonObjectCheck.isObject(detail)) {
            return Optional.of(PutEventsResultEntry.failed(MALFORMED_DETAIL, "Detail is malformed."));
        }
        return Optional.empty();
    }

    private static Optional<PutEventsResultEntry> required(String parameter) {
        return invalid(parameter, parameter + " is a required argument.");
    }

    private static Optional<PutEventsResultEntry> invalid(String parameter, String reason) {
        return Optional.of(PutEventsResultEntry.failed(INVALID_ARGUMENT, "Parameter " + parameter + " is not valid. Reason: " + reason));
    }

    private static long utf8Length(String text) {
        if (text == null) {
            return 0;
        }
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes += "?".getBytes(StandardCharsets.UTF_8).length; // a lone surrogate encodes as '?'
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
