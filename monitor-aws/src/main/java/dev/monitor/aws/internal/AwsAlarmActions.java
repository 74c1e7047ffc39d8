package dev.monitor.aws.internal;

import dev.monitor.aws.AwsClientSettings;
import dev.monitor.core.alarms.AlarmAction;
import dev.monitor.core.alarms.AlarmActionArn;
import dev.monitor.core.alarms.AlarmActionProvider;
import dev.monitor.core.alarms.AlarmStateChange;
import dev.monitor.core.export.UsageMeter;
import java.net.URI;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.OpsItemDataType;
import software.amazon.awssdk.services.ssm.model.OpsItemDataValue;

/**
 * CloudWatch's alarm actions by ARN, on AWS itself
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html):
 *
 * <ul>
 *   <li>SNS topic: {@code Publish} with the alarm notification JSON as the message and the subject
 *       CloudWatch gives it, {@code ALARM: "name" in US East (N. Virginia)};</li>
 *   <li>Lambda function: {@code Invoke}, invocation type {@code Event} (asynchronous, as CloudWatch
 *       invokes), with the event CloudWatch invokes with ({@link AlarmStateChange#lambdaEventJson()});</li>
 *   <li>{@code arn:aws:automate:region:ec2:stop|terminate|reboot}: {@code StopInstances},
 *       {@code TerminateInstances} or {@code RebootInstances} on the instance this process runs on
 *       (its id from IMDSv2, on first use); {@code recover} is refused: see {@link #create};</li>
 *   <li>Auto Scaling policy: {@code ExecutePolicy} with the group and policy names of the ARN,
 *       repeated at each evaluation while the alarm stays in state, as CloudWatch repeats scaling
 *       actions: a simple scaling policy honouring its cooldown, a step scaling policy (found once
 *       with {@code DescribePolicies}) with the alarm's latest datapoint and threshold;</li>
 *   <li>OpsItem: {@code CreateOpsItem} with the ARN's severity and category, source
 *       {@code CloudWatch Alarms}, deduplicated by the alarm's ARN.</li>
 * </ul>
 *
 * <p>Region and endpoint: see {@link ActionClients}. Each action builds its client once and is
 * closed with the monitor; its calls count in the context's metrics ({@code CallCount}), its
 * billable ones (publishes, invocations, OpsItems) in the context's usage meter.
 */
public final class AwsAlarmActions implements AlarmActionProvider {
    private final Function<String, AwsClientSettings> settings;
    private final Supplier<URI> metadataEndpoint;

    /** The provider {@link java.util.ServiceLoader} makes: settings from the system properties. */
    public AwsAlarmActions() {
        this(ActionClients.fromSystemProperties(), InstanceMetadata::configuredEndpoint);
    }

    AwsAlarmActions(Function<String, AwsClientSettings> settings, Supplier<URI> metadataEndpoint) {
        this.settings = settings;
        this.metadataEndpoint = metadataEndpoint;
    }

    @Override
    public Set<AlarmActionArn.Kind> kinds() {
        return EnumSet.of(AlarmActionArn.Kind.SNS, AlarmActionArn.Kind.LAMBDA, AlarmActionArn.Kind.EC2,
                AlarmActionArn.Kind.AUTOSCALING, AlarmActionArn.Kind.SSM_OPSITEM);
    }

    /**
     * @throws IllegalArgumentException for {@code recover}: CloudWatch's recover action moves the
     *                                  instance to other hardware by means EC2's API does not offer (its model, botocore's
     *                                  {@code ec2} service, has no operation whose name holds "Recover"); an instance gets the
     *                                  same from EC2's simplified automatic recovery or a CloudWatch alarm in AWS itself
     *                                  (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-recover.html)
     */
    @Override
    public AlarmAction create(AlarmActionArn arn, Context context) {
        AwsClientSettings aws = settings.apply(arn.region());
        return switch (arn.kind()) {
            case SNS -> new Publish(arn, aws, context);
            case LAMBDA -> new Invoke(arn, aws, context);
            case EC2 -> {
                if (arn.resource().equals("recover")) {
                    throw new IllegalArgumentException("'" + arn.arn() + "': the EC2 API offers no operation to recover an "
                            + "instance (CloudWatch's recover action is internal to AWS); use EC2's simplified automatic recovery "
                            + "(ModifyInstanceMaintenanceOptions, AutoRecovery=default) or a CloudWatch alarm in AWS, or stop|terminate|reboot here");
                }
                yield new Ec2(arn, aws, context, new InstanceMetadata(metadataEndpoint.get()));
            }
            case AUTOSCALING -> new ExecutePolicy(arn, aws, context);
            case SSM_OPSITEM -> new OpsItem(arn, aws, context);
            default -> throw new IllegalArgumentException("'" + arn.arn() + "' is a " + arn.kind() + " action, which "
                    + "monitor-aws does not take; it takes " + kinds());
        };
    }

