package dev.monitor.core.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One audited call before it becomes a record: what {@link AuditTrail#record(AuditEvent)} takes
 * and what {@link AuditCall} builds. The trail adds {@code eventID}, {@code eventVersion},
 * {@code awsRegion}, {@code recipientAccountId}, the time when none is given and the trace id of
 * the current segment.
 */
public final class AuditEvent {
    /** CloudTrail's event categories; {@link #apiName()} is the value of a record's {@code eventCategory}. */
    public enum Category {
        MANAGEMENT("Management"), DATA("Data");

        private final String apiName;

        Category(String apiName) {
            this.apiName = apiName;
        }

        /** The name CloudTrail writes in {@code eventCategory}: {@code Management} or {@code Data}. */
        public String apiName() {
            return apiName;
        }

        /** @throws IllegalArgumentException naming the value and the allowed ones */
        public static Category fromApiName(String name) {
            for (Category category : values()) {
                if (category.apiName.equals(name)) {
                    return category;
                }
            }
            throw new IllegalArgumentException("eventCategory '" + name + "' is not one of Management, Data");
        }
    }

    final String eventName;
    final String eventSource;
    final Instant eventTime;
    final UserIdentity identity;
    final String sourceIpAddress;
    final String userAgent;
    final Map<String, Object> requestParameters;
    final Map<String, Object> responseElements;
    final String errorCode;
    final String errorMessage;
    final String requestId;
    final boolean readOnly;
    final List<AuditResource> resources;
    final Category category;
    final String eventType;

    private AuditEvent(Builder builder) {
        this.eventName = builder.eventName;
        this.eventSource = builder.eventSource;
        this.eventTime = builder.eventTime;
        this.identity = builder.identity;
        this.sourceIpAddress = builder.sourceIpAddress;
        this.userAgent = builder.userAgent;
        this.requestParameters = builder.requestParameters;
        this.responseElements = builder.responseElements;
        this.errorCode = builder.errorCode;
        this.errorMessage = builder.errorMessage;
        this.requestId = builder.requestId;
        this.readOnly = builder.readOnly;
        this.resources = List.copyOf(builder.resources);
        this.category = builder.category;
        this.eventType = builder.eventType;
    }

    /** An event named as CloudTrail names them: the API's operation, such as {@code DeleteOrder}. */
    public static Builder builder(String eventName) {
        return new Builder(eventName);
    }

    public String eventName() {
        return eventName;
    }

    public String eventSource() {
        return eventSource;
    }

    public boolean readOnly() {
        return readOnly;
    }

    public Category category() {
        return category;
    }

    /** Configures an {@link AuditEvent}; every field but the name is optional. */
    public static final class Builder {
        private final String eventName;
        private String eventSource = "monitor.local";
        private Instant eventTime;
        private UserIdentity identity;
        private String sourceIpAddress;
        private String userAgent;
        private Map<String, Object> requestParameters;
        private Map<String, Object> responseElements;
        private String errorCode;
        private String errorMessage;
        private String requestId;
        private boolean readOnly;
        private final List<AuditResource> resources = new ArrayList<>();
        private Category category = Category.MANAGEMENT;
        private String eventType = "AwsApiCall";

        private Builder(String eventName) {
            this.eventName = Objects.requireNonNull(eventName, "eventName");
        }

        /** The service, as CloudTrail's {@code eventSource} ({@code orders.shop.example}); {@code monitor.local} by default. */
        public Builder source(String eventSource) {
            this.eventSource = Objects.requireNonNull(eventSource, "eventSource");
            return this;
        }

        /** When the call was made; the trail's clock when not set. */
        public Builder time(Instant eventTime) {
            this.eventTime = eventTime;
            return this;
        }

        public Builder by(UserIdentity identity) {
            this.identity = identity;
            return this;
        }

        public Builder from(String sourceIpAddress) {
            this.sourceIpAddress = sourceIpAddress;
            return this;
        }

        public Builder userAgent(String userAgent) {
            this.userAgent = userAgent;
            return this;
        }

        public Builder request(Map<String, ?> parameters) {
            this.requestParameters = parameters == null ? null : new LinkedHashMap<>(parameters);
            return this;
        }

        public Builder response(Map<String, ?> elements) {
            this.responseElements = elements == null ? null : new LinkedHashMap<>(elements);
            return this;
        }

        /** The call failed: CloudTrail's {@code errorCode} and {@code errorMessage}. */
        public Builder error(String code, String message) {
            this.errorCode = code;
            this.errorMessage = message;
            return this;
        }

        public Builder requestId(String requestId) {
            this.requestId = requestId;
            return this;
        }

        public Builder resource(AuditResource resource) {
            resources.add(Objects.requireNonNull(resource, "resource"));
            return this;
        }

        /** A call that only reads ({@code readOnly: true}); calls write by default. */
        public Builder read() {
            this.readOnly = true;
            return this;
        }

        public Builder write() {
            this.readOnly = false;
            return this;
        }

        /** A data event (an operation on a resource's data) rather than a management event. */
        public Builder data() {
            this.category = Category.DATA;
            return this;
        }

        /**
         * A console sign-in ({@code eventType: AwsConsoleSignIn}, such as {@code ConsoleLogin} from
         * {@code signin.amazonaws.com}) rather than an API call: EventBridge delivers it as "AWS Console
         * Sign In via CloudTrail" (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html).
         */
        public Builder consoleSignIn() {
            this.eventType = "AwsConsoleSignIn";
            return this;
        }

        public AuditEvent build() {
            return new AuditEvent(this);
        }
    }
}
