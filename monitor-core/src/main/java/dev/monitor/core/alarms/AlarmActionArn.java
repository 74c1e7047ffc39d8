package dev.monitor.core.alarms;

import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An alarm action named by ARN, as PutMetricAlarm and PutCompositeAlarm accept it in
 * {@code AlarmActions}, {@code OKActions} and {@code InsufficientDataActions}
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html).
 * {@link #parse} checks an ARN against the form of its kind; an {@link AlarmActionProvider} on the
 * class path turns it into an {@link AlarmAction}.
 *
 * @param arn      the ARN as written
 * @param kind     which of CloudWatch's action kinds it is
 * @param region   the ARN's region; empty for Incident Manager response plans, which have none
 * @param account  the ARN's account; empty for EC2 actions ({@code arn:aws:automate:region:ec2:stop})
 * @param resource what the kind acts on: the EC2 operation ({@code stop}, {@code terminate},
 *                 {@code reboot}, {@code recover}), the topic name, the function name with its
 *                 version or alias, the OpsItem's {@code severity} with its {@code #CATEGORY=},
 *                 the response plan or investigation group, or the scaling policy's part after
 *                 {@code scalingPolicy:}
 */
public record AlarmActionArn(String arn, Kind kind, String region, String account, String resource) {

    /** CloudWatch's action kinds, each with the form its documentation gives. */
    public enum Kind {
        EC2("arn:aws:automate:region:ec2:stop|terminate|reboot|recover"),
        AUTOSCALING("arn:aws:autoscaling:region:account-id:scalingPolicy:policy-id:autoScalingGroupName/group-name:policyName/policy-name"),
        LAMBDA("arn:aws:lambda:region:account-id:function:function-name[:version-or-alias]"),
        SNS("arn:aws:sns:region:account-id:topic-name"),
        SSM_OPSITEM("arn:aws:ssm:region:account-id:opsitem:severity[#CATEGORY=category-name]"),
        SSM_INCIDENT("arn:aws:ssm-incidents::account-id:responseplan/response-plan-name"),
        INVESTIGATION("arn:aws:aiops:region:account-id:investigation-group:investigation-group-id");

        private final String form;

        Kind(String form) {
            this.form = form;
        }

        /** The ARN's form, as CloudWatch's documentation writes it. */
        public String form() {
            return form;
        }

        /** Whether a composite alarm may take it: PutCompositeAlarm accepts SNS, Lambda, OpsItem and investigation actions only. */
        public boolean forCompositeAlarms() {
            return this == SNS || this == LAMBDA || this == SSM_OPSITEM || this == INVESTIGATION;
        }
    }

    private static final Pattern ARN = Pattern.compile("arn:(aws[a-z-]*):([a-z0-9-]+):([a-z0-9-]*):([^:]*):(.+)");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern SWF_EC2 =
            Pattern.compile("action/actions/AWS_EC2\\.InstanceId\\.(Stop|Terminate|Reboot|Recover)/1\\.0");
    private static final Pattern SCALING_POLICY = Pattern.compile(
            "scalingPolicy:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
                    + ":autoScalingGroupName/[^:]{1,255}:policyName/[^:]{1,255}");
    private static final Pattern FUNCTION = Pattern.compile("function:[a-zA-Z0-9_-]{1,64}(:(\\$LATEST|[a-zA-Z0-9_-]{1,128}))?");
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9_-]{1,256}(\\.fifo)?");
    private static final Pattern OPSITEM = Pattern.compile("opsitem:([1-4])(#CATEGORY=[^#]{1,64})?");
    private static final Pattern RESPONSE_PLAN = Pattern.compile("responseplan/[a-zA-Z0-9_-]{1,200}");
    private static final Pattern INVESTIGATION_GROUP = Pattern.compile("investigation-group:[A-Za-z0-9]{1,64}");

    public AlarmActionArn {
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(resource, "resource");
    }

    /** Whether {@code name} is written as an ARN (starts with {@code arn:}) rather than as the name of a registered action. */
    public static boolean isArn(String name) {
        return name != null && name.startsWith("arn:");
    }

    /**
     * Reads an action ARN.
     *
     * @throws IllegalArgumentException naming the ARN and the form it breaks, or listing the forms
     *                                  CloudWatch accepts when it is of none of its kinds
     */
    public static AlarmActionArn parse(String arn) {
        Objects.requireNonNull(arn, "arn");
        if (arn.isEmpty() || arn.length() > 1024) {
            throw new IllegalArgumentException("Invalid arn syntax: '" + abbreviate(arn)
                    + "': an action ARN has 1 to 1024 characters, this has " + arn.length());
        }
        Matcher parts = ARN.matcher(arn);
        if (!parts.matches()) {
            throw new IllegalArgumentException("Invalid arn syntax: '" + arn
                    + "': expected arn:partition:service:region:account-id:resource; " + kinds());
        }
        String service = parts.group(2);
        String region = parts.group(3);
        String account = parts.group(4);
        String resource = parts.group(5);
        return switch (service) {
            case "automate" -> {
                region(arn, region, Kind.EC2);
                if (!"ec2".equals(account) || !resource.matches("stop|terminate|reboot|recover")) {
                    throw broken(arn, Kind.EC2);
                }
                yield new AlarmActionArn(arn, Kind.EC2, region, "", resource);
            }
            case "swf" -> {
                region(arn, region, Kind.EC2);
                account(arn, account, Kind.EC2);
                Matcher m = SWF_EC2.matcher(resource);
                if (!m.matches()) {
                    throw new IllegalArgumentException("Invalid arn syntax: '" + arn + "': an EC2 action by SWF ARN is "
                            + "arn:aws:swf:region:account-id:action/actions/AWS_EC2.InstanceId.Stop|Terminate|Reboot|Recover/1.0");
                }
                yield new AlarmActionArn(arn, Kind.EC2, region, account, m.group(1).toLowerCase(java.util.Locale.ROOT));
            }
            case "autoscaling" -> checked(arn, Kind.AUTOSCALING, region, account, resource, SCALING_POLICY, "scalingPolicy:".length());
            case "lambda" -> checked(arn, Kind.LAMBDA, region, account, resource, FUNCTION, "function:".length());
            case "sns" -> checked(arn, Kind.SNS, region, account, resource, TOPIC, 0);
            case "ssm" -> checked(arn, Kind.SSM_OPSITEM, region, account, resource, OPSITEM, "opsitem:".length());
            case "ssm-incidents" -> {
                if (!region.isEmpty()) {
                    throw new IllegalArgumentException("Invalid arn syntax: '" + arn + "': a response plan's ARN has no region: "
                            + Kind.SSM_INCIDENT.form());
                }
                account(arn, account, Kind.SSM_INCIDENT);
                if (!RESPONSE_PLAN.matcher(resource).matches()) {
                    throw broken(arn, Kind.SSM_INCIDENT);
                }
                yield new AlarmActionArn(arn, Kind.SSM_INCIDENT, "", account, resource.substring("responseplan/".length()));
            }
            case "aiops" -> checked(arn, Kind.INVESTIGATION, region, account, resource, INVESTIGATION_GROUP,
                    "investigation-group:".length());
            default -> throw new IllegalArgumentException("'" + arn + "' is not an action CloudWatch alarms take (service '"
                    + service + "'); " + kinds());
        };
    }

    private static AlarmActionArn checked(String arn, Kind kind, String region, String account, String resource,
                                          Pattern form, int skip) {
        region(arn, region, kind);
        account(arn, account, kind);
        if (!form.matcher(resource).matches()) {
            throw broken(arn, kind);
        }
        return new AlarmActionArn(arn, kind, region, account, resource.substring(skip));
    }

    private static void region(String arn, String region, Kind kind) {
        if (!REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("Invalid arn syntax: '" + arn + "': '" + region
                    + "' is not a region such as us-east-1; expected " + kind.form());
        }
    }

    private static void account(String arn, String account, Kind kind) {
        if (!ACCOUNT.matcher(account).matches()) {
            throw new IllegalArgumentException("Invalid arn syntax: '" + arn + "': the account id '" + account
                    + "' must be 12 digits; expected " + kind.form());
        }
    }

    private static IllegalArgumentException broken(String arn, Kind kind) {
        return new IllegalArgumentException("Invalid arn syntax: '" + arn + "': expected " + kind.form());
    }

    /** The kinds and their forms, for messages. */
    static String kinds() {
        return "CloudWatch accepts these action ARNs: " + Arrays.stream(Kind.values())
                .map(k -> k + " (" + k.form() + ")").collect(Collectors.joining(", "));
    }

    private static String abbreviate(String arn) {
        return arn.length() <= 80 ? arn : arn.substring(0, 80) + "...";
    }
}
