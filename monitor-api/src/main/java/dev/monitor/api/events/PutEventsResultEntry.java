package dev.monitor.api.events;

/**
 * The answer to one entry of a put, as PutEvents' {@code PutEventsResultEntry}: the event's id
 * when it was accepted, or an error code and message when it was not (never both).
 *
 * @param eventId      the accepted event's id (a UUID); null when refused
 * @param errorCode    such as {@code InvalidArgument} or {@code MalformedDetail}; null when accepted
 * @param errorMessage what was wrong, in AWS's words; null when accepted
 */
public record PutEventsResultEntry(String eventId, String errorCode, String errorMessage) {

    public static PutEventsResultEntry accepted(String eventId) {
        return new PutEventsResultEntry(eventId, null, null);
    }

    public static PutEventsResultEntry failed(String errorCode, String errorMessage) {
        return new PutEventsResultEntry(null, errorCode, errorMessage);
    }

    public boolean isAccepted() {
        return eventId != null;
    }
}
