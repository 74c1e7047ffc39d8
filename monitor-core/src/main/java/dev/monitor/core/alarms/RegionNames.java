package dev.monitor.core.alarms;

import java.util.Map;

/**
 * AWS regions' long names as CloudWatch writes them in alarm notifications ({@code "Region":"EU (Ireland)"},
 * subject {@code ALARM: "name" in US East (N. Virginia)}): the names of AWS's price list locations, which keep
 * "EU" where the console now writes "Europe". AWS's schema of the notification
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html) gives
 * {@code Region} as a string without listing the names; recorded notifications show these
 * ("EU (Ireland)", "US East (N. Virginia)").
 */
final class RegionNames {
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("us-east-1", "US East (N. Virginia)"),
            Map.entry("us-east-2", "US East (Ohio)"),
            Map.entry("us-west-1", "US West (N. California)"),
            Map.entry("us-west-2", "US West (Oregon)"),
            Map.entry("af-south-1", "Africa (Cape Town)"),
            Map.entry("ap-east-1", "Asia Pacific (Hong Kong)"),
            Map.entry("ap-east-2", "Asia Pacific (Taipei)"),
            Map.entry("ap-south-1", "Asia Pacific (Mumbai)"),
            Map.entry("ap-south-2", "Asia Pacific (Hyderabad)"),
            Map.entry("ap-southeast-1", "Asia Pacific (Singapore)"),
            Map.entry("ap-southeast-2", "Asia Pacific (Sydney)"),
            Map.entry("ap-southeast-3", "Asia Pacific (Jakarta)"),
            Map.entry("ap-southeast-4", "Asia Pacific (Melbourne)"),
            Map.entry("ap-southeast-5", "Asia Pacific (Malaysia)"),
            Map.entry("ap-southeast-6", "Asia Pacific (New Zealand)"),
            Map.entry("ap-southeast-7", "Asia Pacific (Thailand)"),
            Map.entry("ap-northeast-1", "Asia Pacific (Tokyo)"),
            Map.entry("ap-northeast-2", "Asia Pacific (Seoul)"),
            Map.entry("ap-northeast-3", "Asia Pacific (Osaka)"),
            Map.entry("ca-central-1", "Canada (Central)"),
            Map.entry("ca-west-1", "Canada West (Calgary)"),
            Map.entry("eu-central-1", "EU (Frankfurt)"),
            Map.entry("eu-central-2", "EU (Zurich)"),
            Map.entry("eu-west-1", "EU (Ireland)"),
            Map.entry("eu-west-2", "EU (London)"),
            Map.entry("eu-west-3", "EU (Paris)"),
            Map.entry("eu-south-1", "EU (Milan)"),
            Map.entry("eu-south-2", "EU (Spain)"),
            Map.entry("eu-north-1", "EU (Stockholm)"),
            Map.entry("il-central-1", "Israel (Tel Aviv)"),
            Map.entry("me-south-1", "Middle East (Bahrain)"),
            Map.entry("me-central-1", "Middle East (UAE)"),
            Map.entry("mx-central-1", "Mexico (Central)"),
            Map.entry("sa-east-1", "South America (Sao Paulo)"),
            Map.entry("us-gov-east-1", "AWS GovCloud (US-East)"),
            Map.entry("us-gov-west-1", "AWS GovCloud (US-West)"),
            Map.entry("cn-north-1", "China (Beijing)"),
            Map.entry("cn-northwest-1", "China (Ningxia)"));

    private RegionNames() {
    }

    /** The long name of {@code region}; the id itself for a region not listed (a local one, a newer one). */
    static String longName(String region) {
        return region == null ? null : NAMES.getOrDefault(region, region);
    }

    /** Every region listed, id to long name. */
    static Map<String, String> all() {
        return NAMES;
    }
}