    /**
     * The subject CloudWatch gives its SNS notifications, {@code ALARM: "name" in Asia Pacific (Tokyo)}: the new
     * state, the alarm's name in quotes and the region's long name. No AWS page defines it; this is the
     * form of recorded notifications (https://gist.github.com/totegamma/9dd1393d1b71d45ea39994e30afa10ea).
     * Kept within SNS's rule for subjects, ASCII without control characters and under 100 characters
     * (https://docs.aws.amazon.com/sns/latest/api/API_Publish.html).
     */
    static String subject(AlarmStateChange change) {
        String subject = change.current().value() + ": \"" + change.alarmName() + "\" in " + change.regionName();
        StringBuilder ascii = new StringBuilder();
        for (char c : subject.toCharArray()) {
            ascii.append(c >= 32 && c < 127 ? c : '?'); // SNS: ASCII, no line breaks or control characters
        }
        return ascii.length() < 100 ? ascii.toString() : ascii.substring(0, 99);
    }

    /** An SNS topic. */
    static final class Publish implements AlarmAction, AutoCloseable {
        private final ActionClients.SnsTopic topic;

        Publish(AlarmActionArn arn, AwsClientSettings aws, Context context) {
            this.topic = new ActionClients.SnsTopic(arn.arn(), aws, context.self(), context.usage());
        }

        @Override
        public void run(AlarmStateChange change) {
            topic.publish(subject(change), change.notificationJson());
        }

        @Override
        public void close() {
            topic.close();
        }
    }

    /** A Lambda function, invoked asynchronously with the event CloudWatch invokes alarm actions with. */
    static final class Invoke implements AlarmAction, AutoCloseable {
        private final ActionClients.LambdaFunction function;

        Invoke(AlarmActionArn arn, AwsClientSettings aws, Context context) {
            this.function = new ActionClients.LambdaFunction(arn.arn(), aws, context.self(), context.usage());
        }

        @Override
        public void run(AlarmStateChange change) {
            function.invoke(change.lambdaEventJson());
        }

        @Override
        public void close() {
            function.close();
        }
    }

    /** Stop, terminate or reboot this instance. */
    static final class Ec2 implements AlarmAction, AutoCloseable {
        private final AwsClients clients;
        private final Ec2Client ec2;
        private final String operation;
        private final InstanceMetadata metadata;
        private volatile String instanceId;

        Ec2(AlarmActionArn arn, AwsClientSettings aws, Context context, InstanceMetadata metadata) {
            this.clients = ActionClients.open(arn.arn(), aws, context.self());
            this.ec2 = clients.build(Ec2Client.builder());
            this.operation = arn.resource();
            this.metadata = metadata;
        }

        @Override
        public void run(AlarmStateChange change) {
            String id = instanceId;
            if (id == null) {
                id = metadata.instanceId();
                instanceId = id;
            }
            String instance = id;
            switch (operation) {
                case "stop" -> ec2.stopInstances(r -> r.instanceIds(instance));
                case "terminate" -> ec2.terminateInstances(r -> r.instanceIds(instance));
                case "reboot" -> ec2.rebootInstances(r -> r.instanceIds(instance));
                default -> throw new IllegalStateException("no EC2 operation '" + operation + "'");
            }
        }

        @Override
        public void close() {
            clients.close();
        }
    }

    /** An Auto Scaling policy. */
    static final class ExecutePolicy implements AlarmAction, AutoCloseable {
        private final AwsClients clients;
        private final AutoScalingClient autoScaling;
        private final String group;
        private final String policy;
        /** Whether the policy is a step scaling policy; asked once, with DescribePolicies. */
        private volatile Boolean stepScaling;

        ExecutePolicy(AlarmActionArn arn, AwsClientSettings aws, Context context) {
            this.clients = ActionClients.open(arn.arn(), aws, context.self());
            this.autoScaling = clients.build(AutoScalingClient.builder());
            // resource: <uuid>:autoScalingGroupName/<group>:policyName/<policy>
            String resource = arn.resource();
            int groupAt = resource.indexOf(":autoScalingGroupName/");
            int policyAt = resource.indexOf(":policyName/");
            this.group = resource.substring(groupAt + ":autoScalingGroupName/".length(), policyAt);
            this.policy = resource.substring(policyAt + ":policyName/".length());
        }

