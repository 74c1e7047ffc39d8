package dev.monitor.core.events;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a rule sends the events it matches, as an EventBridge target: a {@linkplain #handler Java
 * handler}, a {@linkplain #logGroup log group}, a {@linkplain #topic topic} (the alarms' topics), an
 * {@linkplain #apiDestination API destination} (a webhook), another {@linkplain #eventBus event bus},
 * a {@linkplain #metric metric} that counts the matches, or a resource named by {@linkplain #arn ARN}
 * (an EventBridge bus, an SNS topic, a Lambda function) that a {@link TargetProvider} delivers to. By default the target receives the
 * event's JSON; {@link #withInput}, {@link #withInputPath} or {@link #withInputTransformer} (one of
 * them) change that, exactly as EventBridge's {@code Input}, {@code InputPath} and
 * {@code InputTransformer} do. Immutable; the {@code with} methods return a changed copy.
 */
public final class Target {
    private static final Pattern ID = Pattern.compile("[.\\-_A-Za-z0-9]{1,64}");

    /** The kinds of target. */
    public enum Kind {
        HANDLER, LOG_GROUP, TOPIC, API_DESTINATION, EVENT_BUS, METRIC,
        /** A resource named by ARN, delivered to by a {@link TargetProvider} on the class path. */
        ARN
    }

    private static final Pattern ARN = Pattern.compile("arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:[0-9]*:.+");

    private final String id;
    private final Kind kind;
    /** The log group, topic, API destination or bus name; the metric's name. */
    private final String destination;
    /** The metric's namespace; null for other kinds. */
    private final String namespace;
    private final EventHandler handler;
    private final String input;
    private final String inputPath;
    private final InputTransformer inputTransformer;
    private final RetryPolicy retryPolicy;

    private Target(String id, Kind kind, String destination, String namespace, EventHandler handler, String input, String inputPath,
                   InputTransformer inputTransformer, RetryPolicy retryPolicy) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("target id '" + id + "' is not valid: 1 to 64 of the letters, digits, '.', '-' and '_'");
        }
        this.id = id;
        this.kind = kind;
        this.destination = destination;
        this.namespace = namespace;
        this.handler = handler;
        this.input = input;
        this.inputPath = inputPath;
        this.inputTransformer = inputTransformer;
        this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
    }

    /** A Java handler, run on the monitor's delivery threads. */
    public static Target handler(String id, EventHandler handler) {
        return new Target(id, Kind.HANDLER, null, null, Objects.requireNonNull(handler, "handler"), null, null, null, RetryPolicy.DEFAULT);
    }

    /** A log group: each input becomes one log event of the group, in the monitor's log stream. */
    public static Target logGroup(String id, String group) {
        return new Target(id, Kind.LOG_GROUP, requireText(group, "log group"), null, null, null, null, null, RetryPolicy.DEFAULT);
    }

    /** A topic of the monitor's alarms ({@code monitor.alarms().topic(name)}): each input is published to its subscribers. */
    public static Target topic(String id, String topic) {
        return new Target(id, Kind.TOPIC, requireText(topic, "topic"), null, null, null, null, null, RetryPolicy.DEFAULT);
    }

    /** An API destination, by name: the input is the request body. */
    public static Target apiDestination(String id, String apiDestination) {
        return new Target(id, Kind.API_DESTINATION, requireText(apiDestination, "API destination"), null, null, null, null, null,
                RetryPolicy.DEFAULT);
    }

    /**
     * Another event bus: the event is put on it as it is (its rules see the same envelope, and
     * input settings do not apply). An event that has passed from bus to bus 5 times is taken for a
     * loop and dead-lettered.
     */
    public static Target eventBus(String id, String bus) {
        return new Target(id, Kind.EVENT_BUS, requireText(bus, "event bus"), null, null, null, null, null, RetryPolicy.DEFAULT);
    }

    /**
     * A resource named by its ARN, as EventBridge's {@code PutTargets} takes it (1 to 1600
     * characters): an EventBridge bus, an SNS topic, a Lambda function, delivered to by the
     * {@link TargetProvider} on the class path that handles the ARN's service. The rule is refused
     * when none does. The input settings apply as to any target.
     *
     * @throws IllegalArgumentException when {@code arn} is not of the form {@code arn:partition:service:region:account-id:resource}
     */
    public static Target arn(String id, String arn) {
        requireText(arn, "ARN");
        if (arn.length() > 1600 || !ARN.matcher(arn).matches()) {
            throw new IllegalArgumentException("target '" + id + "': Parameter " + arn
                    + " is not valid. Reason: Provided Arn is not in correct format; expected "
                    + "arn:partition:service:region:account-id:resource of at most 1600 characters");
        }
        return new Target(id, Kind.ARN, arn, null, null, null, null, null, RetryPolicy.DEFAULT);
    }

    /** The ARN's service, its third part ({@code sns}); null for targets not named by ARN. */
    public String arnService() {
        return kind == Kind.ARN ? destination.split(":", 4)[2] : null;
    }

    /** A counter {@code metricName} in {@code namespace}, incremented once per matched event. */
    public static Target metric(String id, String namespace, String metricName) {
        return new Target(id, Kind.METRIC, requireText(metricName, "metric name"), requireText(namespace, "namespace"), null, null, null,
                null, RetryPolicy.DEFAULT);
    }

    /** Sends {@code json} (constant JSON text, at most 8192 characters) instead of the event. */
    public Target withInput(String json) {
        Objects.requireNonNull(json, "json");
        if (json.length() > 8192) {
            throw new IllegalArgumentException("Input is " + json.length() + " characters long; the most is 8192");
        }
        TargetInput.requireJson(json, "Input");
        return new Target(id, kind, destination, namespace, handler, json, null, null, retryPolicy);
    }

    /** Sends the part of the event at {@code path} ({@code $.detail}), at most 256 characters. */
    public Target withInputPath(String path) {
        Objects.requireNonNull(path, "path");
        String problem = TargetInput.checkPath(path, 256);
        if (problem != null) {
            throw new IllegalArgumentException("InputPath " + problem);
        }
        return new Target(id, kind, destination, namespace, handler, null, path, null, retryPolicy);
    }

    /** Sends what {@code transformer} makes of the event. */
    public Target withInputTransformer(InputTransformer transformer) {
        return new Target(id, kind, destination, namespace, handler, null, null, Objects.requireNonNull(transformer, "transformer"),
                retryPolicy);
    }

    /** Retries as {@code policy} says (the default is EventBridge's: 185 retries within 24 hours). */
    public Target withRetryPolicy(RetryPolicy policy) {
        return new Target(id, kind, destination, namespace, handler, input, inputPath, inputTransformer, policy);
    }

    /**
     * What this target receives for {@code eventJson} matched by the rule {@code ruleName}
     * ({@code ruleArn}): the event, the constant input, the part at the input path, or the
     * transformer's output. Missing paths give {@code null} (in a template: nothing inside a string).
     *
     * @throws IllegalArgumentException when {@code eventJson} is not JSON
     */
    public String inputFor(String eventJson, String ruleName, String ruleArn, Instant ingestionTime) {
        if (input != null) {
            return input;
        }
        if (inputPath != null) {
            return TargetInput.select(eventJson, inputPath);
        }
        if (inputTransformer != null) {
            return TargetInput.transform(inputTransformer, eventJson, ruleName, ruleArn, ingestionTime);
        }
        return eventJson;
    }

    public String id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    /** The log group, topic, API destination or bus name, the metric's name, or the ARN. */
    public String destination() {
        return destination;
    }

    /** The metric's namespace; null for other kinds. */
    public String namespace() {
        return namespace;
    }

    /** The Java handler; null for other kinds. */
    public EventHandler handler() {
        return handler;
    }

    public String input() {
        return input;
    }

    public String inputPath() {
        return inputPath;
    }

    public InputTransformer inputTransformer() {
        return inputTransformer;
    }

    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a target's " + what + " must be given");
        }
        return value;
    }

    @Override
    public String toString() {
        return "Target[" + id + ": " + kind + (destination == null ? "" : " " + (namespace == null ? "" : namespace + "/") + destination) + "]";
    }
}
