package dev.monitor.aws.internal;

import dev.monitor.aws.AwsClientSettings;
import dev.monitor.core.events.EventHandler;
import dev.monitor.core.events.TargetException;
import dev.monitor.core.events.TargetProvider;
import dev.monitor.core.export.UsageMeter;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Rule targets by ARN on AWS itself: an EventBridge bus ({@code PutEvents} of the event, its
 * {@code source}, {@code detail-type}, {@code detail}, {@code resources} and {@code time} kept),
 * an SNS topic ({@code Publish} with the input as the message) and a Lambda function
 * ({@code Invoke}, type {@code Event}, as EventBridge invokes functions asynchronously). Failures
 * are thrown as {@link TargetException} with EventBridge's dead-letter codes (see
 * {@link ActionClients#targetFailure}). Region and endpoint: see {@link ActionClients}.
 */
public final class AwsTargets implements TargetProvider {
    private static final Pattern BUS = Pattern.compile("arn:aws[a-z-]*:events:([a-z0-9-]+):(\\d{12}):event-bus/([A-Za-z0-9._\\-/]{1,256})");
    private static final Pattern TOPIC = Pattern.compile("arn:aws[a-z-]*:sns:([a-z0-9-]+):(\\d{12}):[A-Za-z0-9_-]{1,256}(\\.fifo)?");
    private static final Pattern FUNCTION = Pattern.compile(
            "arn:aws[a-z-]*:lambda:([a-z0-9-]+):(\\d{12}):function:[a-zA-Z0-9_-]{1,64}(:(\\$LATEST|[a-zA-Z0-9_-]{1,128}))?");

    private final Function<String, AwsClientSettings> settings;

    /** The provider {@link java.util.ServiceLoader} makes: settings from the system properties. */
    public AwsTargets() {
        this(ActionClients.fromSystemProperties());
    }

    AwsTargets(Function<String, AwsClientSettings> settings) {
        this.settings = settings;
    }

    @Override
    public Set<String> services() {
        return Set.of("events", "sns", "lambda");
    }

    @Override
    public EventHandler create(String arn, Context context) {
        String service = arn.split(":", 4).length > 2 ? arn.split(":", 4)[2] : "";
        return switch (service) {
            case "events" -> new PutEvents(arn, settings.apply(region(arn, BUS, "arn:aws:events:region:account-id:event-bus/name")),
                    context);
            case "sns" -> new Publish(new ActionClients.SnsTopic(arn, settings.apply(region(arn, TOPIC,
                    "arn:aws:sns:region:account-id:topic-name")), context.self(), context.usage()), arn);
            case "lambda" -> new Invoke(new ActionClients.LambdaFunction(arn, settings.apply(region(arn, FUNCTION,
                    "arn:aws:lambda:region:account-id:function:name[:version-or-alias]")), context.self(), context.usage()), arn);
            default -> throw new IllegalArgumentException("'" + arn + "': monitor-aws delivers to " + services() + " ARNs");
        };
    }

    private static String region(String arn, Pattern form, String expected) {
        Matcher m = form.matcher(arn);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + arn + "' is not a target ARN of the form " + expected);
        }
        return m.group(1);
    }

    /** An event bus in EventBridge. */
    static final class PutEvents implements EventHandler, AutoCloseable {
        private final String arn;
        private final AwsClients clients;
        private final EventBridgeClient events;
        private final UsageMeter usage;

        PutEvents(String arn, AwsClientSettings aws, Context context) {
            this.arn = arn;
            this.clients = ActionClients.open(arn, aws, context.self());
            this.events = clients.build(EventBridgeClient.builder());
            this.usage = context.usage();
        }

        @Override
        public void handle(String input) throws TargetException {
            PutEventsRequestEntry entry;
            try {
                entry = EventBridgeExporter.entry(input).eventBusName(arn).build();
            } catch (IllegalArgumentException e) {
                throw new TargetException("INVALID_JSON", false, arn + ": " + e.getMessage(), e);
            }
            PutEventsResponse response;
            try {
                response = events.putEvents(r -> r.entries(entry));
            } catch (SdkException e) {
                throw ActionClients.targetFailure(arn, e);
            }
            if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
                PutEventsResultEntry failed = response.entries().get(0);
                boolean retry = EventBridgeExporter.isRetryable(failed.errorCode());
                throw new TargetException(retry ? "THROTTLING" : "INVALID_PARAMETER", retry,
                        arn + ": PutEvents failed the entry: " + failed.errorCode() + ": " + failed.errorMessage());
            }
            usage.record("AWSEvents", "Event-64K-Chunks", EventBridgeExporter.chunks(EventBridgeExporter.size(entry)));
        }

        @Override
        public void close() {
            clients.close();
        }
    }

    /** An SNS topic: the input is the message. */
    record Publish(ActionClients.SnsTopic topic, String arn) implements EventHandler, AutoCloseable {
        @Override
        public void handle(String input) throws TargetException {
            try {
                topic.publish(null, input);
            } catch (SdkException e) {
                throw ActionClients.targetFailure(arn, e);
            }
        }

        @Override
        public void close() {
            topic.close();
        }
    }

    /** A Lambda function, invoked asynchronously with the input. */
    record Invoke(ActionClients.LambdaFunction function, String arn) implements EventHandler, AutoCloseable {
        @Override
        public void handle(String input) throws TargetException {
            try {
                function.invoke(input);
            } catch (SdkException e) {
                throw ActionClients.targetFailure(arn, e);
            }
        }

        @Override
        public void close() {
            function.close();
        }
    }
}