        @Override
        public void run(AlarmStateChange change) {
            if (stepScaling == null) {
                stepScaling = autoScaling.describePolicies(r -> r.autoScalingGroupName(group).policyNames(policy))
                        .scalingPolicies().stream().anyMatch(p -> "StepScaling".equals(p.policyType()));
            }
            double[] breach = stepScaling ? breach(change) : null;
            autoScaling.executePolicy(r -> {
                r.autoScalingGroupName(group).policyName(policy);
                if (breach != null) { // a step policy picks its step from the value and the threshold
                    r.metricValue(breach[0]).breachThreshold(breach[1]);
                } else {
                    r.honorCooldown(true); // taken by simple scaling policies only
                }
            });
        }

        /**
         * The latest datapoint and the threshold of the change's reason data ({@code recentDatapoints},
         * {@code threshold}), which ExecutePolicy requires for a step scaling policy
         * (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_ExecutePolicy.html).
         *
         * @throws IllegalStateException when the change has neither, as for an alarm set by hand
         */
        static double[] breach(AlarmStateChange change) {
            String data = change.current().reasonData();
            try {
                if (data != null) {
                    java.util.Map<String, JsonNode> reason = JsonNode.parser().parse(data).asObject();
                    JsonNode recent = reason.get("recentDatapoints");
                    JsonNode threshold = reason.get("threshold");
                    if (recent != null && recent.isArray() && !recent.asArray().isEmpty() && threshold != null && threshold.isNumber()) {
                        JsonNode last = recent.asArray().get(recent.asArray().size() - 1);
                        return new double[] {Double.parseDouble(last.asNumber()), Double.parseDouble(threshold.asNumber())};
                    }
                }
            } catch (RuntimeException e) {
                // reported below
            }
            throw new IllegalStateException("a step scaling policy needs the breaching value and the threshold, "
                    + "which the state change of alarm '" + change.alarmName() + "' does not carry (reason data: " + data + ")");
        }

        @Override
        public boolean repeatsWhileInState() {
            return true;
        }

        @Override
        public void close() {
            clients.close();
        }
    }

    /** An OpsItem in Systems Manager OpsCenter. */
    static final class OpsItem implements AlarmAction, AutoCloseable {
        private final AwsClients clients;
        private final SsmClient ssm;
        private final String severity;
        private final String category;
        private final UsageMeter usage;

        OpsItem(AlarmActionArn arn, AwsClientSettings aws, Context context) {
            this.clients = ActionClients.open(arn.arn(), aws, context.self());
            this.usage = context.usage();
            this.ssm = clients.build(SsmClient.builder());
            String resource = arn.resource(); // severity[#CATEGORY=category]
            int hash = resource.indexOf("#CATEGORY=");
            this.severity = hash < 0 ? resource : resource.substring(0, hash);
            this.category = hash < 0 ? null : resource.substring(hash + "#CATEGORY=".length());
        }

        @Override
        public void run(AlarmStateChange change) {
            String title = "CloudWatch alarm - '" + change.alarmName() + "' is in " + change.current().value() + " state";
            String description = change.current().reason();
            if (change.alarm().description() != null && !change.alarm().description().isBlank()) {
                description = change.alarm().description() + "\n\n" + description;
            }
            String dedup = "{\"dedupString\":\"" + change.alarmArn().replace("\"", "") + "\"}";
            String body = description.length() <= 2048 ? description : description.substring(0, 2048);
            ssm.createOpsItem(r -> {
                r.title(title.length() <= 1024 ? title : title.substring(0, 1024)).description(body)
                        .source("CloudWatch Alarms").severity(severity)
                        .operationalData(Map.of("/aws/dedup", OpsItemDataValue.builder().type(OpsItemDataType.SEARCHABLE_STRING)
                                .value(dedup).build(), "/aws/resources", OpsItemDataValue.builder()
                                .type(OpsItemDataType.SEARCHABLE_STRING).value("[{\"arn\":\"" + change.alarmArn() + "\"}]").build()));
                if (category != null) {
                    r.category(category);
                }
            });
            usage.record("AWSSystemsManager", "OpsCenter-OpsItems", 1);
        }

        @Override
        public void close() {
            clients.close();
        }
    }
}
