package dev.monitor.core.health;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A health event that affects this deployment, in AWS Health's model
 * (https://docs.aws.amazon.com/health/latest/APIReference/API_Event.html): what kind it is, which
 * component, whether it is upcoming, open or closed, when, the entities it affects and a
 * description with what to do. Each change makes a new version with a later
 * {@code lastUpdatedTime}; the {@code arn} stays. Immutable.
 *
 * @param arn             {@code arn:aws:health:REGION::event/SERVICE/CODE/CODE_ID}, AWS's format
 * @param service         the component, upper case, as AWS names services ({@code PAYMENTS})
 * @param eventTypeCode   {@code MONITOR_<COMPONENT>_OPERATIONAL_ISSUE}, {@code _SCHEDULED_MAINTENANCE} or {@code _NOTIFICATION}
 * @param endTime         null while not closed (an upcoming or open maintenance has its planned end)
 * @param description     the latest description, with remediation
 */
public record HealthEvent(String arn, String service, String eventTypeCode, Category eventTypeCategory, String region,
                          Instant startTime, Instant endTime, Instant lastUpdatedTime, EventStatus statusCode,
                          String eventScopeCode, String component, String description, List<AffectedEntity> entities) {

    /** {@code eventTypeCategory}, AWS's four values. */
    public enum Category {
        ISSUE("issue"), ACCOUNT_NOTIFICATION("accountNotification"), SCHEDULED_CHANGE("scheduledChange"), INVESTIGATION("investigation");

        private final String wire;

        Category(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static Category of(String wire) {
            for (Category category : values()) {
                if (category.wire.equals(wire)) {
                    return category;
                }
            }
            throw new IllegalArgumentException("eventTypeCategory '" + wire + "' is none of issue, accountNotification, scheduledChange, investigation");
        }
    }

    /** {@code statusCode} of an event. */
    public enum EventStatus {
        OPEN, CLOSED, UPCOMING;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static EventStatus of(String wire) {
            for (EventStatus status : values()) {
                if (status.wire().equals(wire)) {
                    return status;
                }
            }
            throw new IllegalArgumentException("statusCode '" + wire + "' is none of open, closed, upcoming");
        }
    }

    /**
     * An entity the event affects (https://docs.aws.amazon.com/health/latest/APIReference/API_AffectedEntity.html).
     *
     * @param statusCode IMPAIRED, UNIMPAIRED or UNKNOWN
     */
    public record AffectedEntity(String entityArn, String entityValue, String statusCode, Instant lastUpdatedTime) {
        public AffectedEntity {
            Objects.requireNonNull(entityValue, "entityValue");
            if (!List.of("IMPAIRED", "UNIMPAIRED", "UNKNOWN").contains(statusCode)) {
                throw new IllegalArgumentException("entity status '" + statusCode + "' is none of IMPAIRED, UNIMPAIRED, UNKNOWN");
            }
        }
    }

    public HealthEvent {
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(eventTypeCategory, "eventTypeCategory");
        Objects.requireNonNull(statusCode, "statusCode");
        entities = List.copyOf(entities);
    }

    /** The event type code of {@code component}'s events of {@code kind}: {@code MONITOR_PAYMENTS_OPERATIONAL_ISSUE}. */
    public static String typeCode(String component, String kind) {
        return "MONITOR_" + serviceName(component) + "_" + kind;
    }

    /** A component's name as AWS names services: upper case, anything but letters and digits an underscore. */
    public static String serviceName(String component) {
        return component.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
    }
}
